import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and WASM database drivers stay outside the bundle.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg", "@prisma/adapter-pg", "pino"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
