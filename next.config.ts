import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The scan engine runs inside the server process; keep native sqlite out of the bundle.
  serverExternalPackages: ["better-sqlite3"],
  poweredByHeader: false,
};

export default nextConfig;
