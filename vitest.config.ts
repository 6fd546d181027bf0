import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };

// Integration suites run twice: once on the embedded PGlite, once on the real PostgreSQL server.
const integration = (db: "pglite" | "postgres") => ({
  resolve: { alias },
  test: {
    name: `integration-${db}`,
    include: ["tests/integration/**/*.test.ts"],
    environment: "node" as const,
    env: { HFM_TEST_DB: db },
    // next-auth imports "next/server" the way bundlers resolve it; let Vite resolve it too.
    server: { deps: { inline: ["next-auth"] } },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node", testTimeout: 30_000 },
      },
      integration("pglite"),
      integration("postgres"),
    ],
  },
});
