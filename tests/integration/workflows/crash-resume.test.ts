// A process killed with SIGKILL in the middle of a run: the next process resumes the run from its stored steps.
// PostgreSQL only (two processes on one database; the embedded PGlite is single-process by design).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testDbKind, testPostgresUrl, withDatabase, type TestDatabase } from "@/tests/support/db";

const postgres = testDbKind() === "postgres";

describe.skipIf(!postgres)("crash and resume (PostgreSQL)", () => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    dir = await mkdtemp(path.join(os.tmpdir(), "hfm-crash-"));
  });
  afterAll(async () => {
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  function child(life: "first" | "second", logFile: string): ChildProcess {
    // node with tsx's loader, not the tsx CLI: the CLI runs the script in a grandchild that SIGKILL would not reach.
    return spawn(process.execPath, ["--import", "tsx", "tests/integration/workflows/crash-child.ts"], {
      cwd: process.cwd(),
      env: { ...process.env, DATABASE_URL: withDatabase(testPostgresUrl(), db.name), CRASH_LOG: logFile, CRASH_LIFE: life, HFM_LOG_LEVEL: "silent" },
      stdio: ["ignore", "ignore", "inherit"],
    });
  }

  async function waitForLog(logFile: string, line: string, timeoutMs = 60_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const lines = (await readFile(logFile, "utf8").catch(() => "")).split("\n").filter(Boolean);
      if (lines.some((l) => l.startsWith(line))) return lines;
      if (Date.now() > deadline) throw new Error(`timed out waiting for "${line}" in ${lines.join(" | ")}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const exited = (p: ChildProcess) => new Promise<number | null>((resolve) => (p.exitCode !== null || p.signalCode !== null ? resolve(p.exitCode) : p.once("exit", (code) => resolve(code))));

  it("finishes the run after SIGKILL with no step re-executed once stored and no duplicate row", async () => {
    const logFile = path.join(dir, "crash.log");
    const first = child("first", logFile);
    await waitForLog(logFile, "two-start first");
    first.kill("SIGKILL");
    await exited(first);

    const mid = await db.prisma.workflowRun.findFirstOrThrow({ where: { eventId: "crash-event" } });
    expect(mid.status).toBe("running");
    expect(mid.lockedBy).toBe("child-first");

    const second = child("second", logFile);
    expect(await exited(second)).toBe(0);

    const lines = await waitForLog(logFile, "exit");
    expect(lines.filter((l) => l === "one")).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith("two-start"))).toEqual(["two-start first", "two-start second"]);
    expect(lines.filter((l) => l === "two-done")).toHaveLength(1);
    expect(lines.filter((l) => l === "three")).toHaveLength(1);

    const runs = await db.prisma.workflowRun.findMany({ where: { eventId: "crash-event" } });
    expect(runs).toHaveLength(1);
    expect(runs[0]!.status).toBe("succeeded");
    expect(runs[0]!.output).toBe("done");
    const rows = await db.prisma.setting.findMany({ where: { key: { startsWith: `crash:${runs[0]!.id}:` } } });
    expect(rows.map((r) => r.key).sort()).toEqual([`crash:${runs[0]!.id}:one`, `crash:${runs[0]!.id}:three`, `crash:${runs[0]!.id}:two`]);
    expect(await db.prisma.workflowEvent.count({ where: { id: "crash-event" } })).toBe(1);
  });
});
