// The embedded database keeps every committed write across a crash (kill -9 in the middle of writing),
// and refuses a second process while one has it open.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "@/server/db";
import { testDbKind } from "@/tests/support/db";

const writerScript = path.resolve("tests/integration/db/fixtures/pglite-writer.ts");

/** Start the writer and resolve once it has committed `commits` rows; `lastCommitted()` then keeps growing. */
function startWriter(dataDir: string, commits: number) {
  // node itself with the tsx loader (the tsx CLI would run node as a grandchild that SIGKILL does not reach)
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", writerScript, dataDir], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let last = -1;
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const reached = new Promise<void>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on("line", (line) => {
      const m = /^committed (\d+)$/.exec(line);
      if (m) last = Number(m[1]);
      if (last + 1 >= commits) resolve();
    });
    child.on("exit", (code, signal) => reject(new Error(`writer exited (${code ?? signal}) early: ${stderr}`)));
  });
  return { child, reached, lastCommitted: () => last };
}

describe.runIf(testDbKind() === "pglite")("embedded PGlite durability", () => {
  let dataDir: string;
  let writer: ReturnType<typeof startWriter> | undefined;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "hfm-durability-"));
  });
  afterAll(async () => {
    if (writer && writer.child.exitCode === null && writer.child.signalCode === null) writer.child.kill("SIGKILL");
    await rm(dataDir, { recursive: true, force: true });
  });

  it("keeps every committed row after kill -9 mid-write, and opens cleanly afterwards", async () => {
    writer = startWriter(dataDir, 40);
    await writer.reached;

    // While the writer runs, a second process must not open the same folder.
    await expect(createDatabase({ dataDir })).rejects.toThrow(/already open by process \d+/);

    const child = writer.child;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    const committed = writer.lastCommitted() + 1;

    const db = await createDatabase({ dataDir });
    try {
      expect(db.migrations.applied).toEqual([]);
      const rows = await db.prisma.auditLog.findMany({ where: { objectType: "probe" }, select: { objectId: true } });
      const ids = new Set(rows.map((r) => Number(r.objectId)));
      // every acknowledged commit is there (a write in flight at the kill may be there too)
      for (let n = 0; n < committed; n++) expect(ids.has(n), `row ${n} lost`).toBe(true);
      expect(ids.size).toBeLessThanOrEqual(committed + 1);
      // and the database is fully usable
      await db.prisma.auditLog.create({ data: { action: "after-crash", objectType: "probe-2" } });
      expect(await db.prisma.auditLog.count({ where: { objectType: "probe-2" } })).toBe(1);
      const [check] = await db.prisma.$queryRaw<{ ok: boolean }[]>`
        SELECT count(*) = count(DISTINCT "id") AS "ok" FROM "AuditLog"`;
      expect(check.ok).toBe(true);
    } finally {
      await db.close();
    }
  });
});
