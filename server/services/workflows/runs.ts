/**
 * Workflow runs of the embedded executor as the jobs page shows them: status, phase, steps with durations, errors.
 */
import { z } from "zod";
import type { Prisma, PrismaClient } from "@/server/db";
import { notFound } from "@/server/services/errors";
import { pageArgs, toPage, type PageInput } from "@/server/services/pagination";
import { engineHealth, engineState } from "./engine";
import { storedStepSchema } from "./executor";


export const runStatusSchema = z.enum(["queued", "running", "succeeded", "failed", "cancelled"]);

export const runListInput = z.object({
  status: runStatusSchema.optional(),
  functionId: z.string().min(1).optional(),
  fabricId: z.string().min(1).optional(),
});

export const runStepOutput = z.object({
  id: z.string(),
  name: z.string(),
  op: z.string(),
  status: z.enum(["succeeded", "failed", "sleeping"]),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number(),
  error: z.string().nullable(),
});

export const runOutput = z.object({
  id: z.string(),
  functionId: z.string(),
  functionName: z.string(),
  eventName: z.string().nullable(),
  fabricId: z.string().nullable(),
  status: runStatusSchema,
  /** What a running run is doing: active (a process drives it), sleeping, retrying (backoff), waiting. */
  phase: z.enum(["queued", "active", "sleeping", "retrying", "done"]),
  concurrencyKey: z.string().nullable(),
  priority: z.number(),
  attempt: z.number(),
  error: z.string().nullable(),
  runAfter: z.string(),
  lockedBy: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  steps: z.array(runStepOutput),
});
export type RunDto = z.infer<typeof runOutput>;

type RunRow = Prisma.WorkflowRunGetPayload<object>;

function toRunDto(r: RunRow): RunDto {
  const event = z.object({ name: z.string().optional(), data: z.record(z.string(), z.unknown()).optional() }).safeParse(r.event);
  const fabricId = event.success && typeof event.data.data?.fabricId === "string" ? event.data.data.fabricId : null;
  const stored = z.record(z.string(), storedStepSchema).safeParse(r.steps);
  const now = Date.now();
  const steps = stored.success
    ? Object.entries(stored.data)
        .sort((a, b) => a[1].seq - b[1].seq)
        .map(([id, s]) => {
          const started = Date.parse(s.startedAt);
          const finished = Date.parse(s.finishedAt);
          const sleeping = s.op === "Sleep" && finished > now;
          return {
            id,
            name: s.name,
            op: s.op,
            status: s.type === "error" ? ("failed" as const) : sleeping ? ("sleeping" as const) : ("succeeded" as const),
            startedAt: s.startedAt,
            finishedAt: s.finishedAt,
            durationMs: Math.max(0, finished - started),
            error: s.type === "error" ? errorText(s.error) : null,
          };
        })
    : [];
  const phase =
    r.status === "queued"
      ? "queued"
      : r.status !== "running"
        ? "done"
        : r.lockedBy && r.lockedUntil && r.lockedUntil.getTime() > now
          ? "active"
          : r.runAfter.getTime() > now
            ? r.attempt > 0
              ? "retrying"
              : "sleeping"
            : "queued";
  const spec = engineState().executor?.specs.get(r.functionId);
  return {
    id: r.id,
    functionId: r.functionId,
    functionName: spec?.name ?? r.functionId.replace(/^hedgehog-fabric-manager-/, ""),
    eventName: event.success ? (event.data.name ?? null) : null,
    fabricId,
    status: r.status,
    phase,
    concurrencyKey: r.concurrencyKey,
    priority: r.priority,
    attempt: r.attempt,
    error: r.error,
    runAfter: r.runAfter.toISOString(),
    lockedBy: r.lockedBy,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    durationMs: r.startedAt ? (r.finishedAt ?? new Date()).getTime() - r.startedAt.getTime() : null,
    steps,
  };
}

function errorText(error: unknown): string {
  const parsed = z.object({ message: z.string() }).safeParse(error);
  return parsed.success ? parsed.data.message : JSON.stringify(error);
}

export async function listRuns(db: PrismaClient, page: PageInput, filter: z.infer<typeof runListInput>) {
  const where: Prisma.WorkflowRunWhereInput = {
    status: filter.status,
    functionId: filter.functionId,
    ...(filter.fabricId ? { event: { path: ["data", "fabricId"], equals: filter.fabricId } } : {}),
  };
  const rows = await db.workflowRun.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "asc" }], ...pageArgs(page) });
  return toPage(rows, page, toRunDto);
}

export async function getRun(db: PrismaClient, id: string): Promise<RunDto> {
  const row = await db.workflowRun.findUnique({ where: { id } });
  if (!row) throw notFound("Workflow run");
  return toRunDto(row);
}

const countsSchema = z.object({ queued: z.number(), running: z.number(), succeeded: z.number(), failed: z.number(), cancelled: z.number() });
export const engineOverviewOutput = z.object({
  ok: z.boolean(),
  mode: z.enum(["inngest", "embedded"]),
  running: z.boolean(),
  message: z.string().optional(),
  queue: z
    .object({ queued: z.number(), running: z.number(), scheduled: z.number(), oldestQueuedAgeMs: z.number().nullable(), oldestQueuedAgeSeconds: z.number().nullable() })
    .optional(),
  counts: countsSchema,
  worker: z.string().nullable(),
  functions: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      events: z.array(z.string()),
      crons: z.array(z.string()),
      retries: z.number(),
      concurrency: z.array(z.object({ key: z.string().nullable(), limit: z.number() })),
      priority: z.string().nullable(),
    }),
  ),
});
export type EngineOverview = z.infer<typeof engineOverviewOutput>;

export async function engineOverview(db: PrismaClient): Promise<EngineOverview> {
  const health = await engineHealth(db);
  const byStatus = await db.workflowRun.groupBy({ by: ["status"], _count: { _all: true } });
  const counts = { queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 };
  for (const g of byStatus) counts[g.status] = g._count._all;
  const s = engineState();
  return {
    ...health,
    counts,
    worker: s.executor?.workerId ?? null,
    functions: s.executor
      ? [...s.executor.specs.values()].map((f) => ({ id: f.id, name: f.name, events: f.events, crons: f.crons, retries: f.retries, concurrency: f.concurrency, priority: f.priority }))
      : [],
  };
}
