// Prisma CLI configuration (prisma generate, prisma migrate …). See docs/database.md.
import path from "node:path";
import { defineConfig } from "prisma/config";

// Prisma's native schema engine is a binary the CLI downloads; where that is impossible (offline machines)
// the CLI runs a stand-in over @prisma/schema-engine-wasm. Set PRISMA_SCHEMA_ENGINE_BINARY to use another one.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve(import.meta.dirname, "scripts/schema-engine-shim.mjs");

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  // Only migrate commands need a database: point DATABASE_URL at a PostgreSQL database you may reset.
  // `prisma generate` needs none.
  ...(process.env.DATABASE_URL ? { datasource: { url: process.env.DATABASE_URL } } : {}),
});
