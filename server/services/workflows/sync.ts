/**
 * Bookkeeping of the fabric-sync workflow on its SyncOperation (so the sync history page shows every step with
 * times, counts and errors) and live progress on the bus. Each function commits its writes in one transaction and
 * can run twice without harm.
 */
import type { Prisma, PrismaClient } from "@/server/db";
import { redactSecrets } from "@/server/logger";
import { raiseAlert, resolveAlerts } from "@/server/services/alerts";
import { publish } from "./bus";

/** The steps of a full sync, in order (the Git part's own steps keep the names the GitOps service gives them). */
export const FULL_SYNC_STEPS = ["fetch-git", "ingest", "pull-requests", "read-live", "diff", "alerts", "finish"] as const;

export interface SyncPlan {
  operationId: string;
  fabricId: string;
  hasGit: boolean;
  hasKubernetes: boolean;
}

function json(v: unknown): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(v ?? {})) as Prisma.InputJsonValue;
}

function text(e: unknown): string {
  return redactSecrets(e instanceof Error ? e.message : String(e));
}

/**
 * The sync's SyncOperation: the one the caller created (POST /fabrics/{id}/sync), else the one this run created
 * before (found by run id, so a retried step creates no second row), else a new one. Marks it running.
 */
export async function beginFabricSync(
  db: PrismaClient,
  input: { fabricId: string; syncOperationId?: string; trigger: string; requestedBy?: string | null; runId: string },
): Promise<SyncPlan> {
  return db.$transaction(async (tx) => {
    const fabric = await tx.fabric.findUniqueOrThrow({ where: { id: input.fabricId }, select: { id: true, gitRepositoryId: true, kubernetesServer: true } });
    const existing = input.syncOperationId
      ? await tx.syncOperation.findUnique({ where: { id: input.syncOperationId }, select: { id: true } })
      : await tx.syncOperation.findFirst({ where: { runId: input.runId, fabricId: input.fabricId }, select: { id: true } });
    const now = new Date();
    const op = existing
      ? await tx.syncOperation.update({ where: { id: existing.id }, data: { runId: input.runId, status: "running", startedAt: now, finishedAt: null, error: null }, select: { id: true } })
      : await tx.syncOperation.create({
          data: {
            fabricId: input.fabricId,
            kind: "full",
            trigger: input.trigger,
            requestedBy: input.requestedBy ?? null,
            runId: input.runId,
            status: "running",
            startedAt: now,
            steps: { create: FULL_SYNC_STEPS.map((name, position) => ({ name, position, status: "queued" as const })) },
          },
          select: { id: true },
        });
    await tx.fabric.update({ where: { id: input.fabricId }, data: { lastSyncStatus: "running" } });
    publish({ topic: "sync", fabricId: input.fabricId, data: { operationId: op.id, status: "running", step: null } });
    return { operationId: op.id, fabricId: input.fabricId, hasGit: fabric.gitRepositoryId !== null, hasKubernetes: !!fabric.kubernetesServer };
  });
}

/**
 * Runs one step of the sync recorded on its operation: running → succeeded with its counts, or failed with the
 * error (rethrown, so the workflow retries it). The operation is (again) running while a step runs.
 */
export async function trackSyncStep<T>(
  db: PrismaClient,
  plan: Pick<SyncPlan, "operationId" | "fabricId">,
  name: (typeof FULL_SYNC_STEPS)[number],
  work: () => Promise<T>,
  counts: (result: T) => Record<string, unknown> = () => ({}),
): Promise<T> {
  const { operationId, fabricId } = plan;
  const position = FULL_SYNC_STEPS.indexOf(name);
  await db.$transaction([
    db.syncStep.upsert({
      where: { operationId_name: { operationId, name } },
      create: { operationId, name, position, status: "running", startedAt: new Date() },
      update: { status: "running", startedAt: new Date(), finishedAt: null, error: null },
    }),
    db.syncOperation.update({ where: { id: operationId }, data: { status: "running", finishedAt: null } }),
  ]);
  publish({ topic: "sync", fabricId, data: { operationId, step: name, status: "running" } });
  try {
    const result = await work();
    await db.syncStep.update({
      where: { operationId_name: { operationId, name } },
      data: { status: "succeeded", finishedAt: new Date(), counts: json(counts(result)) },
    });
    publish({ topic: "sync", fabricId, data: { operationId, step: name, status: "succeeded" } });
    return result;
  } catch (e) {
    await db.syncStep.update({ where: { operationId_name: { operationId, name } }, data: { status: "failed", finishedAt: new Date(), error: text(e) } });
    publish({ topic: "sync", fabricId, data: { operationId, step: name, status: "failed", error: text(e) } });
    throw e;
  }
}

/** Marks the sync succeeded (operation, steps that did not apply, fabric) and resolves its sync-failed alert. */
export async function finishFabricSync(db: PrismaClient, plan: Pick<SyncPlan, "operationId" | "fabricId">, summary: Record<string, unknown>): Promise<{ status: "succeeded" }> {
  const now = new Date();
  const { operationId, fabricId } = plan;
  await db.$transaction(async (tx) => {
    const op = await tx.syncOperation.findUniqueOrThrow({ where: { id: operationId }, select: { counts: true } });
    const counts = { ...(op.counts && typeof op.counts === "object" && !Array.isArray(op.counts) ? op.counts : {}), ...summary };
    await tx.syncOperation.update({ where: { id: operationId }, data: { status: "succeeded", finishedAt: now, error: null, counts: json(counts) } });
    await tx.syncStep.upsert({
      where: { operationId_name: { operationId, name: "finish" } },
      create: { operationId, name: "finish", position: FULL_SYNC_STEPS.indexOf("finish"), status: "succeeded", startedAt: now, finishedAt: now },
      update: { status: "succeeded", startedAt: now, finishedAt: now, error: null },
    });
    // Steps that did not apply to this fabric (no Git, no cluster) are shown as skipped.
    await tx.syncStep.updateMany({ where: { operationId, status: { in: ["queued", "running"] } }, data: { status: "cancelled", finishedAt: now } });
    await tx.fabric.update({ where: { id: fabricId }, data: { lastSyncStatus: "succeeded", lastSyncAt: now, lastSyncError: null } });
    await resolveAlerts(tx, { fingerprints: [`sync-failed:${fabricId}`, `sync-stale:${fabricId}`] });
  });
  publish({ topic: "sync", fabricId, data: { operationId, step: "finish", status: "succeeded" } });
  publish({ topic: "alert", fabricId, data: { reason: "sync-succeeded" } });
  return { status: "succeeded" };
}

/**
 * Records a sync that failed for good (its retries are exhausted): the operation and the fabric say why, and a
 * `sync-failed` alert is raised (or counted once more).
 */
export async function failFabricSync(db: PrismaClient, input: { fabricId: string; syncOperationId?: string; runId: string; error: string }): Promise<{ alertId: string }> {
  const now = new Date();
  const message = redactSecrets(input.error);
  const alert = await db.$transaction(async (tx) => {
    const op = input.syncOperationId
      ? { id: input.syncOperationId }
      : await tx.syncOperation.findFirst({ where: { runId: input.runId, fabricId: input.fabricId }, select: { id: true } });
    if (op) {
      await tx.syncOperation.update({ where: { id: op.id }, data: { status: "failed", finishedAt: now, error: message } });
      await tx.syncStep.updateMany({ where: { operationId: op.id, status: { in: ["queued", "running"] } }, data: { status: "cancelled", finishedAt: now } });
    }
    await tx.fabric.update({ where: { id: input.fabricId }, data: { lastSyncStatus: "failed", lastSyncAt: now, lastSyncError: message } });
    const fabric = await tx.fabric.findUniqueOrThrow({ where: { id: input.fabricId }, select: { name: true } });
    return raiseAlert(tx, {
      fabricId: input.fabricId,
      type: "sync-failed",
      fingerprint: `sync-failed:${input.fabricId}`,
      severity: "warning",
      title: `Sync of fabric ${fabric.name} failed`,
      message,
      details: { runId: input.runId, operationId: op?.id ?? null },
    });
  });
  publish({ topic: "sync", fabricId: input.fabricId, data: { status: "failed", error: message } });
  publish({ topic: "alert", fabricId: input.fabricId, data: { alertId: alert.id, reason: "sync-failed" } });
  return { alertId: alert.id };
}
