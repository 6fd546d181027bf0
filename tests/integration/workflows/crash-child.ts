// Child process of crash-resume.test.ts: an embedded executor on DATABASE_URL driving one function whose second
// step hangs in the first life (the parent kills the process with SIGKILL there) and completes in the second.
import { appendFileSync } from "node:fs";
import { eventType, Inngest } from "inngest";
import { z } from "zod";
import { createDatabase } from "@/server/db";
import { EmbeddedExecutor } from "@/server/services/workflows";

const { DATABASE_URL, CRASH_LOG, CRASH_LIFE } = process.env;
if (!DATABASE_URL || !CRASH_LOG || !CRASH_LIFE) throw new Error("DATABASE_URL, CRASH_LOG and CRASH_LIFE are required");
const log = (line: string) => appendFileSync(CRASH_LOG, `${line}\n`);

const client = new Inngest({ id: "hfm-crash", isDev: true, logger: { info() {}, warn() {}, error() {}, debug() {} } });
const db = await createDatabase({ databaseUrl: DATABASE_URL });

const crashy = client.createFunction(
  { id: "crashy", retries: 2, triggers: [eventType("test/crash", { schema: z.object({ n: z.number() }) })] },
  async ({ step, runId }) => {
    await step.run("one", async () => {
      log("one");
      // A plain INSERT: a second execution of this step would fail on the unique key.
      await db.prisma.setting.create({ data: { key: `crash:${runId}:one`, value: 1 } });
    });
    await step.run("two", async () => {
      log(`two-start ${CRASH_LIFE}`);
      if (CRASH_LIFE === "first") await new Promise(() => undefined); // hangs until SIGKILL
      await db.prisma.setting.create({ data: { key: `crash:${runId}:two`, value: 2 } });
      log("two-done");
    });
    await step.run("three", async () => {
      log("three");
      await db.prisma.setting.create({ data: { key: `crash:${runId}:three`, value: 3 } });
    });
    return "done";
  },
);

const executor = new EmbeddedExecutor({ db: db.prisma, dbKind: db.kind, client, functions: [crashy], cron: false, pollMs: 100, leaseMs: 1500, workerId: `child-${CRASH_LIFE}` });
if (CRASH_LIFE === "first") await executor.enqueue("test/crash", { n: 1 }, { id: "crash-event" });
await executor.start();
log(`started ${CRASH_LIFE}`);

// The second life exits once the run is over.
if (CRASH_LIFE !== "first") {
  for (;;) {
    const run = await db.prisma.workflowRun.findFirst({ where: { eventId: "crash-event" } });
    if (run && (run.status === "succeeded" || run.status === "failed")) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await executor.stop();
  await db.close();
  log("exit");
  process.exit(0);
}
