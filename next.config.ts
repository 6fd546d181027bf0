import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and WASM database drivers stay outside the bundle.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg", "@prisma/adapter-pg", "pino"],
  poweredByHeader: false,
  typedRoutes: false,
  // `next build` type-checks the app only; `npm run typecheck` checks everything, tests included.
  typescript: { tsconfigPath: "tsconfig.app.json" },
};

export default nextConfig;
