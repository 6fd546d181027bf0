/**
 * What the embedded executor needs to know about each function, read from the SDK's own `getConfig()` (the
 * document a real Inngest receives when the app registers): triggers, retries, concurrency, priority, timeouts.
 */
import type { InngestFunction } from "inngest";
import { z } from "zod";

/** Any function object created by `inngest.createFunction` (its generics do not matter to the executor). */
export type AnyInngestFunction = InngestFunction.Any;

const functionConfigSchema = z
  .object({
    id: z.string(),
    name: z.string().optional(),
    triggers: z.array(z.object({ event: z.string().optional(), expression: z.string().optional(), cron: z.string().optional() }).passthrough()),
    steps: z.record(z.string(), z.object({ retries: z.object({ attempts: z.number().int() }).optional() }).passthrough()),
    concurrency: z
      .union([z.number(), z.array(z.object({ key: z.string().optional(), limit: z.number().int(), scope: z.string().optional() }).passthrough())])
      .optional(),
    priority: z.object({ run: z.string().optional() }).passthrough().optional(),
    timeouts: z.object({ start: z.string().optional(), finish: z.string().optional() }).passthrough().optional(),
  })
  .passthrough();
export type RawFunctionConfig = z.infer<typeof functionConfigSchema>;

export interface ConcurrencyRule {
  /** A path into the event (`event.data.fabricId`), or null for a limit on the whole function. */
  key: string | null;
  limit: number;
}

export interface FunctionSpec {
  /** Full id as the serve handler knows it: `<app id>-<function id>`. */
  id: string;
  name: string;
  events: string[];
  crons: string[];
  /** For `<id>-failure` handlers: the function whose failures they handle. */
  failureOf: string | null;
  retries: number;
  concurrency: ConcurrencyRule[];
  priority: string | null;
  finishTimeoutMs: number | null;
}

/** Inngest's default when a function sets no `retries`. */
export const DEFAULT_RETRIES = 3;

export function functionConfigs(fn: AnyInngestFunction, appId: string): RawFunctionConfig[] {
  const getConfig = (fn as unknown as { getConfig(opts: { baseUrl: URL; appPrefix: string }): unknown }).getConfig;
  const raw = getConfig.call(fn, { baseUrl: new URL("http://localhost/api/inngest"), appPrefix: appId });
  return z.array(functionConfigSchema).parse(raw);
}

const PATH = /^event\.data(\.[A-Za-z_$][\w$]*)+$/;
const FAILURE_EXPRESSION = /^event\.data\.function_id == '([^']+)'$/;

export function toSpec(config: RawFunctionConfig): FunctionSpec {
  const rules: ConcurrencyRule[] =
    typeof config.concurrency === "number"
      ? [{ key: null, limit: config.concurrency }]
      : (config.concurrency ?? []).map((c) => ({ key: c.key ?? null, limit: c.limit }));
  for (const rule of rules) {
    if (rule.key !== null && !PATH.test(rule.key)) {
      throw new Error(`Function ${config.id}: the embedded executor supports concurrency keys of the form event.data.<path>, not "${rule.key}"`);
    }
  }
  if (rules.filter((r) => r.key !== null).length > 1) throw new Error(`Function ${config.id}: at most one keyed concurrency limit is supported`);
  const priority = config.priority?.run ?? null;
  if (priority !== null && !PATH.test(priority) && !/^-?\d+$/.test(priority)) {
    throw new Error(`Function ${config.id}: priority.run must be a number or event.data.<path> for the embedded executor`);
  }
  let failureOf: string | null = null;
  const events: string[] = [];
  const crons: string[] = [];
  for (const t of config.triggers) {
    if (t.cron) crons.push(t.cron);
    if (t.event) {
      const failure = t.event === "inngest/function.failed" && t.expression ? FAILURE_EXPRESSION.exec(t.expression) : null;
      if (failure) failureOf = failure[1]!;
      else if (t.expression) throw new Error(`Function ${config.id}: trigger expressions are not supported by the embedded executor`);
      else events.push(t.event);
    }
  }
  const step = Object.values(config.steps)[0];
  return {
    id: config.id,
    name: config.name ?? config.id,
    events,
    crons,
    failureOf,
    retries: step?.retries?.attempts ?? DEFAULT_RETRIES,
    concurrency: rules,
    priority,
    finishTimeoutMs: config.timeouts?.finish ? durationMs(config.timeouts.finish) : null,
  };
}

/** Reads `event.data.a.b` from an event. */
export function eventPath(event: unknown, expression: string): unknown {
  let cur: unknown = { event };
  for (const part of expression.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

export function concurrencyKeyOf(spec: FunctionSpec, event: unknown): string | null {
  const rule = spec.concurrency.find((r) => r.key !== null);
  if (!rule?.key) return null;
  const value = eventPath(event, rule.key);
  return `${spec.id}:${value === undefined || value === null ? "" : typeof value === "string" ? value : JSON.stringify(value)}`;
}

export function priorityOf(spec: FunctionSpec, event: unknown): number {
  if (!spec.priority) return 0;
  const value = /^-?\d+$/.test(spec.priority) ? Number(spec.priority) : Number(eventPath(event, spec.priority));
  return Number.isFinite(value) ? Math.max(-600, Math.min(600, Math.trunc(value))) : 0;
}

function durationMs(text: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
  let total = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)/g)) total += Number(m[1]) * units[m[2]!]!;
  if (total <= 0) throw new Error(`Unreadable duration "${text}"`);
  return total;
}
