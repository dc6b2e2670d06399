import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The scan engine runs inside the server process; keep native sqlite out of the bundle.
  serverExternalPackages: ["better-sqlite3"],
  poweredByHeader: false,
  // Lets a benchmark or a second checkout build beside a running dev server.
  distDir: process.env.NEXT_DIST_DIR || ".next",
};

export default nextConfig;
