/**
 * SyncOperation bookkeeping: an operation with ordered steps, each with status, times, counts and error.
 */
import type { OperationStatus, Prisma, PrismaClient, SyncKind } from "@/server/db";
import { redactSecrets } from "@/server/logger";

export async function createSyncOperation(
  db: PrismaClient,
  fabricId: string,
  opts: { kind: SyncKind; trigger?: string; requestedBy?: string | null; steps: readonly string[] },
): Promise<string> {
  const op = await db.syncOperation.create({
    data: {
      fabricId,
      kind: opts.kind,
      trigger: opts.trigger ?? "manual",
      requestedBy: opts.requestedBy ?? null,
      status: "queued",
      steps: { create: opts.steps.map((name, position) => ({ name, position, status: "queued" as OperationStatus })) },
    },
    select: { id: true },
  });
  return op.id;
}

export function errorText(e: unknown): string {
  return redactSecrets(e instanceof Error ? e.message : String(e));
}

function json(v: unknown): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(v ?? {})) as Prisma.InputJsonValue;
}

export async function startOperation(db: PrismaClient, operationId: string): Promise<void> {
  await db.syncOperation.update({ where: { id: operationId }, data: { status: "running", startedAt: new Date() } });
}

export async function finishOperation(
  db: PrismaClient,
  operationId: string,
  outcome: { status: "succeeded" | "failed"; counts?: Record<string, unknown>; error?: string | null },
): Promise<void> {
  await db.syncOperation.update({
    where: { id: operationId },
    data: { status: outcome.status, finishedAt: new Date(), counts: json(outcome.counts), error: outcome.error ?? null },
  });
  // Steps that never ran are cancelled, so a poller sees a finished operation.
  await db.syncStep.updateMany({ where: { operationId, status: { in: ["queued", "running"] } }, data: { status: "cancelled", finishedAt: new Date() } });
}

/** Runs one step: running → succeeded with its counts, or failed with the error (rethrown). */
export async function runStep<T>(
  db: PrismaClient,
  operationId: string,
  name: string,
  fn: () => Promise<T>,
  counts: (result: T) => Record<string, unknown> = () => ({}),
): Promise<T> {
  await db.syncStep.upsert({
    where: { operationId_name: { operationId, name } },
    create: { operationId, name, position: 99, status: "running", startedAt: new Date() },
    update: { status: "running", startedAt: new Date(), error: null },
  });
  try {
    const result = await fn();
    await db.syncStep.update({
      where: { operationId_name: { operationId, name } },
      data: { status: "succeeded", finishedAt: new Date(), counts: json(counts(result)) },
    });
    return result;
  } catch (e) {
    await db.syncStep.update({
      where: { operationId_name: { operationId, name } },
      data: { status: "failed", finishedAt: new Date(), error: errorText(e) },
    });
    throw e;
  }
}
