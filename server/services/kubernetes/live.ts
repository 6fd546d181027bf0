/**
 * Live state: every Hedgehog kind the cluster serves, listed with pagination (limit/continue), stored as the live
 * side of each object with the shared bulk store (`upsertVersions`, `clearAbsent`), then the state machine
 * (`recomputeStates`). The read is all-or-nothing: nothing is written until every kind was listed completely, so a
 * failure half-way never marks objects gone.
 */
import { canonicalize } from "@/lib/hedgehog/canonical";
import type { KindInfo } from "@/lib/hedgehog/registry";
import type { HhObject } from "@/lib/hedgehog/types";
import type { Prisma, PrismaClient } from "@/server/db";
import { redactSecrets } from "@/server/logger";
import { clearAbsent, hashObject, recomputeStates, resourceKey, upsertVersions, type StateCounts, type VersionRow } from "@/server/services/resources";
import type { KubeClient } from "./client";
import { withFabricClient } from "./client";
import { kubernetesSettings } from "./config";
import { discoverHedgehogKinds, qualifiedResource } from "./discovery";
import { KubeError } from "./errors";

export interface KubeListObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; resourceVersion?: string; [k: string]: unknown };
  status?: unknown;
  [k: string]: unknown;
}

interface KubeList {
  items?: KubeListObject[];
  metadata?: { continue?: string; resourceVersion?: string };
}

/** What HFM keeps of a live object: its canonical form plus the status the cluster reports (possibly empty). */
export function liveForm(obj: KubeListObject): HhObject {
  const canonical = canonicalize(obj as unknown as HhObject) as HhObject & { status?: unknown };
  if (obj.status !== undefined) canonical.status = obj.status;
  return canonical;
}

export function toLiveRow(info: Pick<KindInfo, "kind" | "apiVersion">, obj: KubeListObject, defaultNamespace: string): VersionRow {
  const object = liveForm({ ...obj, apiVersion: obj.apiVersion ?? info.apiVersion, kind: obj.kind ?? info.kind });
  return {
    kind: info.kind,
    apiVersion: info.apiVersion,
    namespace: obj.metadata?.namespace ?? defaultNamespace,
    name: String(obj.metadata?.name ?? ""),
    object,
    hash: hashObject(object),
    liveResourceVersion: obj.metadata?.resourceVersion ?? null,
  };
}

export interface KindListing {
  rows: VersionRow[];
  /** The list's resourceVersion (where a watch resumes). */
  resourceVersion: string;
  pages: number;
}

/** Lists one kind completely (pages of `pageSize`), restarting once from scratch when a continue token expired (410). */
export async function listKind(client: KubeClient, k: KindInfo, namespace: string, onPage?: (items: KubeListObject[]) => void): Promise<KindListing> {
  const { pageSize } = kubernetesSettings();
  const resource = qualifiedResource(k);
  for (let restart = 0; ; restart++) {
    const rows: VersionRow[] = [];
    let token: string | undefined;
    let rv = "";
    let pages = 0;
    try {
      do {
        const page = (await client.call(`list ${resource}`, () =>
          client.custom.listNamespacedCustomObject({ group: k.group, version: k.version, namespace, plural: k.plural, limit: pageSize, _continue: token }),
        )) as KubeList;
        pages++;
        const items = page.items ?? [];
        if (onPage) onPage(items);
        else for (const item of items) rows.push(toLiveRow(k, item, namespace));
        token = page.metadata?.continue || undefined;
        rv = page.metadata?.resourceVersion ?? rv;
      } while (token);
      return { rows, resourceVersion: rv, pages };
    } catch (e) {
      // 410 Gone on a continue token: the snapshot expired mid-list; a fresh list is consistent again.
      if (e instanceof KubeError && e.httpStatus === 410 && restart < 2) continue;
      throw e;
    }
  }
}

export interface LiveReadResult {
  objects: number;
  /** Objects per kind. */
  kinds: Record<string, number>;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Objects that disappeared from the cluster since the last read. */
  gone: number;
  pages: number;
  gateway: boolean;
  /** The list resourceVersion of each kind (for watches). */
  resourceVersions: Record<string, string>;
  states: StateCounts;
}

async function stepStart(db: PrismaClient, operationId: string): Promise<void> {
  const position = await db.syncStep.count({ where: { operationId } });
  await db.syncStep.upsert({
    where: { operationId_name: { operationId, name: "read-live" } },
    create: { operationId, name: "read-live", position, status: "running", startedAt: new Date() },
    update: { status: "running", startedAt: new Date(), finishedAt: null, error: null },
  });
}

async function stepFinish(db: PrismaClient, operationId: string, outcome: { counts?: Record<string, unknown>; error?: string }): Promise<void> {
  await db.syncStep.update({
    where: { operationId_name: { operationId, name: "read-live" } },
    data: {
      status: outcome.error ? "failed" : "succeeded",
      finishedAt: new Date(),
      counts: (outcome.counts ?? undefined) as Prisma.InputJsonValue | undefined,
      error: outcome.error ? redactSecrets(outcome.error) : null,
    },
  });
}

/**
 * Reads the fabric's whole live state and stores it. With `operationId`, records a `read-live` SyncStep on that
 * SyncOperation (the sync pipeline calls this as its live step). Throws a KubeError when the cluster fails.
 */
export async function readLiveState(
  db: PrismaClient,
  fabricId: string,
  opts: { operationId?: string; actor?: string; jobId?: string } = {},
): Promise<LiveReadResult> {
  if (opts.operationId) await stepStart(db, opts.operationId);
  try {
    const result = await withFabricClient(db, fabricId, async (client, fabric) => {
      const discovery = await discoverHedgehogKinds(client);
      const rows: VersionRow[] = [];
      const kinds: Record<string, number> = {};
      const resourceVersions: Record<string, string> = {};
      let pages = 0;
      for (const k of discovery.kinds) {
        const listing = await listKind(client, k, fabric.kubernetesNamespace);
        kinds[k.kind] = listing.rows.length;
        resourceVersions[k.kind] = listing.resourceVersion;
        pages += listing.pages;
        for (const r of listing.rows) rows.push(r);
      }
      return { rows, kinds, resourceVersions, pages, gateway: discovery.gateway };
    });
    const stored = await storeLive(db, fabricId, result.rows, { full: true, actor: opts.actor, jobId: opts.jobId ?? opts.operationId });
    const out: LiveReadResult = {
      objects: result.rows.length,
      kinds: result.kinds,
      pages: result.pages,
      gateway: result.gateway,
      resourceVersions: result.resourceVersions,
      ...stored,
    };
    if (opts.operationId) {
      await stepFinish(db, opts.operationId, {
        counts: { objects: out.objects, kinds: out.kinds, inserted: out.inserted, updated: out.updated, unchanged: out.unchanged, gone: out.gone, pages: out.pages, states: out.states },
      });
    }
    return out;
  } catch (e) {
    if (opts.operationId) await stepFinish(db, opts.operationId, { error: e instanceof Error ? e.message : String(e) }).catch(() => undefined);
    throw e;
  }
}

/**
 * Stores live rows. `full`: the rows are the complete live state (objects not among them are gone). Otherwise
 * `deletedKeys` names objects known to be gone (watch DELETED events).
 */
export async function storeLive(
  db: PrismaClient,
  fabricId: string,
  rows: readonly VersionRow[],
  opts: { full: boolean; deletedKeys?: ReadonlySet<string>; actor?: string; jobId?: string },
): Promise<Pick<LiveReadResult, "inserted" | "updated" | "unchanged" | "gone" | "states">> {
  const upserted = await upsertVersions(db, fabricId, "live", rows);
  let cleared: string[] = [];
  const liveCount = async () =>
    Number((await db.$queryRawUnsafe<Array<{ n: bigint | number }>>(`SELECT count(*) AS n FROM "HedgehogResource" WHERE "fabricId" = $1 AND "live" IS NOT NULL`, fabricId))[0]?.n ?? 0);
  const before = await liveCount();
  if (opts.full) {
    cleared = await clearAbsent(db, fabricId, "live", new Set(rows.map(resourceKey)));
    // Objects in Git the cluster has never shown start their missing grace period now.
    await db.$executeRawUnsafe(
      `UPDATE "HedgehogResource" SET "missingSince" = now(), "updatedAt" = now()
       WHERE "fabricId" = $1 AND "live" IS NULL AND "git" IS NOT NULL AND "missingSince" IS NULL`,
      fabricId,
    );
  } else if (opts.deletedKeys && opts.deletedKeys.size > 0) {
    const present = await db.$queryRawUnsafe<Array<{ kind: string; namespace: string; name: string }>>(
      `SELECT kind, namespace, name FROM "HedgehogResource" WHERE "fabricId" = $1 AND "live" IS NOT NULL`,
      fabricId,
    );
    const keys = new Set(present.map(resourceKey).filter((k) => !opts.deletedKeys!.has(k)));
    cleared = await clearAbsent(db, fabricId, "live", keys);
  }
  const gone = before - (await liveCount());
  const missing = await db.hedgehogResource.findMany({ where: { fabricId, missingSince: { not: null } }, select: { id: true } });
  const ids = new Set([...upserted.insertedIds, ...upserted.updatedIds, ...cleared, ...missing.map((m) => m.id)]);
  await recomputeStates(db, fabricId, {
    reason: opts.full ? "live read" : "live watch",
    actor: opts.actor,
    jobId: opts.jobId,
    ids: [...ids],
    newIds: upserted.insertedIds,
    liveKnown: true,
  });
  return { states: await stateCounts(db, fabricId), inserted: upserted.insertedIds.length, updated: upserted.updatedIds.length, unchanged: upserted.unchanged, gone };
}

/** Objects of a fabric per lifecycle state. */
export async function stateCounts(db: PrismaClient, fabricId: string): Promise<StateCounts> {
  const counts: StateCounts = { draft: 0, committed: 0, synced: 0, drifted: 0, orphaned: 0, missing: 0, invalid: 0, conflict: 0 };
  const groups = await db.hedgehogResource.groupBy({ by: ["state"], where: { fabricId }, _count: { _all: true } });
  for (const g of groups) counts[g.state] = g._count._all;
  return counts;
}
