// Fails when prisma/schema.prisma and prisma/migrations disagree (a model change without its migration).
// Runs the real Prisma CLI through the wasm schema engine shim: the migrations are replayed into a shadow
// database — a temporary database on the PostgreSQL server (integration-postgres), or an in-memory PGlite
// (integration-pglite, no DATABASE_URL) — and compared with the schema.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDbKind, testPostgresUrl } from "@/tests/support/db";

const prismaBin = path.resolve("node_modules/.bin/prisma");

function migrateDiff(schemaPath: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (testDbKind() === "postgres") env.DATABASE_URL = testPostgresUrl();
  else delete env.DATABASE_URL;
  return new Promise((resolve) => {
    execFile(
      prismaBin,
      ["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", schemaPath, "--exit-code"],
      { env, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function shadowDatabases(): Promise<string[]> {
  const client = new pg.Client({ connectionString: testPostgresUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'",
    );
    return rows.map((r) => r.datname);
  } finally {
    await client.end();
  }
}

describe("schema.prisma and the migration history", () => {
  let tmp: string;
  let shadowsBefore: string[] = [];
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), "hfm-schema-drift-"));
    if (testDbKind() === "postgres") shadowsBefore = await shadowDatabases();
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it("agree: replaying prisma/migrations gives exactly prisma/schema.prisma", async () => {
    const result = await migrateDiff("prisma/schema.prisma");
    expect(
      result.code,
      `schema.prisma has changes that no migration contains. Create one with \`npm run db:migrate -- --name <name>\` ` +
        `(docs/database.md).\n${result.stdout}\n${result.stderr}`,
    ).toBe(0);
  });

  it("are reported as different when the schema gains a field without a migration", async () => {
    const schema = await readFile("prisma/schema.prisma", "utf8");
    const changed = schema.replace(/model Setting \{\n/, "model Setting {\n  driftProbe String?\n");
    expect(changed).not.toBe(schema);
    const copy = path.join(tmp, "schema.prisma");
    await writeFile(copy, changed);

    const result = await migrateDiff(copy);
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(2);
    expect(result.stdout).toContain("Setting");
    expect(result.stdout).toMatch(/Added column `driftProbe`/);
  });

  it.runIf(testDbKind() === "postgres")("leaves no shadow database behind on the server", async () => {
    const leftover = (await shadowDatabases()).filter((name) => !shadowsBefore.includes(name));
    // Another process may be diffing right now; ours are dropped as soon as each command ends.
    expect(leftover).toEqual([]);
  });
});
