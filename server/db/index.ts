// Public index of the database layer: import from "@/server/db" only.
export * from "./generated/client";
export {
  createDatabase,
  getDatabase,
  getDb,
  closeDb,
  isPostgresUrl,
  type Database,
  type DatabaseKind,
  type CreateDatabaseOptions,
} from "./client";
export {
  runMigrations,
  readMigrations,
  defaultMigrationsDir,
  MigrationError,
  type MigrationFile,
  type MigrationLogger,
  type MigrateOptions,
  type MigrationSummary,
  type MigrationTarget,
} from "./migrate";

import type { Prisma as PrismaTypes, PrismaClient as PrismaClientType } from "./generated/client";
/** The client services take: the app's Prisma client, or an interactive transaction's (`db.$transaction(async (tx) => …)`). */
export type Db = PrismaClientType | PrismaTypes.TransactionClient;
