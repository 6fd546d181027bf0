/**
 * The part of Inngest's executor ↔ SDK wire protocol the embedded executor speaks (inngest 4.24.0, request
 * version 2). The SDK's own `serve()` handler is called in-process with a Request; it answers
 *   206 + [op, ...]  the function stopped at steps: StepRun (ran, data), StepError (failed, retry), StepFailed
 *                    (failed for good), Sleep (name = duration or ISO date), StepPlanned (parallel steps: call
 *                    again with stepId = the op's id), WaitForEvent, InvokeFunction, RunComplete (data = result);
 *   200 + result     the function returned;
 *   4xx/5xx + error  the function threw (x-inngest-no-retry: true = do not retry).
 * tests/integration/workflows/contract.test.ts fails when the SDK changes any of this.
 */
import { z } from "zod";

export const PROTOCOL_VERSION = 2;

export const serializedErrorSchema = z
  .object({ name: z.string().optional(), message: z.string().optional(), stack: z.string().optional() })
  .passthrough();
export type SerializedError = z.infer<typeof serializedErrorSchema>;

export const opSchema = z
  .object({
    id: z.string().min(1),
    op: z.string().min(1),
    name: z.string().optional(),
    displayName: z.string().optional(),
    opts: z.record(z.string(), z.unknown()).optional().nullable(),
    data: z.unknown().optional(),
    error: z.unknown().optional(),
    userland: z.object({ id: z.string() }).passthrough().optional(),
  })
  .passthrough();
export type Op = z.infer<typeof opSchema>;

/** Step results as the SDK reads them from the request body (`steps`). */
export type StepInput = { type: "data"; data: unknown } | { type: "error"; error: unknown };

export interface CallRequest {
  appId: string;
  functionId: string;
  /** "step" to run the function (discovery), or the hashed id of a planned step to run just that step. */
  stepId: string;
  event: Record<string, unknown>;
  steps: Record<string, StepInput>;
  /** Hashed ids in the order their results arrived. */
  stack: string[];
  runId: string;
  attempt: number;
  maxAttempts: number;
}

export type CallResult =
  | { kind: "ops"; ops: Op[] }
  | { kind: "complete"; data: unknown }
  | { kind: "error"; status: number; retriable: boolean; retryAfterMs: number | null; error: SerializedError };

export type ServeHandler = (req: Request) => Promise<Response>;

/** The body of the request the Inngest executor sends (never `fn_id`: that would switch the SDK to checkpointing). */
export function requestBody(req: CallRequest) {
  return {
    version: PROTOCOL_VERSION,
    event: req.event,
    events: [req.event],
    steps: req.steps,
    ctx: {
      run_id: req.runId,
      attempt: req.attempt,
      max_attempts: req.maxAttempts,
      disable_immediate_execution: false,
      use_api: false,
      stack: { stack: req.stack, current: req.stack.length },
    },
  };
}

export async function callFunction(handler: ServeHandler, req: CallRequest): Promise<CallResult> {
  const url = new URL("http://localhost/api/inngest");
  url.searchParams.set("fnId", req.functionId);
  url.searchParams.set("stepId", req.stepId);
  const res = await handler(
    new Request(url, {
      method: "POST",
      headers: { "content-type": "application/json", host: "localhost" },
      body: JSON.stringify(requestBody(req)),
    }),
  );
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = { message: text.slice(0, 2000) };
  }
  if (res.status === 206) {
    const ops = z.array(opSchema).parse(body);
    const complete = ops.find((o) => o.op === "RunComplete");
    if (complete) return { kind: "complete", data: unwrapComplete(complete.data) };
    return { kind: "ops", ops };
  }
  if (res.status >= 200 && res.status < 300) return { kind: "complete", data: body };
  const parsed = serializedErrorSchema.safeParse(body);
  const error: SerializedError = parsed.success ? parsed.data : { message: text.slice(0, 2000) };
  const noRetry = res.headers.get("x-inngest-no-retry") === "true";
  return { kind: "error", status: res.status, retriable: !noRetry, retryAfterMs: retryAfter(res.headers.get("retry-after")), error };
}

function unwrapComplete(data: unknown): unknown {
  // RunComplete carries the response the SDK built ({ data, ... }) when checkpointing; plain data otherwise.
  if (data && typeof data === "object" && "data" in data && "status" in data) return (data as { data: unknown }).data;
  return data;
}

function retryAfter(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

export function errorMessage(error: unknown): string {
  const parsed = serializedErrorSchema.safeParse(error);
  if (parsed.success && parsed.data.message) return parsed.data.name && parsed.data.name !== "Error" ? `${parsed.data.name}: ${parsed.data.message}` : parsed.data.message;
  return typeof error === "string" ? error : JSON.stringify(error);
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * When a Sleep op wakes: its `name` is a duration ("10s", "1h30m", as the SDK formats it) or an ISO date
 * (sleepUntil). Null when unreadable.
 */
export function sleepUntil(name: string | undefined, now: Date): Date | null {
  if (!name) return null;
  const trimmed = name.trim();
  const units = [...trimmed.matchAll(/(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)/g)];
  if (units.length && units.map((u) => u[0]).join("") === trimmed.replace(/\s+/g, "")) {
    const ms = units.reduce((sum, u) => sum + Number(u[1]) * UNIT_MS[u[2]!]!, 0);
    return new Date(now.getTime() + ms);
  }
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : new Date(at);
}
