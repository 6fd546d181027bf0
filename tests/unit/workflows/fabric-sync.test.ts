// The fabric-sync workflow's orchestration, with every step mocked (@inngest/test; a fresh engine per test).
import { InngestTestEngine } from "@inngest/test";
import { describe, expect, it } from "vitest";
import { fabricSync } from "@/inngest/functions/fabric-sync";
import { INNGEST_APP_ID } from "@/inngest/client";
import { functionConfigs, toSpec } from "@/server/services/workflows/config";

const event = (data: Record<string, unknown>) => ({ name: "fabric/sync.requested", data: { fabricId: "f1", trigger: "manual", ...data } });
const plan = (p: { hasGit: boolean; hasKubernetes: boolean }) => ({ operationId: "op1", fabricId: "f1", ...p });
const noChanges = { opened: [], repeated: [], resolved: [] };

function stepIds(ctx: InngestTestEngine.MockContext): string[] {
  return ctx.step.run.mock.calls.map((call) => String(call[0]));
}

describe("fabric-sync (steps mocked)", () => {
  it("runs fetch-git-ingest, read-live, diff, self-heal, alerts, notify and finish for a fabric with Git and a cluster", async () => {
    const t = new InngestTestEngine({
      function: fabricSync,
      events: [event({ priority: 300 })],
      steps: [
        { id: "start", handler: () => plan({ hasGit: true, hasKubernetes: true }) },
        { id: "fetch-git-ingest", handler: () => ({ commit: "abc123", ingest: { files: 2 } }) },
        { id: "read-live", handler: () => ({ objects: 5, kinds: { VPC: 5 } }) },
        { id: "diff", handler: () => ({ synced: 4, drifted: 1 }) },
        { id: "self-heal", handler: () => ({ status: "disabled", applied: 0, failed: 0 }) },
        { id: "alerts", handler: () => ({ opened: ["a1"], repeated: [], resolved: ["a0"] }) },
        { id: "notify", handler: () => ({ eventId: "e", runIds: [] }) },
        { id: "finish", handler: () => ({ status: "succeeded" }) },
      ],
    });
    const { result, ctx } = await t.execute();
    expect(result).toEqual({ status: "succeeded" });
    expect(stepIds(ctx)).toEqual(["start", "fetch-git-ingest", "read-live", "diff", "self-heal", "alerts", "notify", "finish"]);
  });

  it("skips Git and the cluster when the fabric has neither, and notifies nobody when no alert changed", async () => {
    const t = new InngestTestEngine({
      function: fabricSync,
      events: [event({})],
      steps: [
        { id: "start", handler: () => plan({ hasGit: false, hasKubernetes: false }) },
        { id: "diff", handler: () => ({ synced: 0 }) },
        { id: "alerts", handler: () => noChanges },
        { id: "finish", handler: () => ({ status: "succeeded" }) },
      ],
    });
    const { result, ctx } = await t.execute();
    expect(result).toEqual({ status: "succeeded" });
    expect(stepIds(ctx)).toEqual(["start", "diff", "alerts", "finish"]);
  });

  it("declares one sync per fabric at a time, retries, priority from the event and a time limit", () => {
    const [main, failure] = functionConfigs(fabricSync, INNGEST_APP_ID);
    const spec = toSpec(main!);
    expect(spec).toMatchObject({
      id: "hedgehog-fabric-manager-fabric-sync",
      events: ["fabric/sync.requested"],
      retries: 3,
      concurrency: [{ key: "event.data.fabricId", limit: 1 }],
      priority: "event.data.priority",
      finishTimeoutMs: 30 * 60_000,
    });
    expect(toSpec(failure!).failureOf).toBe(spec.id);
  });
});
