// The startup migration runner and the Prisma client, on PGlite (integration-pglite) and on PostgreSQL
// (integration-postgres).
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createDatabase,
  defaultMigrationsDir,
  MigrationError,
  Prisma,
  readMigrations,
  runMigrations,
  type Database,
  type MigrationFile,
} from "@/server/db";
import {
  adminQuery,
  createEmptyTestTarget,
  createTestDatabase,
  testDbKind,
  testPostgresUrl,
  withDatabase,
  type EmptyTestTarget,
  type TestDatabase,
} from "@/tests/support/db";

const run = promisify(execFile);
const prismaBin = path.resolve("node_modules/.bin/prisma");

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

const migrationRows = (db: Database) =>
  db.prisma.$queryRaw<MigrationRow[]>`SELECT * FROM "_prisma_migrations" ORDER BY "migration_name"`;

describe("startup migrations", () => {
  let target: EmptyTestTarget;
  let migrations: MigrationFile[];

  beforeAll(async () => {
    target = await createEmptyTestTarget();
    migrations = await readMigrations();
  });
  afterAll(async () => {
    await target?.dispose();
  });

  it("applies every migration to a fresh database, in name order", async () => {
    const db = await createDatabase(target.options);
    try {
      expect(db.kind).toBe(target.kind);
      expect(migrations.length).toBeGreaterThan(0);
      expect(db.migrations.applied).toEqual(migrations.map((m) => m.name));
      // the schema is really there
      expect(await db.prisma.user.count()).toBe(0);
    } finally {
      await db.close();
    }
  });

  it("records _prisma_migrations rows the way Prisma's engine does", async () => {
    const db = await createDatabase(target.options);
    try {
      const rows = await migrationRows(db);
      expect(rows.map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
      for (const row of rows) {
        const file = await readFile(path.join(defaultMigrationsDir(), row.migration_name, "migration.sql"));
        expect(row.checksum).toBe(createHash("sha256").update(file).digest("hex"));
        expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(row.logs).toBeNull();
        expect(row.rolled_back_at).toBeNull();
        expect(row.applied_steps_count).toBe(1);
        expect(row.finished_at).toBeInstanceOf(Date);
        expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      }

      // Same table definition as the one `prisma migrate` creates.
      const columns = await db.prisma.$queryRaw<
        { name: string; type: string; length: number | null; nullable: string; default: string | null }[]
      >`SELECT column_name::text AS "name", data_type::text AS "type", character_maximum_length::int AS "length",
               is_nullable::text AS "nullable", column_default::text AS "default"
          FROM information_schema.columns
         WHERE table_name = '_prisma_migrations' AND table_schema = current_schema()
         ORDER BY ordinal_position`;
      expect(columns).toEqual([
        { name: "id", type: "character varying", length: 36, nullable: "NO", default: null },
        { name: "checksum", type: "character varying", length: 64, nullable: "NO", default: null },
        { name: "finished_at", type: "timestamp with time zone", length: null, nullable: "YES", default: null },
        { name: "migration_name", type: "character varying", length: 255, nullable: "NO", default: null },
        { name: "logs", type: "text", length: null, nullable: "YES", default: null },
        { name: "rolled_back_at", type: "timestamp with time zone", length: null, nullable: "YES", default: null },
        { name: "started_at", type: "timestamp with time zone", length: null, nullable: "NO", default: "now()" },
        { name: "applied_steps_count", type: "integer", length: null, nullable: "NO", default: "0" },
      ]);
      const [pk] = await db.prisma.$queryRaw<{ columns: string }[]>`
        SELECT string_agg(a.attname, ',') AS "columns"
          FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
         WHERE i.indrelid = '"_prisma_migrations"'::regclass AND i.indisprimary`;
      expect(pk.columns).toBe("id");
    } finally {
      await db.close();
    }
  });

  it("applies nothing on the next start, and keeps the data", async () => {
    let db = await createDatabase(target.options);
    await db.prisma.setting.create({ data: { key: "survives", value: { restart: true } } });
    await db.close();

    db = await createDatabase(target.options);
    try {
      expect(db.migrations.applied).toEqual([]);
      expect((await migrationRows(db)).length).toBe(migrations.length);
      expect(await db.prisma.setting.findUnique({ where: { key: "survives" } })).toMatchObject({
        value: { restart: true },
      });
    } finally {
      await db.close();
    }
  });

  it("refuses to start when an applied migration file was edited", async () => {
    const { name, checksum } = migrations[0];
    const setChecksum = (value: string) =>
      rawSql(target, `UPDATE "_prisma_migrations" SET "checksum" = $1 WHERE "migration_name" = $2`, [value, name]);
    await setChecksum("0".repeat(64));
    try {
      const failure = createDatabase(target.options);
      await expect(failure).rejects.toBeInstanceOf(MigrationError);
      await expect(failure).rejects.toThrow(
        new RegExp(`Migration ${name} was modified after it was applied.*Restore the original prisma/migrations/${name}/migration.sql`),
      );
    } finally {
      await setChecksum(checksum);
    }
    const db = await createDatabase(target.options);
    await db.close();
  });

  it("refuses to start while a migration is recorded as failed", async () => {
    const { name } = migrations[0];
    await rawSql(target, `UPDATE "_prisma_migrations" SET "finished_at" = NULL, "logs" = 'boom' WHERE "migration_name" = $1`, [name]);
    try {
      await expect(createDatabase(target.options)).rejects.toThrow(
        new RegExp(`Migration ${name} is recorded as failed.*boom.*prisma migrate resolve --rolled-back ${name}`),
      );
    } finally {
      await rawSql(target, `UPDATE "_prisma_migrations" SET "finished_at" = now(), "logs" = NULL WHERE "migration_name" = $1`, [name]);
    }
  });

  it("rolls back a migration that fails, records nothing, and names it", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "hfm-migrations-"));
    try {
      await cp(defaultMigrationsDir(), dir, { recursive: true });
      const broken = "99990101000000_broken";
      await cp(path.join(dir, migrations[0].name), path.join(dir, broken), { recursive: true });
      await writeFile(
        path.join(dir, broken, "migration.sql"),
        'CREATE TABLE "HalfDone" ("id" INTEGER);\nSELECT "no_such_column" FROM "Setting";\n',
      );
      await expect(createDatabase({ ...target.options, migrationsDir: dir })).rejects.toThrow(
        new RegExp(`Migration ${broken} failed to apply and was rolled back: .*no_such_column`),
      );
      const db = await createDatabase(target.options);
      try {
        expect(db.migrations.applied).toEqual([]);
        const names = (await migrationRows(db)).map((r) => r.migration_name);
        expect(names).not.toContain(broken);
        const [{ exists }] = await db.prisma.$queryRaw<{ exists: boolean }[]>`
          SELECT to_regclass('"HalfDone"') IS NOT NULL AS "exists"`;
        expect(exists).toBe(false);
      } finally {
        await db.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** Run one statement on the target directly, bypassing the runner (which refuses a damaged history). */
async function rawSql(target: EmptyTestTarget, sql: string, params: unknown[] = []): Promise<void> {
  if ("databaseUrl" in target.options) {
    const client = new pg.Client({ connectionString: target.options.databaseUrl });
    await client.connect();
    try {
      await client.query(sql, params);
    } finally {
      await client.end();
    }
  } else {
    const db = await PGlite.create(path.join(target.options.dataDir, "pg"));
    try {
      await db.query(sql, params);
    } finally {
      await db.close();
    }
  }
}

describe("Prisma client on the migrated database", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  it("is the engine the test project asked for", () => {
    expect(db.kind).toBe(testDbKind());
  });

  it("round-trips enums, Json and timestamptz, and enforces relations and unique keys", async () => {
    const at = new Date("2026-03-04T05:06:07.891Z");
    const user = await db.prisma.user.create({
      data: { username: "alice", passwordHash: "x", role: "admin", lastLoginAt: at },
    });
    expect(user).toMatchObject({ role: "admin", disabled: false, lastLoginAt: at });
    expect(user.createdAt).toBeInstanceOf(Date);

    const policy = { Connection: "observed", VPC: "managed", nested: { list: [1, "two", null, true], n: 1.5 } };
    const fabric = await db.prisma.fabric.create({
      data: { name: "lab", managementPolicy: policy, nextSyncAt: at, breakerState: "half_open" },
    });
    expect(fabric).toMatchObject({
      managementPolicy: policy,
      fabricConfig: {},
      applyMode: "gitops",
      breakerState: "half_open",
      connectionStatus: "unknown",
      nextSyncAt: at,
    });

    const desired = { apiVersion: "vpc.githedgehog.com/v1beta1", kind: "VPC", metadata: { name: "vpc-1" }, spec: { subnets: { default: { subnet: "10.0.1.0/24", vlan: 1001 } } } };
    await db.prisma.hedgehogResource.create({
      data: { fabricId: fabric.id, kind: "VPC", apiVersion: desired.apiVersion, name: "vpc-1", desired, state: "draft" },
    });
    const found = await db.prisma.hedgehogResource.findUniqueOrThrow({
      where: { fabricId_kind_namespace_name: { fabricId: fabric.id, kind: "VPC", namespace: "default", name: "vpc-1" } },
      include: { fabric: true },
    });
    expect(found.desired).toEqual(desired);
    expect(found.git).toBeNull();
    expect(found.fabric.name).toBe("lab");

    // a JSON null is not a database NULL
    await db.prisma.hedgehogResource.update({ where: { id: found.id }, data: { live: Prisma.JsonNull, drift: [] } });
    expect(await db.prisma.hedgehogResource.count({ where: { live: { equals: Prisma.JsonNull } } })).toBe(1);
    expect(await db.prisma.hedgehogResource.count({ where: { live: { equals: Prisma.DbNull } } })).toBe(0);
    expect(await db.prisma.hedgehogResource.count({ where: { git: { equals: Prisma.DbNull } } })).toBe(1);

    // unique keys and foreign keys are real constraints
    await expect(
      db.prisma.hedgehogResource.create({
        data: { fabricId: fabric.id, kind: "VPC", apiVersion: desired.apiVersion, name: "vpc-1", state: "draft" },
      }),
    ).rejects.toMatchObject({ code: "P2002" });
    await expect(
      db.prisma.apiToken.create({ data: { userId: "nobody", name: "t", tokenHash: "h", prefix: "p" } }),
    ).rejects.toMatchObject({ code: "P2003" });

    // cascade delete
    await db.prisma.fabric.delete({ where: { id: fabric.id } });
    expect(await db.prisma.hedgehogResource.count()).toBe(0);
  });

  it("orders and filters timestamptz values at millisecond precision", async () => {
    const base = Date.parse("2026-01-01T00:00:00.000Z");
    await db.prisma.alert.createMany({
      data: [0, 1, 2].map((i) => ({
        type: "drift",
        fingerprint: `fp-${i}`,
        severity: "warning" as const,
        title: `t${i}`,
        message: "m",
        firstSeenAt: new Date(base + i),
        lastSeenAt: new Date(base + i),
      })),
    });
    const after = await db.prisma.alert.findMany({
      where: { firstSeenAt: { gt: new Date(base) } },
      orderBy: { firstSeenAt: "desc" },
    });
    expect(after.map((a) => a.firstSeenAt.toISOString())).toEqual([
      "2026-01-01T00:00:00.002Z",
      "2026-01-01T00:00:00.001Z",
    ]);
  });

  it("runs interactive transactions and rolls them back on error", async () => {
    await expect(
      db.prisma.$transaction(async (tx) => {
        await tx.setting.create({ data: { key: "tx", value: 1 } });
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await db.prisma.setting.findUnique({ where: { key: "tx" } })).toBeNull();
  });
});

describe.runIf(testDbKind() === "postgres")("PostgreSQL: several instances and the native Prisma CLI", () => {
  const created: string[] = [];
  const newDatabase = async () => {
    const name = `hfm_test_${Math.random().toString(16).slice(2, 14)}`;
    await adminQuery(testPostgresUrl(), `CREATE DATABASE "${name}"`);
    created.push(name);
    return withDatabase(testPostgresUrl(), name);
  };
  afterAll(async () => {
    for (const name of created) await adminQuery(testPostgresUrl(), `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });

  it("lets exactly one of several instances starting together apply the migrations", async () => {
    const url = await newDatabase();
    const results = await Promise.all([1, 2, 3].map(() => runMigrations({ connectionString: url })));
    const all = results.flatMap((r) => r.applied);
    expect(all).toEqual((await readMigrations()).map((m) => m.name));
  });

  it("produces a database that `prisma migrate status` and `migrate deploy` accept", async () => {
    const url = await newDatabase();
    await runMigrations({ connectionString: url });
    const env = { ...process.env, DATABASE_URL: url };
    const status = await run(prismaBin, ["migrate", "status"], { env });
    expect(status.stdout).toContain("Database schema is up to date!");
    const deploy = await run(prismaBin, ["migrate", "deploy"], { env });
    expect(deploy.stdout).toContain("No pending migrations to apply.");
  });

  it("accepts a database migrated by `prisma migrate deploy`", async () => {
    const url = await newDatabase();
    await run(prismaBin, ["migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url } });
    expect(await runMigrations({ connectionString: url })).toEqual({ applied: [] });
  });
});
