/**
 * Test-connection and the fabric sync (fetch-git → ingest → pull-requests), recorded as a SyncOperation.
 */
import type { PrismaClient } from "@/server/db";
import { logger } from "@/server/logger";
import { raiseAlert, resolveAlerts } from "@/server/services/alerts";
import type { Actor } from "@/server/services/audit";
import { notFound } from "@/server/services/errors";
import { describeGitError, listRemoteBranches, repositoryAccess } from "./access";
import { fetchFabricHead, loadFabricRepo } from "./fabric-repo";
import { ingestCommit, type IngestCounts } from "./ingest";
import { withRepositoryLock } from "./mutex";
import { createSyncOperation, errorText, finishOperation, runStep, startOperation } from "./operations";
import { trackPullRequests, type PullRequestCounts } from "./writeback";

export interface ConnectionResult {
  ok: boolean;
  message: string;
  details?: { branch: string; headCommit: string | null; branches?: number; detail?: string };
}

/**
 * Contacts the remote for real (refs listing with the stored credentials) and stores the outcome on the repository:
 * status, statusMessage, lastTestedAt and the branch's head commit.
 */
export async function testRepositoryConnection(db: PrismaClient, repositoryId: string): Promise<ConnectionResult> {
  const repo = await db.gitRepository.findUnique({ where: { id: repositoryId } });
  if (!repo) throw notFound("Git repository");
  let result: ConnectionResult;
  let head: string | null = null;
  try {
    const access = repositoryAccess(repo);
    const branches = await listRemoteBranches(access);
    head = branches.get(repo.branch) ?? null;
    result = head
      ? { ok: true, message: `connected to ${repo.url}: branch ${repo.branch} at ${head.slice(0, 12)}`, details: { branch: repo.branch, headCommit: head, branches: branches.size } }
      : { ok: false, message: `branch ${repo.branch} not found`, details: { branch: repo.branch, headCommit: null, branches: branches.size } };
  } catch (e) {
    const err = describeGitError(e, repo.url);
    result = { ok: false, message: err.message, details: { branch: repo.branch, headCommit: null, detail: err.detail } };
  }
  await db.gitRepository.update({
    where: { id: repositoryId },
    data: { status: result.ok ? "ok" : "error", statusMessage: result.message, lastTestedAt: new Date(), ...(head ? { headCommit: head } : {}) },
  });
  return result;
}

export const SYNC_STEPS = ["fetch-git", "ingest", "pull-requests"] as const;

/** Creates the SyncOperation of a fabric sync (queued). */
export async function queueFabricSync(db: PrismaClient, fabricId: string, actor: Actor | null, trigger = "manual"): Promise<string> {
  await loadFabricRepo(db, fabricId);
  return createSyncOperation(db, fabricId, { kind: "ingest", trigger, requestedBy: actor?.username ?? null, steps: SYNC_STEPS });
}

export interface SyncResult {
  commit: string;
  ingest: IngestCounts;
  pullRequests: PullRequestCounts;
}

/**
 * The fabric sync, reusable by the workflow engine: fetch-git, ingest, pull-requests, recorded on `operationId`.
 * Never throws for Git problems: the operation (and the fabric's lastSync*) say what failed.
 */
export async function runFabricSync(
  db: PrismaClient,
  fabricId: string,
  /**
   * `finish: false` when this is one step of a larger sync (the fabric-sync workflow): the operation stays running
   * for the next steps, and a failure is thrown (for the workflow to retry) instead of being recorded here.
   */
  opts: { operationId: string; actor?: Actor | null; force?: boolean; finish?: boolean },
): Promise<SyncResult | null> {
  const finish = opts.finish ?? true;
  const { operationId } = opts;
  const actor = opts.actor?.username ?? undefined;
  await startOperation(db, operationId);
  await db.fabric.update({ where: { id: fabricId }, data: { lastSyncStatus: "running" } }).catch(() => undefined);
  try {
    const { fabric, repo, branch } = await loadFabricRepo(db, fabricId);
    const access = repositoryAccess(repo);
    const result = await withRepositoryLock(repo.id, async () => {
      const commit = await runStep(db, operationId, "fetch-git", () => fetchFabricHead(db, access, branch), (c) => ({ commit: c, branch }));
      const ingest = await runStep(
        db,
        operationId,
        "ingest",
        () => ingestCommit(db, fabric, access.dir, commit, { actor, jobId: operationId, force: opts.force }),
        (c) => ({ ...c }),
      );
      const pullRequests = await runStep(db, operationId, "pull-requests", () => trackPullRequests(db, fabricId, access, { actor, jobId: operationId }), (c) => ({ ...c }));
      return { commit, ingest, pullRequests };
    });
    if (!finish) return result;
    const counts = { ...result.ingest, commit: result.commit, pullRequests: result.pullRequests };
    await finishOperation(db, operationId, { status: "succeeded", counts });
    await db.fabric.update({ where: { id: fabricId }, data: { lastSyncStatus: "succeeded", lastSyncAt: new Date(), lastSyncError: null } });
    await resolveAlerts(db, { fingerprints: [`sync-failed:${fabricId}`] });
    return result;
  } catch (e) {
    if (!finish) throw e;
    const message = errorText(e);
    logger.warn({ fabricId, operationId, err: e }, "fabric sync failed");
    await finishOperation(db, operationId, { status: "failed", error: message });
    await db.fabric.update({ where: { id: fabricId }, data: { lastSyncStatus: "failed", lastSyncAt: new Date(), lastSyncError: message } }).catch(() => undefined);
    await raiseAlert(db, {
      fabricId,
      type: "sync-failed",
      fingerprint: `sync-failed:${fabricId}`,
      severity: "warning",
      title: "Git sync failed",
      message,
    }).catch(() => undefined);
    return null;
  }
}

