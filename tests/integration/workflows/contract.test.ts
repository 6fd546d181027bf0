// The SDK ↔ executor contract the embedded executor relies on, asserted against the real inngest package. When an
// upgrade of `inngest` changes the protocol, this fails before the executor misbehaves.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { cron, eventType, Inngest, NonRetriableError } from "inngest";
import { serve } from "inngest/edge";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { functionConfigs, toSpec } from "@/server/services/workflows/config";
import { callFunction, requestBody, sleepUntil, type CallRequest, type StepInput } from "@/server/services/workflows/protocol";

const client = new Inngest({ id: "contract", isDev: true, logger: { info() {}, warn() {}, error() {}, debug() {} } });
const ev = eventType("contract/go", { schema: z.object({ mode: z.string(), k: z.string().optional(), p: z.number().optional() }) });

const fn = client.createFunction(
  {
    id: "fn",
    retries: 1,
    concurrency: [{ key: "event.data.k", limit: 1 }, { limit: 4 }],
    priority: { run: "event.data.p" },
    timeouts: { finish: "2m" },
    triggers: [ev],
    onFailure: async () => undefined,
  },
  async ({ event, step, attempt }) => {
    const a = await step.run("a", async () => ({ v: 1 }));
    if (event.data.mode === "sleep") await step.sleep("nap", "90s");
    if (event.data.mode === "step-fails") await step.run("b", async () => Promise.reject(new Error("nope")));
    if (event.data.mode === "parallel") await Promise.all([step.run("l", async () => "L"), step.run("r", async () => "R")]);
    if (event.data.mode === "fatal") throw new NonRetriableError("fatal");
    if (event.data.mode === "throws" && attempt === 0) throw new Error("function threw");
    return { a, attempt };
  },
);
const cronFn = client.createFunction({ id: "tick", triggers: [cron("*/5 * * * *")] }, async () => "tick");
const handler = serve({ client, functions: [fn, cronFn] });

const hashed = (id: string) => createHash("sha1").update(id).digest("hex");

function request(mode: string, steps: Record<string, StepInput> = {}, extra: Partial<CallRequest> = {}): CallRequest {
  return {
    appId: "contract",
    functionId: "contract-fn",
    stepId: "step",
    event: { name: "contract/go", data: { mode }, id: "e1", ts: Date.now() },
    steps,
    stack: Object.keys(steps),
    runId: "run-1",
    attempt: 0,
    maxAttempts: 2,
    ...extra,
  };
}

describe("inngest SDK contract of the embedded executor", () => {
  it("is the pinned SDK version", async () => {
    const pkg = z.object({ version: z.string() }).parse(JSON.parse(await readFile("node_modules/inngest/package.json", "utf8")));
    const root = z.object({ dependencies: z.record(z.string(), z.string()) }).parse(JSON.parse(await readFile("package.json", "utf8")));
    expect(pkg.version).toBe("4.24.0");
    expect(root.dependencies.inngest).toBe("4.24.0");
  });

  it("sends request version 2 without fn_id (no checkpointing to an Inngest API)", () => {
    const body = requestBody(request("plain"));
    expect(body.version).toBe(2);
    expect(body.ctx).not.toHaveProperty("fn_id");
    expect(body.ctx).toMatchObject({ use_api: false, disable_immediate_execution: false, max_attempts: 2 });
  });

  it("answers 206 with a StepRun op whose id is the SHA-1 of the step id, then 200 with the result", async () => {
    const first = await callFunction(handler, request("plain"));
    expect(first).toEqual({ kind: "ops", ops: [expect.objectContaining({ op: "StepRun", id: hashed("a"), displayName: "a", data: { v: 1 } })] });
    const done = await callFunction(handler, request("plain", { [hashed("a")]: { type: "data", data: { v: 1 } } }));
    expect(done).toEqual({ kind: "complete", data: { a: { v: 1 }, attempt: 0 } });
  });

  it("reports a sleep as a Sleep op whose name is the duration", async () => {
    const res = await callFunction(handler, request("sleep", { [hashed("a")]: { type: "data", data: { v: 1 } } }));
    expect(res).toEqual({ kind: "ops", ops: [expect.objectContaining({ op: "Sleep", id: hashed("nap"), name: "1m30s" })] });
    const now = new Date("2026-01-01T00:00:00Z");
    expect(sleepUntil("1m30s", now)?.toISOString()).toBe("2026-01-01T00:01:30.000Z");
    expect(sleepUntil("2026-02-01T00:00:00.000Z", now)?.toISOString()).toBe("2026-02-01T00:00:00.000Z");
  });

  it("plans parallel steps and runs exactly the one requested by stepId", async () => {
    const a = { [hashed("a")]: { type: "data" as const, data: { v: 1 } } };
    const res = await callFunction(handler, request("parallel", a));
    expect(res.kind).toBe("ops");
    if (res.kind !== "ops") return;
    expect(res.ops.map((o) => [o.op, o.id])).toEqual([
      ["StepPlanned", hashed("l")],
      ["StepPlanned", hashed("r")],
    ]);
    const one = await callFunction(handler, request("parallel", a, { stepId: hashed("r") }));
    expect(one).toEqual({ kind: "ops", ops: [expect.objectContaining({ op: "StepRun", id: hashed("r"), data: "R" })] });
  });

  it("answers StepError while retries remain, StepFailed on the last attempt, then fails the function", async () => {
    const a = { [hashed("a")]: { type: "data" as const, data: { v: 1 } } };
    const retry = await callFunction(handler, request("step-fails", a));
    expect(retry).toEqual({ kind: "ops", ops: [expect.objectContaining({ op: "StepError", id: hashed("b"), error: expect.objectContaining({ message: "nope" }) })] });
    const last = await callFunction(handler, request("step-fails", a, { attempt: 1 }));
    expect(last).toEqual({ kind: "ops", ops: [expect.objectContaining({ op: "StepFailed", id: hashed("b"), error: expect.objectContaining({ message: "nope" }) })] });
    const failedStep = { ...a, [hashed("b")]: { type: "error" as const, error: { name: "Error", message: "nope" } } };
    const fnFailed = await callFunction(handler, request("step-fails", failedStep));
    expect(fnFailed).toMatchObject({ kind: "error", retriable: false, error: { message: "nope" } });
  });

  it("marks function errors retriable or not (x-inngest-no-retry)", async () => {
    const a = { [hashed("a")]: { type: "data" as const, data: { v: 1 } } };
    expect(await callFunction(handler, request("throws", a))).toMatchObject({ kind: "error", status: 500, retriable: true, error: { message: "function threw" } });
    expect(await callFunction(handler, request("throws", a, { attempt: 1 }))).toEqual({ kind: "complete", data: { a: { v: 1 }, attempt: 1 } });
    expect(await callFunction(handler, request("fatal", a))).toMatchObject({ kind: "error", retriable: false, error: { name: "NonRetriableError", message: "fatal" } });
  });

  it("describes functions with getConfig() the way the executor reads them", () => {
    const [main, failure] = functionConfigs(fn, "contract");
    expect(main).toMatchObject({
      id: "contract-fn",
      triggers: [{ event: "contract/go" }],
      steps: { step: { retries: { attempts: 1 } } },
      concurrency: [{ key: "event.data.k", limit: 1 }, { limit: 4 }],
      priority: { run: "event.data.p" },
      timeouts: { finish: "2m" },
    });
    expect(failure).toMatchObject({ id: "contract-fn-failure", triggers: [{ event: "inngest/function.failed", expression: "event.data.function_id == 'contract-fn'" }] });
    expect(toSpec(failure!).failureOf).toBe("contract-fn");
    expect(toSpec(main!)).toMatchObject({ retries: 1, events: ["contract/go"], finishTimeoutMs: 120_000, concurrency: [{ key: "event.data.k", limit: 1 }, { key: null, limit: 4 }] });
    expect(functionConfigs(cronFn, "contract")[0]).toMatchObject({ id: "contract-tick", triggers: [{ cron: "*/5 * * * *" }] });
  });
});
