// The app's database singleton: configured from the environment, opened lazily (never at import time, so
// `next build` does not open it), once per process.
import { readdir } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmptyTestTarget, type EmptyTestTarget } from "@/tests/support/db";

describe("getDb()", () => {
  let target: EmptyTestTarget;
  const saved = { DATABASE_URL: process.env.DATABASE_URL, HFM_DATA_DIR: process.env.HFM_DATA_DIR };

  beforeAll(async () => {
    target = await createEmptyTestTarget();
    if ("databaseUrl" in target.options) {
      process.env.DATABASE_URL = target.options.databaseUrl;
      delete process.env.HFM_DATA_DIR;
    } else {
      delete process.env.DATABASE_URL;
      process.env.HFM_DATA_DIR = target.options.dataDir;
    }
  });
  afterAll(async () => {
    const { closeDb } = await import("@/server/db");
    await closeDb();
    await target?.dispose();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it("does not open the database when the module is imported", async () => {
    const { Role } = await import("@/server/db");
    expect(Role.admin).toBe("admin");
    // an open embedded database holds a lock file in its folder
    if ("dataDir" in target.options) expect(await readdir(target.options.dataDir)).not.toContain("pg.lock");
  });

  it("opens the configured database once, migrated, however many callers ask at the same time", async () => {
    const { getDb, getDatabase } = await import("@/server/db");
    const [a, b, c] = await Promise.all([getDb(), getDb(), getDb()]);
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect((await getDatabase()).kind).toBe(target.kind);
    await a.setting.create({ data: { key: "singleton", value: "yes" } });
    expect(await (await getDb()).setting.count()).toBe(1);
  });

  it("can be closed and then opened again", async () => {
    const { getDb, closeDb } = await import("@/server/db");
    const first = await getDb();
    await closeDb();
    const second = await getDb();
    expect(second).not.toBe(first);
    expect(await second.setting.findUnique({ where: { key: "singleton" } })).toMatchObject({ value: "yes" });
  });
});
