/**
 * Read models: a fabric's GitOps status, the global rollup, and sync operations.
 */
import { z } from "zod";
import { Prisma, type LifecycleState, type PrismaClient } from "@/server/db";
import { notFound } from "@/server/services/errors";
import type { FileFindings } from "./ingest";

const STATES: readonly LifecycleState[] = ["draft", "committed", "synced", "drifted", "orphaned", "missing", "invalid", "conflict"];
const countsSchema = z.object(Object.fromEntries(STATES.map((s) => [s, z.number().int()])) as Record<LifecycleState, z.ZodNumber>);

const findingOutput = z.object({
  rule: z.string(),
  severity: z.string(),
  message: z.string(),
  kind: z.string(),
  name: z.string(),
  path: z.string(),
  document: z.number().int().nullable(),
  line: z.number().int().nullable(),
});

const pullRequestOutput = z.object({
  changeSetId: z.string(),
  number: z.number().int().nullable(),
  url: z.string().nullable(),
  branch: z.string().nullable(),
  state: z.string().nullable(),
  submittedBy: z.string().nullable(),
  submittedAt: z.string().nullable(),
});

export const gitopsStatusOutput = z.object({
  fabricId: z.string(),
  fabricName: z.string(),
  repository: z
    .object({ id: z.string(), name: z.string(), url: z.string(), status: z.string(), statusMessage: z.string().nullable(), lastTestedAt: z.string().nullable() })
    .nullable(),
  branch: z.string().nullable(),
  gitPath: z.string(),
  headCommit: z.string().nullable(),
  lastFetchedAt: z.string().nullable(),
  lastIngestCommit: z.string().nullable(),
  lastIngestAt: z.string().nullable(),
  lastSyncStatus: z.string().nullable(),
  lastSyncAt: z.string().nullable(),
  lastSyncError: z.string().nullable(),
  files: z.object({
    total: z.number().int(),
    objects: z.number().int(),
    invalid: z.number().int(),
    invalidFiles: z.array(
      z.object({ path: z.string(), commit: z.string(), errors: z.array(findingOutput), warnings: z.number().int() }),
    ),
  }),
  pendingChangeSet: z
    .object({
      id: z.string(),
      status: z.string(),
      createdBy: z.string().nullable(),
      error: z.string().nullable(),
      itemCount: z.number().int(),
      items: z.array(z.object({ id: z.string(), kind: z.string(), namespace: z.string(), name: z.string(), action: z.string() })),
    })
    .nullable(),
  openPullRequests: z.array(pullRequestOutput),
  counts: countsSchema,
  total: z.number().int(),
});
export type GitopsStatus = z.infer<typeof gitopsStatusOutput>;

function emptyCounts(): Record<LifecycleState, number> {
  return Object.fromEntries(STATES.map((s) => [s, 0])) as Record<LifecycleState, number>;
}

const iso = (d: Date | null | undefined): string | null => d?.toISOString() ?? null;

export async function fabricGitopsStatus(db: PrismaClient, fabricId: string): Promise<GitopsStatus> {
  const fabric = await db.fabric.findUnique({ where: { id: fabricId }, include: { gitRepository: true } });
  if (!fabric) throw notFound("Fabric");
  const [groups, fileTotals, files, pending, prs] = await Promise.all([
    db.hedgehogResource.groupBy({ by: ["state"], where: { fabricId }, _count: { _all: true } }),
    db.gitFile.aggregate({ where: { fabricId }, _count: { _all: true }, _sum: { objects: true } }),
    // Only files with findings are loaded (a one-object-per-file layout has tens of thousands of files).
    db.gitFile.findMany({ where: { fabricId, errors: { not: Prisma.DbNull } }, select: { path: true, commit: true, errors: true }, orderBy: { path: "asc" } }),
    db.changeSet.findFirst({
      where: { fabricId, status: { in: ["pending", "submitting"] } },
      orderBy: { createdAt: "asc" },
      include: { _count: { select: { items: true } }, items: { take: 500, orderBy: [{ kind: "asc" }, { name: "asc" }], select: { id: true, kind: true, namespace: true, name: true, action: true } } },
    }),
    db.changeSet.findMany({ where: { fabricId, status: "submitted", mode: "pull_request" }, orderBy: { submittedAt: "desc" } }),
  ]);
  const counts = emptyCounts();
  let total = 0;
  for (const g of groups) {
    counts[g.state] = g._count._all;
    total += g._count._all;
  }
  const invalidFiles = files
    .map((f) => ({ f, e: f.errors as unknown as FileFindings | null }))
    .filter(({ e }) => (e?.errors.length ?? 0) > 0)
    .map(({ f, e }) => ({
      path: f.path,
      commit: f.commit,
      errors: (e?.errors ?? []).slice(0, 100).map((x) => ({
        rule: x.rule,
        severity: x.severity,
        message: x.message,
        kind: x.kind,
        name: x.name,
        path: x.path,
        document: x.document ?? null,
        line: x.line ?? null,
      })),
      warnings: e?.warnings.length ?? 0,
    }));
  const repo = fabric.gitRepository;
  return {
    fabricId: fabric.id,
    fabricName: fabric.name,
    repository: repo
      ? { id: repo.id, name: repo.name, url: repo.url, status: repo.status, statusMessage: repo.statusMessage, lastTestedAt: iso(repo.lastTestedAt) }
      : null,
    branch: repo ? fabric.gitBranch || repo.branch : null,
    gitPath: fabric.gitPath,
    headCommit: repo?.headCommit ?? null,
    lastFetchedAt: iso(repo?.lastFetchedAt),
    lastIngestCommit: fabric.lastIngestCommit,
    lastIngestAt: iso(fabric.lastIngestAt),
    lastSyncStatus: fabric.lastSyncStatus,
    lastSyncAt: iso(fabric.lastSyncAt),
    lastSyncError: fabric.lastSyncError,
    files: { total: fileTotals._count._all, objects: fileTotals._sum.objects ?? 0, invalid: invalidFiles.length, invalidFiles },
    pendingChangeSet: pending
      ? { id: pending.id, status: pending.status, createdBy: pending.createdBy, error: pending.error, itemCount: pending._count.items, items: pending.items }
      : null,
    openPullRequests: prs.map((p) => ({
      changeSetId: p.id,
      number: p.pullRequestNumber,
      url: p.pullRequestUrl,
      branch: p.branch,
      state: p.pullRequestState,
      submittedBy: p.submittedBy,
      submittedAt: iso(p.submittedAt),
    })),
    counts,
    total,
  };
}

export const globalStatusOutput = z.object({
  fabrics: z.array(
    z.object({
      fabricId: z.string(),
      fabricName: z.string(),
      repositoryName: z.string().nullable(),
      branch: z.string().nullable(),
      headCommit: z.string().nullable(),
      lastIngestCommit: z.string().nullable(),
      lastIngestAt: z.string().nullable(),
      lastSyncStatus: z.string().nullable(),
      pendingChanges: z.number().int(),
      openPullRequests: z.number().int(),
      counts: countsSchema,
      total: z.number().int(),
    }),
  ),
  totals: countsSchema,
  total: z.number().int(),
});

/** The same rollup for every fabric: one grouped query for the states, one for change sets. */
export async function globalGitopsStatus(db: PrismaClient): Promise<z.infer<typeof globalStatusOutput>> {
  const [fabrics, groups, pendingItems, prs] = await Promise.all([
    db.fabric.findMany({ orderBy: { name: "asc" }, include: { gitRepository: { select: { name: true, branch: true, headCommit: true } } } }),
    db.hedgehogResource.groupBy({ by: ["fabricId", "state"], _count: { _all: true } }),
    db.changeSetItem.groupBy({ by: ["changeSetId"], where: { changeSet: { status: "pending" } }, _count: { _all: true } }),
    db.changeSet.findMany({ where: { OR: [{ status: "pending" }, { status: "submitted", mode: "pull_request" }] }, select: { id: true, fabricId: true, status: true } }),
  ]);
  const byFabric = new Map<string, Record<LifecycleState, number>>();
  const totals = emptyCounts();
  for (const g of groups) {
    let c = byFabric.get(g.fabricId);
    if (!c) byFabric.set(g.fabricId, (c = emptyCounts()));
    c[g.state] += g._count._all;
    totals[g.state] += g._count._all;
  }
  const itemsBySet = new Map(pendingItems.map((p) => [p.changeSetId, p._count._all]));
  const pendingByFabric = new Map<string, number>();
  const prsByFabric = new Map<string, number>();
  for (const s of prs) {
    if (s.status === "pending") pendingByFabric.set(s.fabricId, (pendingByFabric.get(s.fabricId) ?? 0) + (itemsBySet.get(s.id) ?? 0));
    else prsByFabric.set(s.fabricId, (prsByFabric.get(s.fabricId) ?? 0) + 1);
  }
  const sum = (c: Record<LifecycleState, number>) => STATES.reduce((n, s) => n + c[s], 0);
  return {
    fabrics: fabrics.map((f) => {
      const counts = byFabric.get(f.id) ?? emptyCounts();
      return {
        fabricId: f.id,
        fabricName: f.name,
        repositoryName: f.gitRepository?.name ?? null,
        branch: f.gitRepository ? f.gitBranch || f.gitRepository.branch : null,
        headCommit: f.gitRepository?.headCommit ?? null,
        lastIngestCommit: f.lastIngestCommit,
        lastIngestAt: iso(f.lastIngestAt),
        lastSyncStatus: f.lastSyncStatus,
        pendingChanges: pendingByFabric.get(f.id) ?? 0,
        openPullRequests: prsByFabric.get(f.id) ?? 0,
        counts,
        total: sum(counts),
      };
    }),
    totals,
    total: sum(totals),
  };
}

const opStatus = z.enum(["queued", "running", "succeeded", "failed", "cancelled"]);
export const syncOperationOutput = z.object({
  id: z.string(),
  fabricId: z.string(),
  kind: z.string(),
  status: opStatus,
  trigger: z.string(),
  requestedBy: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  createdAt: z.string(),
  counts: z.record(z.string(), z.unknown()),
  error: z.string().nullable(),
  steps: z.array(
    z.object({
      name: z.string(),
      position: z.number().int(),
      status: opStatus,
      startedAt: z.string().nullable(),
      finishedAt: z.string().nullable(),
      counts: z.record(z.string(), z.unknown()).nullable(),
      error: z.string().nullable(),
    }),
  ),
});
export type SyncOperationDto = z.infer<typeof syncOperationOutput>;

type OpRow = Awaited<ReturnType<typeof loadOps>>[number];
function loadOps(db: PrismaClient, where: { id?: string; fabricId?: string }, take: number, cursor?: string) {
  return db.syncOperation.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    include: { steps: { orderBy: { position: "asc" } } },
    take,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
  });
}

function opDto(o: OpRow): SyncOperationDto {
  return {
    id: o.id,
    fabricId: o.fabricId,
    kind: o.kind,
    status: o.status,
    trigger: o.trigger,
    requestedBy: o.requestedBy,
    startedAt: iso(o.startedAt),
    finishedAt: iso(o.finishedAt),
    createdAt: o.createdAt.toISOString(),
    counts: (o.counts ?? {}) as Record<string, unknown>,
    error: o.error,
    steps: o.steps.map((s) => ({
      name: s.name,
      position: s.position,
      status: s.status,
      startedAt: iso(s.startedAt),
      finishedAt: iso(s.finishedAt),
      counts: (s.counts ?? null) as Record<string, unknown> | null,
      error: s.error,
    })),
  };
}

export async function getSyncOperation(db: PrismaClient, id: string): Promise<SyncOperationDto> {
  const [row] = await loadOps(db, { id }, 1);
  if (!row) throw notFound("Sync operation");
  return opDto(row);
}

export async function listSyncOperations(db: PrismaClient, opts: { fabricId?: string; limit: number; cursor?: string }) {
  const rows = await loadOps(db, opts.fabricId ? { fabricId: opts.fabricId } : {}, opts.limit + 1, opts.cursor);
  const more = rows.length > opts.limit;
  const items = rows.slice(0, opts.limit).map(opDto);
  return { items, nextCursor: more ? items[items.length - 1]!.id : null };
}
