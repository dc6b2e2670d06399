import type { NextConfig } from "next";
import { NON_DOCUMENT_CSP, STATIC_SECURITY_HEADERS } from "./lib/auth/security-headers";

const nextConfig: NextConfig = {
  // The scan engine runs inside the server process; keep native sqlite out of the bundle.
  serverExternalPackages: ["better-sqlite3"],
  poweredByHeader: false,
  // Lets a benchmark or a second checkout build beside a running dev server.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  experimental: {
    // Pages take no bodies (no server actions). Whatever the proxy buffers is capped here; API
    // routes are outside the proxy's matcher and bound their bodies while streaming (lib/http.ts).
    proxyClientMaxBodySize: "1mb",
  },
  async headers() {
    return [
      { source: "/:path*", headers: [...STATIC_SECURITY_HEADERS] },
      // Pages get a per-request nonce CSP from proxy.ts; the rest is never a document.
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: NON_DOCUMENT_CSP }] },
      { source: "/_next/static/:path*", headers: [{ key: "Content-Security-Policy", value: NON_DOCUMENT_CSP }] },
    ];
  },
};

export default nextConfig;
