/**
 * The engine of this process: `sendEvent` (Inngest when configured, else the embedded executor), the embedded
 * executor's lifecycle, and its health. HFM's functions are imported lazily (they import services that import
 * this module).
 */
import { z } from "zod";
import { inngest, inngestConfigured, workflowEvents, type WorkflowEventData, type WorkflowEventName } from "@/inngest/client";
import { getDatabase, isPostgresUrl, type PrismaClient } from "@/server/db";
import { logger } from "@/server/logger";
import { connectBus, disconnectBus } from "./bus";
import { EmbeddedExecutor, queueStats, type ExecutorOptions, type QueueStats } from "./executor";

async function hfmFunctions() {
  return (await import("@/inngest/functions")).functions;
}

export type EngineMode = "inngest" | "embedded";

export function engineMode(): EngineMode {
  return inngestConfigured() ? "inngest" : "embedded";
}

interface EngineState {
  executor: EmbeddedExecutor | null;
  starting: Promise<EmbeddedExecutor | null> | null;
  error: string | null;
  disabled: string | null;
}

const holder = globalThis as typeof globalThis & { __hfmWorkflowEngine?: EngineState };
export function engineState(): EngineState {
  holder.__hfmWorkflowEngine ??= { executor: null, starting: null, error: null, disabled: null };
  return holder.__hfmWorkflowEngine;
}

/** Why the embedded engine does not start in this process, or null when it should. */
export function engineDisabledReason(environment: NodeJS.ProcessEnv = process.env): string | null {
  if (environment.HFM_WORKFLOWS === "off") return "HFM_WORKFLOWS=off";
  if (inngestConfigured(environment)) return "Inngest is configured: runs happen through /api/inngest";
  if ((environment.NODE_ENV === "test" || environment.VITEST) && environment.HFM_WORKFLOWS !== "on") {
    return "test environment (set HFM_WORKFLOWS=on to start it)";
  }
  return null;
}

/**
 * Starts the embedded executor with HFM's functions on the app's database (once per process; a no-op when
 * disabled, see engineDisabledReason). A failed start is reported by engineHealth() and retried on the next call.
 */
export function startWorkflowEngine(opts: { force?: boolean } & Partial<Omit<ExecutorOptions, "db" | "dbKind" | "client" | "functions">> = {}): Promise<EmbeddedExecutor | null> {
  const s = engineState();
  if (s.executor) return Promise.resolve(s.executor);
  const reason = opts.force ? null : engineDisabledReason();
  if (reason) {
    s.disabled = reason;
    // With Inngest, steps run in whichever instance Inngest calls: their live progress still fans out.
    if (engineMode() === "inngest" && isPostgresUrl(process.env.DATABASE_URL)) return connectBus(process.env.DATABASE_URL).then(() => null);
    return Promise.resolve(null);
  }
  s.starting ??= (async () => {
    try {
      const db = await getDatabase();
      const executor = new EmbeddedExecutor({ ...opts, db: db.prisma, dbKind: db.kind, client: inngest, functions: await hfmFunctions() });
      await executor.start();
      if (db.kind === "postgres" && isPostgresUrl(process.env.DATABASE_URL)) await connectBus(process.env.DATABASE_URL);
      s.executor = executor;
      s.error = null;
      s.disabled = null;
      logger.info({ functions: [...executor.specs.keys()], worker: executor.workerId }, "workflows: embedded executor started");
      return executor;
    } catch (error) {
      s.error = error instanceof Error ? error.message : String(error);
      logger.error({ err: error }, "workflows: the embedded executor failed to start");
      throw error;
    } finally {
      s.starting = null;
    }
  })();
  return s.starting;
}

export async function stopWorkflowEngine(): Promise<void> {
  const s = engineState();
  const executor = s.executor;
  s.executor = null;
  await executor?.stop();
  await disconnectBus();
}

export function embeddedExecutor(): EmbeddedExecutor | null {
  return engineState().executor;
}

/**
 * Starts the workflows an event triggers. Validated against the event's schema. `id` makes the send idempotent
 * (a second send with the same id starts nothing). Embedded mode without a running executor (tests,
 * HFM_WORKFLOWS=off) still records the runs: they start when an engine does.
 */
export async function sendEvent<N extends WorkflowEventName>(name: N, data: WorkflowEventData<N>, opts: { id?: string } = {}): Promise<{ eventId: string; runIds: string[] }> {
  const [result] = await sendEvents([{ name, data, ...opts }]);
  return result!;
}

export interface EventToSend<N extends WorkflowEventName = WorkflowEventName> {
  name: N;
  data: WorkflowEventData<N>;
  id?: string;
}

/** `sendEvent` for many events at once (one request to Inngest, or one transaction for the embedded engine). */
export async function sendEvents(events: readonly EventToSend[]): Promise<Array<{ eventId: string; runIds: string[] }>> {
  if (events.length === 0) return [];
  const parsed = events.map((e) => {
    const schema: z.ZodType<Record<string, unknown>> = workflowEvents[e.name].schema;
    return { name: e.name, data: schema.parse(e.data), id: e.id };
  });
  if (engineMode() === "inngest") {
    const out = await inngest.send(parsed.map((e) => ({ name: e.name, data: e.data, ...(e.id ? { id: e.id } : {}) })));
    return parsed.map((e, i) => ({ eventId: e.id ?? out.ids[i] ?? "", runIds: [] }));
  }
  const executor = engineState().executor ?? (await recordingExecutor());
  return executor.enqueueMany(parsed);
}

/** An executor that is never started: it only records events and runs for a later engine (one per database). */
const recorders = new WeakMap<PrismaClient, EmbeddedExecutor>();
async function recordingExecutor(): Promise<EmbeddedExecutor> {
  const db = await getDatabase();
  let recorder = recorders.get(db.prisma);
  if (!recorder) {
    recorder = new EmbeddedExecutor({ db: db.prisma, dbKind: db.kind, client: inngest, functions: await hfmFunctions(), cron: false });
    recorders.set(db.prisma, recorder);
  }
  return recorder;
}

export interface EngineHealth {
  ok: boolean;
  mode: EngineMode;
  running: boolean;
  message?: string;
  queue?: QueueStats & { oldestQueuedAgeSeconds: number | null };
}

/** For /api/health/ready: not ready when the embedded engine should run and failed to start. */
export async function engineHealth(db: PrismaClient): Promise<EngineHealth> {
  const mode = engineMode();
  if (mode === "inngest") return { ok: true, mode, running: true, message: "runs are driven by Inngest" };
  const s = engineState();
  const stats = await queueStats(db);
  const queue = { ...stats, oldestQueuedAgeSeconds: stats.oldestQueuedAgeMs === null ? null : Math.round(stats.oldestQueuedAgeMs / 1000) };
  if (s.error) return { ok: false, mode, running: false, message: `The embedded workflow engine failed to start: ${s.error}`, queue };
  if (!s.executor) return { ok: true, mode, running: false, message: s.disabled ? `not started: ${s.disabled}` : "not started", queue };
  return { ok: true, mode, running: s.executor.isRunning, queue };
}
