// changeset-submit and alert-notify, with their steps mocked (@inngest/test; a fresh engine per test).
import { InngestTestEngine } from "@inngest/test";
import { describe, expect, it } from "vitest";
import { INNGEST_APP_ID } from "@/inngest/client";
import { alertNotify } from "@/inngest/functions/alert-notify";
import { changeSetSubmit } from "@/inngest/functions/changeset-submit";
import { functionConfigs, toSpec } from "@/server/services/workflows/config";

const submitEvent = {
  name: "changeset/submit.requested",
  data: { changeSetId: "cs1", repositoryId: "r1", fabricId: "f1", syncOperationId: "op1", requestedBy: "alice" },
};

describe("changeset-submit (steps mocked)", () => {
  it("syncs the fabric after a submitted change set", async () => {
    const t = new InngestTestEngine({
      function: changeSetSubmit,
      events: [submitEvent],
      steps: [
        { id: "submit", handler: () => ({ changeSetId: "cs1", status: "submitted", commit: "abc" }) },
        { id: "announce", handler: () => undefined },
        { id: "request-sync", handler: () => ({ eventId: "e", runIds: [] }) },
      ],
    });
    const { result, ctx } = await t.execute();
    expect(result).toMatchObject({ status: "submitted" });
    expect(ctx.step.run.mock.calls.map((c) => c[0])).toEqual(["submit", "announce", "request-sync"]);
  });

  it("does not sync after a failed submit", async () => {
    const t = new InngestTestEngine({
      function: changeSetSubmit,
      events: [submitEvent],
      steps: [
        { id: "submit", handler: () => ({ changeSetId: "cs1", status: "failed", message: "push rejected" }) },
        { id: "announce", handler: () => undefined },
      ],
    });
    const { result, ctx } = await t.execute();
    expect(result).toMatchObject({ status: "failed" });
    expect(ctx.step.run.mock.calls.map((c) => c[0])).toEqual(["submit", "announce"]);
  });

  it("submits one change set per repository at a time", () => {
    expect(toSpec(functionConfigs(changeSetSubmit, INNGEST_APP_ID)[0]!).concurrency).toEqual([{ key: "event.data.repositoryId", limit: 1 }]);
  });
});

describe("alert-notify (steps mocked)", () => {
  it("reports what the webhooks were sent", async () => {
    const t = new InngestTestEngine({
      function: alertNotify,
      events: [{ name: "alert/notify.requested", data: { fabricId: "f1", opened: ["a1"], repeated: [], resolved: [] } }],
      steps: [{ id: "notify", handler: () => [{ endpointId: "w1", sent: 1, suppressed: 0, ok: true }] }],
    });
    const { result } = await t.execute();
    expect(result).toEqual({ endpoints: 1, sent: 1, failed: 0 });
  });
});
