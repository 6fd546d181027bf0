// A fresh, migrated database for an integration test file, on the engine chosen by HFM_TEST_DB:
// "pglite" (default) → a temp data folder, removed on close;
// "postgres" → database hfm_test_<random> on HFM_TEST_POSTGRES_URL, dropped on close.
import { createHash, randomBytes } from "node:crypto";
import { cp, mkdtemp, readFile, rename, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { createDatabase, readMigrations, type Database } from "@/server/db";

export type TestDatabase = Database & { name: string };

export const DEFAULT_TEST_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

export function testDbKind(): "pglite" | "postgres" {
  const kind = process.env.HFM_TEST_DB ?? "pglite";
  if (kind !== "pglite" && kind !== "postgres") throw new Error(`HFM_TEST_DB must be "pglite" or "postgres", not "${kind}"`);
  return kind;
}

export function testPostgresUrl(): string {
  return process.env.HFM_TEST_POSTGRES_URL || DEFAULT_TEST_POSTGRES_URL;
}

/** The URL of another database on the same server. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

export async function createTestDatabase(): Promise<TestDatabase> {
  return testDbKind() === "postgres" ? createPostgresTestDatabase() : createPGliteTestDatabase();
}

/** An empty, unmigrated database location for tests of the migration runner itself. */
export interface EmptyTestTarget {
  kind: "pglite" | "postgres";
  /** Pass to createDatabase() (as often as needed; close each PGlite Database before opening the next). */
  options: { databaseUrl: string } | { dataDir: string };
  /** Remove the database (drop it / delete the folder). */
  dispose(): Promise<void>;
}

export async function createEmptyTestTarget(): Promise<EmptyTestTarget> {
  if (testDbKind() === "postgres") {
    const adminUrl = testPostgresUrl();
    const name = `hfm_test_${randomBytes(6).toString("hex")}`;
    await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
    return {
      kind: "postgres",
      options: { databaseUrl: withDatabase(adminUrl, name) },
      dispose: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
    };
  }
  const template = await pgliteTemplate("empty");
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "hfm-test-pglite-"));
  await cp(template, path.join(dataDir, "pg"), { recursive: true });
  return { kind: "pglite", options: { dataDir }, dispose: () => rm(dataDir, { recursive: true, force: true }) };
}

async function createPostgresTestDatabase(): Promise<TestDatabase> {
  const adminUrl = testPostgresUrl();
  const name = `hfm_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
  let db: Database;
  try {
    db = await createDatabase({ databaseUrl: withDatabase(adminUrl, name) });
  } catch (error) {
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    throw error;
  }
  return {
    ...db,
    name,
    async close() {
      try {
        await db.close();
      } finally {
        await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      }
    },
  };
}

export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function createPGliteTestDatabase(): Promise<TestDatabase> {
  const template = await pgliteTemplate("migrated");
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "hfm-test-pglite-"));
  try {
    await cp(template, path.join(dataDir, "pg"), { recursive: true });
    const db = await createDatabase({ dataDir });
    return {
      ...db,
      name: dataDir,
      async close() {
        try {
          await db.close();
        } finally {
          await rm(dataDir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Creating a PGlite cluster takes seconds: an empty one, and a migrated one per set of migrations, are built once
 * (shared by every test file and worker, in the temp folder) and copied for each test database.
 */
async function pgliteTemplate(kind: "empty" | "migrated"): Promise<string> {
  // a new PGlite version may change the data format
  const pglitePackage = await readFile(path.resolve("node_modules/@electric-sql/pglite/package.json"), "utf8");
  let key = `pglite-${(JSON.parse(pglitePackage) as { version: string }).version}`;
  if (kind === "migrated") {
    const migrations = await readMigrations();
    key += migrations.map((m) => `\n${m.name}:${m.checksum}`).join("");
  }
  const hash = createHash("sha256").update(key).digest("hex").slice(0, 16);
  const template = path.join(os.tmpdir(), `hfm-pglite-template-${kind}-${hash}`);
  if (await exists(template)) return template;
  const building = await mkdtemp(path.join(os.tmpdir(), "hfm-pglite-building-"));
  try {
    if (kind === "migrated") {
      const db = await createDatabase({ dataDir: building });
      await db.close();
    } else {
      const db = await PGlite.create(path.join(building, "pg"));
      await db.close();
    }
    try {
      await rename(path.join(building, "pg"), template);
    } catch (error) {
      // another worker finished first: use its template
      if (!(await exists(template))) throw error;
    }
  } finally {
    await rm(building, { recursive: true, force: true });
  }
  return template;
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}
