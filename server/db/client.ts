// Prisma client factory: PostgreSQL (DATABASE_URL) or the embedded PGlite (a folder under the data dir).
// Nothing here touches the database at import time: `next build` imports modules and must never open it.
import { mkdir, open, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "./generated/client";
import { runMigrations, type MigrationLogger, type MigrationSummary } from "./migrate";

export type DatabaseKind = "pglite" | "postgres";

export interface Database {
  prisma: PrismaClient;
  kind: DatabaseKind;
  /** What the startup migration run did. */
  migrations: MigrationSummary;
  /** Disconnect Prisma and close the database (PGlite: flushes and releases the data folder). */
  close(): Promise<void>;
}

export interface CreateDatabaseOptions {
  /** A postgresql:// or postgres:// URL selects PostgreSQL; anything else (or nothing) the embedded PGlite. */
  databaseUrl?: string;
  /** Data folder for the embedded PGlite (the database lives in `<dataDir>/pg`). Default `./.data`. */
  dataDir?: string;
  /** Migrations folder; default `prisma/migrations` under `process.cwd()`. */
  migrationsDir?: string;
  logger?: MigrationLogger;
}

export const isPostgresUrl = (url: string | undefined): url is string =>
  !!url && /^postgres(ql)?:\/\//i.test(url.trim());

/** Open the database, apply pending migrations, and return a Prisma client on it. */
export async function createDatabase(opts: CreateDatabaseOptions = {}): Promise<Database> {
  const migrateOptions = { migrationsDir: opts.migrationsDir, logger: opts.logger };
  if (isPostgresUrl(opts.databaseUrl)) {
    const connectionString = opts.databaseUrl.trim();
    const migrations = await runMigrations({ connectionString }, migrateOptions);
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString }) });
    return {
      prisma,
      kind: "postgres",
      migrations,
      close: () => prisma.$disconnect(),
    };
  }

  const dataDir = path.resolve(opts.dataDir ?? "./.data");
  const pgDir = path.join(dataDir, "pg");
  await mkdir(pgDir, { recursive: true });
  const releaseLock = await lockDataDir(dataDir);
  let pglite: PGlite | undefined;
  try {
    pglite = await PGlite.create(pgDir);
    const migrations = await runMigrations({ pglite }, migrateOptions);
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
    const db = pglite;
    let closed = false;
    return {
      prisma,
      kind: "pglite",
      migrations,
      async close() {
        if (closed) return;
        closed = true;
        try {
          await prisma.$disconnect();
          await db.close();
        } finally {
          await releaseLock();
        }
      },
    };
  } catch (error) {
    await pglite?.close().catch(() => {});
    await releaseLock();
    throw error;
  }
}

/**
 * PGlite is single-process: two processes on one folder corrupt it. A lock file with the owner's pid keeps
 * a second process out (a stale lock left by a killed process is taken over).
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lockFile = path.join(dataDir, "pg.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockFile, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const pid = Number((await readFile(lockFile, "utf8").catch(() => "")).trim());
      if (pid > 0 && isAlive(pid)) {
        throw new Error(
          `The embedded database in ${dataDir} is already open by process ${pid}` +
            (pid === process.pid ? " (this process)" : "") +
            `. Only one process may use it: stop the other one, or use PostgreSQL (DATABASE_URL).`,
        );
      }
      await rm(lockFile, { force: true });
    }
  }
  throw new Error(`Could not lock the embedded database folder ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

// ───────────────────────── the app's singleton ─────────────────────────

const consoleLogger: MigrationLogger = {
  info: (message) => console.info(`[db] ${message}`),
  warn: (message) => console.warn(`[db] ${message}`),
};

type DbGlobal = typeof globalThis & { __hfmDatabase?: Promise<Database> };
const holder = globalThis as DbGlobal;

/**
 * The app's database, opened (and migrated) on first use from the environment: `DATABASE_URL` (PostgreSQL)
 * or else the embedded PGlite under `HFM_DATA_DIR` (default `./.data`). Held on globalThis so that Next's hot
 * reloads reuse it instead of opening PGlite twice.
 */
export function getDatabase(): Promise<Database> {
  if (!holder.__hfmDatabase) {
    const opening = createDatabase({
      databaseUrl: process.env.DATABASE_URL || undefined,
      dataDir: process.env.HFM_DATA_DIR || "./.data",
      logger: consoleLogger,
    });
    holder.__hfmDatabase = opening;
    // A failed open is not cached: the next call tries again (and reports the error again).
    opening.catch(() => {
      if (holder.__hfmDatabase === opening) holder.__hfmDatabase = undefined;
    });
  }
  return holder.__hfmDatabase;
}

/** The app's Prisma client (see getDatabase). */
export async function getDb(): Promise<PrismaClient> {
  return (await getDatabase()).prisma;
}

/** Close the app's database if it was opened (graceful shutdown). The next getDb() opens it again. */
export async function closeDb(): Promise<void> {
  const current = holder.__hfmDatabase;
  if (!current) return;
  holder.__hfmDatabase = undefined;
  const db = await current.catch(() => undefined);
  await db?.close();
}
