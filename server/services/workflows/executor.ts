/**
 * The embedded workflow executor: what Inngest's server does, in-process, for installations without Inngest.
 *
 * It drives the SAME Inngest function objects through the SDK's own `serve()` handler (called with a Request, no
 * HTTP listener) and keeps all state in the database:
 *   - `WorkflowEvent`: every event (its id deduplicates: a repeated id starts nothing);
 *   - `WorkflowRun`: one row per function run with the memoised step results (`steps`, keyed by hashed step id,
 *     with their order `seq`), attempt, `runAfter` (sleep timers, retry backoff), and a lease (`lockedBy`,
 *     `lockedUntil`) renewed while a process drives the run.
 * A restart resumes every run from its stored steps (a step whose result was stored never runs again); a run whose
 * process died is taken over when its lease expires (at once on the single-process embedded database).
 *
 * Concurrency: a run holds its slot from its first step until it finishes (also while sleeping or waiting for a
 * retry), so two runs with the same key never interleave. Claims are serialised with a PostgreSQL advisory lock,
 * which makes the limits hold across processes. Order: priority (desc), then due time.
 */
import { randomUUID } from "node:crypto";
import { Cron } from "croner";
import type { Inngest } from "inngest";
import { serve } from "inngest/edge";
import { z } from "zod";
import type { Prisma, PrismaClient, WorkflowRun } from "@/server/db";
import { logger } from "@/server/logger";
import { publish } from "./bus";
import { concurrencyKeyOf, functionConfigs, priorityOf, toSpec, type AnyInngestFunction, type FunctionSpec } from "./config";
import { callFunction, errorMessage, sleepUntil, type CallResult, type Op, type ServeHandler, type StepInput } from "./protocol";

export const FUNCTION_FAILED_EVENT = "inngest/function.failed";
export const CRON_EVENT = "inngest/scheduled.timer";

/** A memoised step as stored in `WorkflowRun.steps` (the SDK gets `{type, data|error}`; the rest is for people). */
export const storedStepSchema = z.object({
  type: z.enum(["data", "error"]),
  data: z.unknown().optional(),
  error: z.unknown().optional(),
  seq: z.number().int(),
  name: z.string(),
  op: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  /** Attempts the step took (1 = first try). */
  attempts: z.number().int().optional(),
});
export type StoredStep = z.infer<typeof storedStepSchema>;
const stepsSchema = z.record(z.string(), storedStepSchema);

export interface ExecutorOptions {
  db: PrismaClient;
  /** "pglite" is single-process: leases left by a dead process are released at start. */
  dbKind: "pglite" | "postgres";
  client: Inngest.Any;
  functions: AnyInngestFunction[];
  /** Identifies this process in leases. */
  workerId?: string;
  /** Runs driven at the same time by this process (default 8). */
  maxConcurrency?: number;
  /** Lease length; renewed every third of it while a run is driven (default 60 s). */
  leaseMs?: number;
  /** How often to look for due runs when nothing woke the executor (default 1 s). */
  pollMs?: number;
  /** Delay before retry number `attempt` (1-based). Default: 1 s × 2^(attempt-1), at most 10 min, ±20 %. */
  backoffMs?: (attempt: number) => number;
  /** Fire the functions' cron triggers (default true). */
  cron?: boolean;
}

export interface QueueStats {
  /** Runs due now and waiting for a slot. */
  queued: number;
  /** Runs being driven, sleeping or waiting for a retry. */
  running: number;
  /** Queued runs whose time has not come yet (sleeps, backoff, delayed). */
  scheduled: number;
  oldestQueuedAgeMs: number | null;
}

const CLAIM_LOCK_KEY = 72707370;

export function defaultBackoffMs(attempt: number): number {
  const base = Math.min(600_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

function json(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value ?? null)) as Prisma.InputJsonValue;
}

export class EmbeddedExecutor {
  readonly workerId: string;
  readonly specs: ReadonlyMap<string, FunctionSpec>;
  private readonly db: PrismaClient;
  private readonly handler: ServeHandler;
  private readonly appId: string;
  private readonly maxConcurrency: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly backoff: (attempt: number) => number;
  private readonly cronEnabled: boolean;
  private readonly dbKind: "pglite" | "postgres";
  private readonly active = new Map<string, Promise<void>>();
  private crons: Cron[] = [];
  private timer: NodeJS.Timeout | null = null;
  private pumping = false;
  private pumpAgain = false;
  private running = false;
  private startError: Error | null = null;

  constructor(opts: ExecutorOptions) {
    this.db = opts.db;
    this.dbKind = opts.dbKind;
    this.appId = opts.client.id;
    this.workerId = opts.workerId ?? `${process.pid}-${randomUUID().slice(0, 8)}`;
    this.maxConcurrency = opts.maxConcurrency ?? 8;
    this.leaseMs = opts.leaseMs ?? 60_000;
    this.pollMs = opts.pollMs ?? 1000;
    this.backoff = opts.backoffMs ?? defaultBackoffMs;
    this.cronEnabled = opts.cron ?? true;
    const specs = new Map<string, FunctionSpec>();
    for (const fn of opts.functions) {
      for (const config of functionConfigs(fn, this.appId)) specs.set(config.id, toSpec(config));
    }
    this.specs = specs;
    // The SDK's own handler; `serve` from inngest/edge takes a Request and answers a Response.
    this.handler = serve({ client: opts.client, functions: opts.functions });
  }

  get isRunning(): boolean {
    return this.running;
  }

  get error(): Error | null {
    return this.startError;
  }

  async start(): Promise<void> {
    if (this.running) return;
    try {
      if (this.dbKind === "pglite") {
        // Only this process can open the embedded database: every lease in it belongs to a dead process.
        await this.db.workflowRun.updateMany({ where: { lockedBy: { not: null } }, data: { lockedBy: null, lockedUntil: null } });
      }
      this.running = true;
      if (this.cronEnabled) this.startCrons();
      this.wake();
    } catch (error) {
      this.startError = error instanceof Error ? error : new Error(String(error));
      throw error;
    }
  }

  /** Stops taking work, waits for the runs in flight to reach their next stored step, and releases their leases. */
  async stop(): Promise<void> {
    this.running = false;
    for (const c of this.crons) c.stop();
    this.crons = [];
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.active.values()]);
  }

  // ───────────── events ─────────────

  /**
   * Stores an event and creates a queued run for every function it triggers, in one transaction. An event whose
   * id was already stored starts nothing (idempotent sends). Returns the ids of the new runs.
   */
  async enqueue(name: string, data: Record<string, unknown>, opts: { id?: string; ts?: number; only?: string } = {}): Promise<{ eventId: string; runIds: string[] }> {
    const [result] = await this.enqueueMany([{ name, data, ...opts }]);
    return result!;
  }

  /** `enqueue` for many events in one transaction (the scheduler's 100 due fabrics: one round of inserts). */
  async enqueueMany(events: ReadonlyArray<{ name: string; data: Record<string, unknown>; id?: string; ts?: number; only?: string }>): Promise<Array<{ eventId: string; runIds: string[] }>> {
    const now = new Date();
    const prepared = events.map((e) => {
      const eventId = e.id ?? randomUUID();
      const event = { name: e.name, data: e.data, id: eventId, ts: e.ts ?? Date.now() };
      const specs = [...this.specs.values()].filter((s) => (e.only ? s.id === e.only : s.events.includes(e.name)));
      return { eventId, event, specs };
    });
    const created = await this.db.$transaction(async (tx) => {
      const inserted = await tx.workflowEvent.createManyAndReturn({
        data: prepared.map((p) => ({ id: p.eventId, name: p.event.name, data: json(p.event.data), createdAt: now })),
        skipDuplicates: true,
        select: { id: true },
      });
      const fresh = new Set(inserted.map((r) => r.id));
      const rows = prepared
        .filter((p) => fresh.has(p.eventId))
        .flatMap((p) =>
          p.specs.map((spec) => ({
            id: randomUUID(),
            functionId: spec.id,
            eventId: p.eventId,
            event: json(p.event),
            concurrencyKey: concurrencyKeyOf(spec, p.event),
            priority: priorityOf(spec, p.event),
            status: "queued" as const,
            runAfter: now,
            createdAt: now,
          })),
        );
      if (rows.length) await tx.workflowRun.createMany({ data: rows });
      return rows;
    });
    for (const row of created) this.announce(row.id, "queued", prepared.find((p) => p.eventId === row.eventId)!.event);
    if (created.length) this.wake();
    return prepared.map((p) => ({ eventId: p.eventId, runIds: created.filter((r) => r.eventId === p.eventId).map((r) => r.id) }));
  }

  private startCrons(): void {
    for (const spec of this.specs.values()) {
      for (const expression of spec.crons) {
        const tz = /^(?:CRON_)?TZ=(\S+)\s+(.*)$/.exec(expression);
        const job = new Cron(tz ? tz[2]! : expression, { timezone: tz?.[1], protect: true }, async (self: Cron) => {
          const at = self.currentRun() ?? new Date();
          at.setMilliseconds(0);
          try {
            // One event per function and tick, whichever instance fires first.
            await this.enqueue(CRON_EVENT, { cron: expression }, { id: `cron:${spec.id}:${at.toISOString()}`, ts: at.getTime(), only: spec.id });
          } catch (err) {
            logger.error({ err, functionId: spec.id }, "workflows: could not enqueue a cron run");
          }
        });
        this.crons.push(job);
      }
    }
  }

  // ───────────── the loop ─────────────

  /** Looks for due runs now (called after enqueueing, when a run ends, and by the poll timer). */
  wake(): void {
    if (!this.running) return;
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    void this.pump()
      .catch((err: unknown) => logger.error({ err }, "workflows: claiming runs failed"))
      .finally(() => {
        this.pumping = false;
        if (this.pumpAgain) {
          this.pumpAgain = false;
          this.wake();
        } else this.schedulePoll();
      });
  }

  private schedulePoll(): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.wake(), this.pollMs);
    this.timer.unref?.();
  }

  private async pump(): Promise<void> {
    while (this.running && this.active.size < this.maxConcurrency) {
      const run = await this.claim();
      if (!run) return;
      const driving = this.drive(run)
        .catch((err: unknown) => logger.error({ err, runId: run.id }, "workflows: driving a run failed"))
        .finally(() => {
          this.active.delete(run.id);
          this.wake();
        });
      this.active.set(run.id, driving);
    }
  }

  private async claim(): Promise<WorkflowRun | null> {
    const now = new Date();
    const until = new Date(now.getTime() + this.leaseMs);
    const limits: Record<string, { key: number | null; fn: number | null }> = {};
    for (const spec of this.specs.values()) {
      limits[spec.id] = {
        key: spec.concurrency.find((r) => r.key !== null)?.limit ?? null,
        fn: spec.concurrency.find((r) => r.key === null)?.limit ?? null,
      };
    }
    const ids = [...this.specs.keys()];
    const limitsJson = JSON.stringify(limits);
    const claimed = await this.db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CLAIM_LOCK_KEY}::bigint)`;
      return tx.$queryRaw<{ id: string }[]>`
        UPDATE "WorkflowRun" SET status = 'running', "lockedBy" = ${this.workerId}, "lockedUntil" = ${until},
               "startedAt" = COALESCE("startedAt", ${now}), "updatedAt" = ${now}
        WHERE id = (
          SELECT r.id FROM "WorkflowRun" r
          WHERE r.status IN ('queued', 'running') AND r."runAfter" <= ${now}
            AND (r."lockedUntil" IS NULL OR r."lockedUntil" < ${now})
            AND r."functionId" = ANY(${ids}::text[])
            AND (r.status = 'running' OR (
              (r."concurrencyKey" IS NULL OR (${limitsJson}::jsonb -> r."functionId" ->> 'key') IS NULL
                OR (SELECT count(*) FROM "WorkflowRun" o WHERE o."functionId" = r."functionId" AND o."concurrencyKey" = r."concurrencyKey" AND o.status = 'running')
                   < (${limitsJson}::jsonb -> r."functionId" ->> 'key')::int)
              AND ((${limitsJson}::jsonb -> r."functionId" ->> 'fn') IS NULL
                OR (SELECT count(*) FROM "WorkflowRun" o WHERE o."functionId" = r."functionId" AND o.status = 'running')
                   < (${limitsJson}::jsonb -> r."functionId" ->> 'fn')::int)))
          ORDER BY r.priority DESC, r."runAfter", r."createdAt", r.id
          LIMIT 1)
        RETURNING id`;
    });
    if (!claimed[0]) return null;
    return this.db.workflowRun.findUnique({ where: { id: claimed[0].id } });
  }

  /** Renews the lease while `work` runs; resolves to false when the lease was lost (another process took the run). */
  private async withLease(runId: string, work: (owned: () => boolean) => Promise<void>): Promise<void> {
    let owned = true;
    const renew = setInterval(() => {
      this.db.workflowRun
        .updateMany({ where: { id: runId, lockedBy: this.workerId }, data: { lockedUntil: new Date(Date.now() + this.leaseMs) } })
        .then((r) => {
          if (r.count === 0) owned = false;
        })
        .catch((err: unknown) => logger.warn({ err, runId }, "workflows: lease renewal failed"));
    }, Math.max(200, Math.floor(this.leaseMs / 3)));
    renew.unref?.();
    try {
      await work(() => owned);
    } finally {
      clearInterval(renew);
    }
  }

  // ───────────── driving one run ─────────────

  private async drive(run: WorkflowRun): Promise<void> {
    const spec = this.specs.get(run.functionId);
    if (!spec) return;
    const event = z.record(z.string(), z.unknown()).parse(run.event);
    const steps = stepsSchema.parse(run.steps ?? {});
    let attempt = run.attempt;
    const startedAt = run.startedAt ?? new Date();
    if (run.status === "queued" || run.attempt === 0) this.announce(run.id, "running", event);

    await this.withLease(run.id, async (owned) => {
      const save = async (data: Prisma.WorkflowRunUpdateManyMutationInput): Promise<boolean> => {
        if (!owned()) return false;
        const r = await this.db.workflowRun.updateMany({ where: { id: run.id, lockedBy: this.workerId }, data: { ...data, updatedAt: new Date() } });
        return r.count === 1;
      };
      const stack = () => Object.entries(steps).sort((a, b) => a[1].seq - b[1].seq).map(([id]) => id);
      const inputs = (): Record<string, StepInput> =>
        Object.fromEntries(Object.entries(steps).map(([id, s]) => [id, s.type === "data" ? { type: "data", data: s.data ?? null } : { type: "error", error: s.error }]));
      const store = (op: Op, type: "data" | "error", value: unknown, began: Date) => {
        const seq = Object.keys(steps).length;
        steps[op.id] = {
          type,
          ...(type === "data" ? { data: value ?? null } : { error: value }),
          seq,
          name: op.displayName ?? op.userland?.id ?? op.name ?? op.id,
          op: op.op,
          startedAt: began.toISOString(),
          finishedAt: new Date().toISOString(),
          attempts: attempt + 1,
        };
        this.announceStep(run.id, spec, event, steps[op.id]!);
      };
      const fail = async (message: string, error: unknown) => {
        const done = await save({ status: "failed", error: message, steps: json(steps), attempt, finishedAt: new Date(), lockedBy: null, lockedUntil: null });
        if (!done) return;
        this.announce(run.id, "failed", event, message);
        const failure = [...this.specs.values()].find((s) => s.failureOf === spec.id);
        if (failure) {
          await this.enqueue(
            FUNCTION_FAILED_EVENT,
            { function_id: spec.id, run_id: run.id, error: toJsonError(error, message), event },
            { id: `failed:${run.id}`, only: failure.id },
          );
        }
      };
      /** Retry later: attempt + 1 after the backoff (or the SDK's Retry-After). */
      const retry = async (message: string, delayMs: number | null) => {
        attempt += 1;
        const runAfter = new Date(Date.now() + (delayMs ?? this.backoff(attempt)));
        await save({ attempt, error: message, steps: json(steps), runAfter, lockedBy: null, lockedUntil: null });
        this.announce(run.id, "retrying", event, message);
      };

      for (;;) {
        if (!this.running || !owned()) {
          await save({ lockedBy: null, lockedUntil: null });
          return;
        }
        if (spec.finishTimeoutMs !== null && Date.now() - startedAt.getTime() > spec.finishTimeoutMs) {
          await fail(`Timed out: the run did not finish within ${Math.round(spec.finishTimeoutMs / 1000)} s`, { name: "TimeoutError", message: "timed out" });
          return;
        }
        const began = new Date();
        const result = await this.call(spec, run.id, "step", event, inputs(), stack(), attempt);
        if (!owned()) return;
        if (result.kind === "complete") {
          const done = await save({ status: "succeeded", output: json(result.data), error: null, steps: json(steps), attempt, finishedAt: new Date(), lockedBy: null, lockedUntil: null });
          if (done) this.announce(run.id, "succeeded", event);
          return;
        }
        if (result.kind === "error") {
          const message = errorMessage(result.error);
          if (!result.retriable || attempt + 1 >= spec.retries + 1) await fail(message, result.error);
          else await retry(message, result.retryAfterMs);
          return;
        }

        // 206: the function stopped at one or more steps.
        let pending: Op[] = result.ops;
        const planned = pending.filter((o) => o.op === "StepPlanned");
        if (planned.length) {
          // Parallel steps: run each one on its own (the SDK runs exactly the requested step).
          const outcomes = await Promise.all(
            planned.map(async (p) => ({ began: new Date(), result: await this.call(spec, run.id, p.id, event, inputs(), stack(), attempt) })),
          );
          pending = [];
          for (const o of outcomes) {
            if (o.result.kind === "ops") pending.push(...o.result.ops);
            else if (o.result.kind === "error") {
              await this.handleOps(pending, steps, store, o.began);
              const message = errorMessage(o.result.error);
              if (!o.result.retriable || attempt + 1 >= spec.retries + 1) await fail(message, o.result.error);
              else await retry(message, o.result.retryAfterMs);
              return;
            }
          }
        }
        const outcome = await this.handleOps(pending, steps, store, began);
        if (outcome.kind === "unsupported") {
          await fail(`The embedded executor does not support ${outcome.op} (step "${outcome.name}")`, { name: "NonRetriableError", message: `unsupported op ${outcome.op}` });
          return;
        }
        if (outcome.kind === "step-error") {
          await retry(outcome.message, null);
          return;
        }
        if (outcome.progressed) attempt = 0;
        if (outcome.wakeAt && outcome.wakeAt.getTime() > Date.now()) {
          // A persisted timer: the run is picked up again when it is due (by any process).
          await save({ steps: json(steps), attempt, error: null, runAfter: outcome.wakeAt, lockedBy: null, lockedUntil: null });
          this.announce(run.id, "sleeping", event);
          return;
        }
        if (!(await save({ steps: json(steps), attempt, error: null }))) return;
      }
    });
  }

  /** Applies the ops of one response to the memoised steps. */
  private async handleOps(
    ops: Op[],
    steps: Record<string, StoredStep>,
    store: (op: Op, type: "data" | "error", value: unknown, began: Date) => void,
    began: Date,
  ): Promise<
    | { kind: "ok"; progressed: boolean; wakeAt: Date | null }
    | { kind: "step-error"; message: string }
    | { kind: "unsupported"; op: string; name: string }
  > {
    let progressed = false;
    let wakeAt: Date | null = null;
    let stepError: string | null = null;
    for (const op of ops) {
      switch (op.op) {
        case "StepRun":
        case "Step":
          store(op, "data", op.data, began);
          progressed = true;
          break;
        case "StepFailed":
          // Retries exhausted: the SDK throws the error inside the function on the next call.
          store(op, "error", op.error, began);
          progressed = true;
          break;
        case "StepError":
          stepError = `step "${op.displayName ?? op.name ?? op.id}": ${errorMessage(op.error)}`;
          break;
        case "Sleep": {
          const until = sleepUntil(op.name, new Date()) ?? new Date();
          store(op, "data", null, began);
          steps[op.id]!.finishedAt = until.toISOString();
          progressed = true;
          if (!wakeAt || until > wakeAt) wakeAt = until;
          break;
        }
        case "WaitForEvent": {
          // Events are not matched by the embedded executor: the wait ends at its timeout with null.
          const until = sleepUntil(typeof op.opts?.timeout === "string" ? op.opts.timeout : undefined, new Date()) ?? new Date();
          store(op, "data", null, began);
          progressed = true;
          if (!wakeAt || until > wakeAt) wakeAt = until;
          break;
        }
        case "StepPlanned":
          break;
        default:
          return { kind: "unsupported", op: op.op, name: op.displayName ?? op.name ?? op.id };
      }
    }
    if (stepError) return { kind: "step-error", message: stepError };
    return { kind: "ok", progressed, wakeAt };
  }

  private async call(spec: FunctionSpec, runId: string, stepId: string, event: Record<string, unknown>, steps: Record<string, StepInput>, stack: string[], attempt: number): Promise<CallResult> {
    try {
      return await callFunction(this.handler, {
        appId: this.appId,
        functionId: spec.id,
        stepId,
        event,
        steps,
        stack,
        runId,
        attempt,
        maxAttempts: spec.retries + 1,
      });
    } catch (error) {
      return { kind: "error", status: 500, retriable: true, retryAfterMs: null, error: toJsonError(error, error instanceof Error ? error.message : String(error)) };
    }
  }

  // ───────────── live progress ─────────────

  private announce(runId: string, status: string, event: Record<string, unknown>, error?: string): void {
    const data = z.object({ data: z.record(z.string(), z.unknown()).optional(), name: z.string().optional() }).safeParse(event);
    const eventData = data.success ? (data.data.data ?? {}) : {};
    const fabricId = typeof eventData.fabricId === "string" ? eventData.fabricId : null;
    publish({ topic: "run", fabricId, data: { runId, status, event: data.success ? (data.data.name ?? null) : null, error: error ?? null } });
  }

  private announceStep(runId: string, spec: FunctionSpec, event: Record<string, unknown>, step: StoredStep): void {
    const eventData = z.object({ data: z.record(z.string(), z.unknown()).optional() }).safeParse(event);
    const d = eventData.success ? (eventData.data.data ?? {}) : {};
    const fabricId = typeof d.fabricId === "string" ? d.fabricId : null;
    publish({
      topic: "run",
      fabricId,
      data: { runId, functionId: spec.id, step: step.name, status: step.type === "data" ? "step-done" : "step-failed" },
    });
  }

  // ───────────── state ─────────────

  async stats(): Promise<QueueStats> {
    return queueStats(this.db, [...this.specs.keys()]);
  }
}

export async function queueStats(db: PrismaClient, functionIds?: string[]): Promise<QueueStats> {
  const now = new Date();
  const where = functionIds ? { functionId: { in: functionIds } } : {};
  const [queued, running, scheduled, oldest] = await Promise.all([
    db.workflowRun.count({ where: { ...where, status: "queued", runAfter: { lte: now } } }),
    db.workflowRun.count({ where: { ...where, status: "running" } }),
    db.workflowRun.count({ where: { ...where, status: "queued", runAfter: { gt: now } } }),
    db.workflowRun.findFirst({ where: { ...where, status: "queued", runAfter: { lte: now } }, orderBy: { runAfter: "asc" }, select: { runAfter: true } }),
  ]);
  return { queued, running, scheduled, oldestQueuedAgeMs: oldest ? now.getTime() - oldest.runAfter.getTime() : null };
}

function toJsonError(error: unknown, message: string): { name: string; message: string; stack?: string } {
  const parsed = z.object({ name: z.string().optional(), message: z.string().optional(), stack: z.string().optional() }).safeParse(error);
  if (parsed.success) return { name: parsed.data.name ?? "Error", message: parsed.data.message ?? message, stack: parsed.data.stack };
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: "Error", message };
}
