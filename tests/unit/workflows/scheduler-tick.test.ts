// The scheduler-tick workflow, with its steps mocked (@inngest/test; a fresh engine per test).
import { InngestTestEngine } from "@inngest/test";
import { describe, expect, it } from "vitest";
import { INNGEST_APP_ID } from "@/inngest/client";
import { schedulerTick, SCHEDULER_CRON } from "@/inngest/functions/scheduler-tick";
import { functionConfigs, toSpec } from "@/server/services/workflows/config";

const tick = (iso: string) => ({ name: "inngest/scheduled.timer", data: { cron: SCHEDULER_CRON }, ts: Date.parse(iso) });

describe("scheduler-tick (steps mocked)", () => {
  it("starts the due syncs every minute", async () => {
    const t = new InngestTestEngine({
      function: schedulerTick,
      events: [tick("2026-11-27T08:11:00.000Z")],
      steps: [{ id: "start-due-syncs", handler: () => ({ started: ["f1", "f2"] }) }],
    });
    const { result, ctx } = await t.execute();
    expect(result).toEqual({ started: 2, stale: null });
    expect(ctx.step.run.mock.calls.map((c) => c[0])).toEqual(["start-due-syncs"]);
  });

  it("also flags stale syncs and checks the thresholds on every fifth minute", async () => {
    const t = new InngestTestEngine({
      function: schedulerTick,
      events: [tick("2026-11-27T08:15:00.000Z")],
      steps: [
        { id: "start-due-syncs", handler: () => ({ started: [] }) },
        { id: "flag-stale-syncs", handler: () => ({ stale: ["f3"], resolved: 0 }) },
        { id: "check-thresholds", handler: () => ({ opened: ["t1"], repeated: [], resolved: [] }) },
        { id: "notify", handler: () => ({ eventId: "e", runIds: [] }) },
      ],
    });
    const { result, ctx } = await t.execute();
    expect(result).toEqual({ started: 0, stale: 1 });
    expect(ctx.step.run.mock.calls.map((c) => c[0])).toEqual(["start-due-syncs", "flag-stale-syncs", "check-thresholds", "notify"]);
  });

  it("runs every minute, first of all, one tick at a time", () => {
    const spec = toSpec(functionConfigs(schedulerTick, INNGEST_APP_ID)[0]!);
    expect(spec).toMatchObject({ crons: ["* * * * *"], priority: "600", concurrency: [{ key: null, limit: 1 }] });
  });
});
