// Startup migration runner for the embedded PGlite and for PostgreSQL. No Prisma CLI or schema engine at
// runtime: it applies prisma/migrations/*/migration.sql in name order and records each one in
// `_prisma_migrations` exactly as Prisma's schema engine does, so a database migrated here is accepted by
// a native `prisma migrate deploy`, and the other way round. See docs/database.md.
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { PGlite, Transaction as PGliteTransaction } from "@electric-sql/pglite";
import pg from "pg";

export interface MigrationLogger {
  info(message: string): void;
  warn(message: string): void;
}

export interface MigrateOptions {
  /** Folder holding `<name>/migration.sql`; default `prisma/migrations` under `process.cwd()`. */
  migrationsDir?: string;
  logger?: MigrationLogger;
}

export interface MigrationSummary {
  /** Names of the migrations applied by this run, in order (empty when the database was up to date). */
  applied: string[];
}

/** The database to migrate: an open PGlite instance, or a PostgreSQL connection string. */
export type MigrationTarget = { pglite: PGlite } | { connectionString: string };

/** A migration problem that needs a person: startup must stop. */
export class MigrationError extends Error {
  constructor(
    message: string,
    readonly migrationName?: string,
  ) {
    super(message);
    this.name = "MigrationError";
  }
}

export interface MigrationFile {
  name: string;
  script: string;
  /** sha256 (hex) of the file's bytes, as Prisma stores it in `_prisma_migrations.checksum`. */
  checksum: string;
  /** The checksum of the script with CRLF line endings turned into LF (Prisma accepts both). */
  lfChecksum: string;
}

/** Same key as Prisma's schema engine, so this runner and `prisma migrate deploy` also exclude each other. */
const ADVISORY_LOCK_KEY = 72707369;

/** The table exactly as Prisma's schema engine creates it on PostgreSQL. */
const MIGRATIONS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");

export function defaultMigrationsDir(): string {
  return path.join(process.cwd(), "prisma", "migrations");
}

/** The migrations on disk, in the order Prisma applies them (by folder name). */
export async function readMigrations(migrationsDir = defaultMigrationsDir()): Promise<MigrationFile[]> {
  let entries;
  try {
    entries = await readdir(/*turbopackIgnore: true*/ migrationsDir, { withFileTypes: true });
  } catch (error) {
    throw new MigrationError(`Cannot read the migrations folder ${migrationsDir}: ${(error as Error).message}`);
  }
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const migrations: MigrationFile[] = [];
  for (const name of names) {
    let bytes: Buffer;
    try {
      bytes = await readFile(/*turbopackIgnore: true*/ path.join(migrationsDir, name, "migration.sql"));
    } catch {
      continue; // Prisma ignores folders without a migration.sql as well
    }
    const script = bytes.toString("utf8");
    migrations.push({
      name,
      script,
      checksum: sha256(bytes),
      lfChecksum: sha256(script.replaceAll("\r\n", "\n")),
    });
  }
  if (migrations.length === 0) throw new MigrationError(`No migrations found in ${migrationsDir}.`);
  return migrations;
}

interface AppliedRow {
  id: string;
  checksum: string;
  migration_name: string;
  finished_at: Date | string | null;
  rolled_back_at: Date | string | null;
  logs: string | null;
}

/** The few SQL operations the runner needs, over either driver. */
interface Sql {
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
  /** Run a multi-statement script. */
  exec(text: string): Promise<void>;
  transaction(fn: (tx: Sql) => Promise<void>): Promise<void>;
}

function pgliteSql(db: PGlite | PGliteTransaction): Sql {
  return {
    async query<T>(text: string, params?: unknown[]) {
      return (await db.query<T>(text, params)).rows;
    },
    async exec(text: string) {
      await db.exec(text);
    },
    async transaction(fn) {
      if (!("transaction" in db)) throw new Error("nested transactions are not supported");
      await db.transaction((tx) => fn(pgliteSql(tx)));
    },
  };
}

function pgSql(client: pg.Client): Sql {
  const sql: Sql = {
    async query<T>(text: string, params?: unknown[]) {
      return (await client.query(text, params)).rows as T[];
    },
    async exec(text: string) {
      await client.query(text); // simple query protocol: several statements are allowed
    },
    async transaction(fn) {
      await client.query("BEGIN");
      try {
        await fn(sql);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      }
    },
  };
  return sql;
}

const silentLogger: MigrationLogger = { info: () => {}, warn: () => {} };

/**
 * Apply the pending migrations. Throws a MigrationError (naming the migration and what to do) when a recorded
 * checksum differs from the file, when a migration is recorded as failed, or when a migration fails to apply
 * (its transaction is rolled back, nothing is recorded, so the next start retries it).
 */
export async function runMigrations(target: MigrationTarget, options: MigrateOptions = {}): Promise<MigrationSummary> {
  const migrations = await readMigrations(options.migrationsDir);
  const logger = options.logger ?? silentLogger;
  if ("pglite" in target) {
    // PGlite is single-connection and single-process: no lock needed.
    return migrate(pgliteSql(target.pglite), migrations, logger);
  }
  const client = new pg.Client({ connectionString: target.connectionString });
  await client.connect();
  try {
    // Several app instances may start together: one migrates, the others wait and then find nothing to do.
    await client.query("SELECT pg_advisory_lock($1)", [ADVISORY_LOCK_KEY]);
    try {
      return await migrate(pgSql(client), migrations, logger);
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [ADVISORY_LOCK_KEY]).catch(() => {});
    }
  } finally {
    await client.end();
  }
}

async function migrate(sql: Sql, migrations: MigrationFile[], logger: MigrationLogger): Promise<MigrationSummary> {
  const [{ exists }] = await sql.query<{ exists: boolean }>(
    `SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS "exists"`,
  );
  if (!exists) {
    const tables = await sql.query<{ name: string }>(
      `SELECT table_name AS "name" FROM information_schema.tables
        WHERE table_schema = current_schema() ORDER BY table_name LIMIT 5`,
    );
    if (tables.length > 0) {
      throw new MigrationError(
        `The database schema is not empty (it has ${tables.map((t) => `"${t.name}"`).join(", ")}) but has no ` +
          `_prisma_migrations table, so HFM cannot tell which migrations it has. Use an empty database, or baseline ` +
          `it with \`prisma migrate resolve --applied <migration>\` (see docs/database.md).`,
      );
    }
    await sql.exec(MIGRATIONS_TABLE_DDL);
  }

  const rows = await sql.query<AppliedRow>(
    `SELECT "id", "checksum", "migration_name", "finished_at", "rolled_back_at", "logs"
       FROM "_prisma_migrations" ORDER BY "started_at"`,
  );
  const live = rows.filter((r) => r.rolled_back_at === null);
  const failed = live.filter((r) => r.finished_at === null);
  if (failed.length > 0) {
    const name = failed[0].migration_name;
    throw new MigrationError(
      `Migration ${name} is recorded as failed in _prisma_migrations` +
        (failed[0].logs ? ` (${failed[0].logs.split("\n")[0]})` : "") +
        `. Fix the database by hand, then mark it with \`prisma migrate resolve --rolled-back ${name}\` ` +
        `(to retry it) or \`--applied ${name}\` (if it is in fact complete), and start again.`,
      name,
    );
  }
  const appliedByName = new Map(live.map((r) => [r.migration_name, r]));
  for (const m of migrations) {
    const row = appliedByName.get(m.name);
    if (row && row.checksum !== m.checksum && row.checksum !== m.lfChecksum) {
      throw new MigrationError(
        `Migration ${m.name} was modified after it was applied to this database (the checksum in ` +
          `_prisma_migrations is ${row.checksum}, the file's is ${m.checksum}). Restore the original ` +
          `prisma/migrations/${m.name}/migration.sql and put the change in a new migration.`,
        m.name,
      );
    }
  }
  const known = new Set(migrations.map((m) => m.name));
  const unknown = live.filter((r) => !known.has(r.migration_name)).map((r) => r.migration_name);
  if (unknown.length > 0) {
    logger.warn(
      `The database has migrations that this version of HFM does not ship: ${unknown.join(", ")} ` +
        `(was it migrated by a newer version?).`,
    );
  }

  const applied: string[] = [];
  for (const m of migrations) {
    if (appliedByName.has(m.name)) continue;
    logger.info(`Applying migration ${m.name}`);
    try {
      await sql.transaction(async (tx) => {
        const id = randomUUID();
        await tx.query(
          `INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "started_at", "applied_steps_count")
           VALUES ($1, $2, $3, clock_timestamp(), 0)`,
          [id, m.checksum, m.name],
        );
        await tx.exec(m.script);
        await tx.query(
          `UPDATE "_prisma_migrations" SET "finished_at" = clock_timestamp(), "applied_steps_count" = 1 WHERE "id" = $1`,
          [id],
        );
      });
    } catch (error) {
      throw new MigrationError(
        `Migration ${m.name} failed to apply and was rolled back: ${(error as Error).message}. ` +
          `Nothing was recorded; fix the cause (or the migration, if it was never released) and start again.`,
        m.name,
      );
    }
    applied.push(m.name);
  }
  if (applied.length > 0) logger.info(`Applied ${applied.length} migration(s): ${applied.join(", ")}`);
  return { applied };
}
