/**
 * Live state: every Hedgehog kind the cluster serves, listed with pagination (limit/continue, the next page requested
 * while the current one is processed), stored as the live side of each object with the shared bulk store
 * (`upsertVersions`, `clearVersions`), then the state machine (`recomputeStates`). Objects whose resourceVersion is
 * the one already stored are unchanged and skipped, so a periodic re-read costs little more than the lists. The read
 * is all-or-nothing: nothing is written until every kind was listed completely (a failure half-way never marks
 * objects gone), and then everything is written in one transaction.
 */
import { canonicalize } from "@/lib/hedgehog/canonical";
import type { KindInfo } from "@/lib/hedgehog/registry";
import type { HhObject } from "@/lib/hedgehog/types";
import type { Db, Prisma, PrismaClient } from "@/server/db";
import { redactSecrets } from "@/server/logger";
import { BULK_TRANSACTION, clearVersions, hashCanonical, recomputeStates, resourceKey, upsertVersions, type StateCounts, type VersionRow } from "@/server/services/resources";
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
function withStatus(canonical: HhObject, obj: KubeListObject): HhObject {
  return obj.status === undefined ? canonical : ({ ...canonical, status: obj.status } as HhObject);
}

export function toLiveRow(info: Pick<KindInfo, "kind" | "apiVersion">, obj: KubeListObject, defaultNamespace: string): VersionRow {
  // The hash is of the canonical form (status excluded): a status-only change keeps the hash, not the resourceVersion.
  const canonical = canonicalize({ ...obj, apiVersion: obj.apiVersion ?? info.apiVersion, kind: obj.kind ?? info.kind } as unknown as HhObject);
  const object = withStatus(canonical, obj);
  return {
    kind: info.kind,
    apiVersion: info.apiVersion,
    namespace: obj.metadata?.namespace ?? defaultNamespace,
    name: String(obj.metadata?.name ?? ""),
    object,
    hash: hashCanonical(canonical),
    liveResourceVersion: obj.metadata?.resourceVersion ?? null,
  };
}

export interface KindListing<T> {
  /** What `map` returned for each listed object (undefined results are not kept). */
  items: T[];
  /** Objects listed. */
  count: number;
  /** The list's resourceVersion (where a watch resumes). */
  resourceVersion: string;
  pages: number;
}

/**
 * Lists one kind completely (pages of `pageSize`), restarting once from scratch when a continue token expired (410).
 * The next page is requested before the current one is mapped, so the cluster prepares it while HFM processes.
 */
export async function listKind<T>(client: KubeClient, k: KindInfo, namespace: string, map: (item: KubeListObject) => T | undefined): Promise<KindListing<T>> {
  const { pageSize } = kubernetesSettings();
  const resource = qualifiedResource(k);
  const fetchPage = (token: string | undefined): Promise<KubeList> => {
    const page = client.call(`list ${resource}`, () =>
      client.custom.listNamespacedCustomObject({ group: k.group, version: k.version, namespace, plural: k.plural, limit: pageSize, _continue: token }),
    ) as Promise<KubeList>;
    page.catch(() => undefined); // awaited below; a prefetch must not count as an unhandled rejection meanwhile
    return page;
  };
  for (let restart = 0; ; restart++) {
    const items: T[] = [];
    let count = 0;
    let rv = "";
    let pages = 0;
    try {
      let next: Promise<KubeList> | undefined = fetchPage(undefined);
      while (next) {
        const page: KubeList = await next;
        pages++;
        const token = page.metadata?.continue || undefined;
        rv = page.metadata?.resourceVersion ?? rv;
        next = token ? fetchPage(token) : undefined;
        for (const item of page.items ?? []) {
          count++;
          const m = map(item);
          if (m !== undefined) items.push(m);
        }
      }
      return { items, count, resourceVersion: rv, pages };
    } catch (e) {
      // 410 Gone on a continue token: the snapshot expired mid-list; a fresh list is consistent again.
      if (e instanceof KubeError && e.httpStatus === 410 && restart < 2) continue;
      throw e;
    }
  }
}

/** What is stored of a fabric's live objects: key (kind/namespace/name) → row id and live resourceVersion. */
export type LiveIndex = Map<string, { id: string; resourceVersion: string | null }>;

export async function liveIndex(db: Db, fabricId: string): Promise<LiveIndex> {
  // One text value, not 50,000 result rows: converting rows is what costs here. Kinds, namespaces, names (RFC 1123),
  // ids and resourceVersions never contain tabs or newlines.
  const [row] = await db.$queryRawUnsafe<Array<{ index: string | null }>>(
    `SELECT string_agg(kind || '/' || namespace || '/' || name || E'\\t' || id || E'\\t' || coalesce("liveResourceVersion", ''), E'\\n') AS index
       FROM "HedgehogResource" WHERE "fabricId" = $1 AND "live" IS NOT NULL`,
    fabricId,
  );
  const index: LiveIndex = new Map();
  for (const line of row?.index ? row.index.split("\n") : []) {
    const [key, id, rv] = line.split("\t") as [string, string, string];
    index.set(key, { id, resourceVersion: rv || null });
  }
  return index;
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
    // Objects whose resourceVersion is the one stored are unchanged (the API server bumps it on every change,
    // status included): they are only marked present, not converted, hashed or written again.
    // The index is read while discovery asks the cluster which kinds it serves.
    const knownRead = liveIndex(db, fabricId);
    knownRead.catch(() => undefined); // awaited below, unless the cluster fails first
    let known: LiveIndex = new Map();
    const result = await withFabricClient(db, fabricId, async (client, fabric) => {
      const discovery = await discoverHedgehogKinds(client);
      known = await knownRead;
      const ns = fabric.kubernetesNamespace;
      const rows: VersionRow[] = [];
      const present = new Set<string>();
      const kinds: Record<string, number> = {};
      const resourceVersions: Record<string, string> = {};
      let pages = 0;
      for (const k of discovery.kinds) {
        const listing = await listKind(client, k, ns, (item) => {
          const key = resourceKey({ kind: k.kind, namespace: item.metadata?.namespace ?? ns, name: String(item.metadata?.name ?? "") });
          const rv = item.metadata?.resourceVersion;
          return { key, row: rv && known.get(key)?.resourceVersion === rv ? null : toLiveRow(k, item, ns) };
        });
        for (const { key, row } of listing.items) {
          present.add(key);
          if (row) rows.push(row);
        }
        kinds[k.kind] = listing.count;
        resourceVersions[k.kind] = listing.resourceVersion;
        pages += listing.pages;
      }
      return { rows, present, kinds, resourceVersions, pages, gateway: discovery.gateway };
    });
    const goneIds = [...known].filter(([key]) => !result.present.has(key)).map(([, v]) => v.id);
    const stored = await storeLive(db, fabricId, result.rows, { full: true, goneIds, actor: opts.actor, jobId: opts.jobId ?? opts.operationId });
    const out: LiveReadResult = {
      objects: result.present.size,
      kinds: result.kinds,
      pages: result.pages,
      gateway: result.gateway,
      resourceVersions: result.resourceVersions,
      ...stored,
      unchanged: stored.unchanged + result.present.size - result.rows.length,
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

type StoreLiveOptions = ({ full: true; goneIds: readonly string[] } | { full: false; deletedKeys?: ReadonlySet<string> }) & { actor?: string; jobId?: string };
type StoreLiveResult = Pick<LiveReadResult, "inserted" | "updated" | "unchanged" | "gone" | "states">;

/**
 * Stores live rows (new or changed objects) in one transaction with the states they lead to: readers never see live
 * versions without their states, and a failure leaves nothing behind. A full read (`full`) names the rows whose
 * objects are gone from the cluster (`goneIds`); a partial update (watch events, apply results) names deleted objects
 * by key (`deletedKeys`). Unchanged rows passed in are not rewritten (`unchanged` counts them).
 */
export function storeLive(db: PrismaClient, fabricId: string, rows: readonly VersionRow[], opts: StoreLiveOptions): Promise<StoreLiveResult> {
  return db.$transaction((tx) => storeLiveIn(tx, fabricId, rows, opts), BULK_TRANSACTION);
}

async function storeLiveIn(db: Db, fabricId: string, rows: readonly VersionRow[], opts: StoreLiveOptions): Promise<StoreLiveResult> {
  const upserted = await upsertVersions(db, fabricId, "live", rows);
  let gone: readonly string[] = [];
  if (opts.full) {
    gone = opts.goneIds;
  } else if (opts.deletedKeys && opts.deletedKeys.size > 0) {
    const index = await liveIndex(db, fabricId);
    gone = [...opts.deletedKeys].flatMap((key) => index.get(key)?.id ?? []);
  }
  const cleared = await clearVersions(db, "live", gone);
  if (opts.full) {
    // Objects in Git the cluster has never shown start their missing grace period now.
    await db.$executeRawUnsafe(
      `UPDATE "HedgehogResource" SET "missingSince" = now(), "updatedAt" = now()
       WHERE "fabricId" = $1 AND "live" IS NULL AND "git" IS NOT NULL AND "missingSince" IS NULL`,
      fabricId,
    );
  }
  const missing = await db.hedgehogResource.findMany({ where: { fabricId, missingSince: { not: null } }, select: { id: true } });
  const ids = new Set([...upserted.insertedIds, ...upserted.updatedIds, ...cleared.changed, ...missing.map((m) => m.id)]);
  await recomputeStates(db, fabricId, {
    reason: opts.full ? "live read" : "live watch",
    actor: opts.actor,
    jobId: opts.jobId,
    ids: [...ids],
    newIds: upserted.insertedIds,
    liveKnown: true,
  });
  return {
    states: await stateCounts(db, fabricId),
    inserted: upserted.insertedIds.length,
    updated: upserted.updatedIds.length,
    unchanged: upserted.unchanged,
    gone: cleared.cleared,
  };
}

/** Objects of a fabric per lifecycle state. */
export async function stateCounts(db: Db, fabricId: string): Promise<StateCounts> {
  const counts: StateCounts = { draft: 0, committed: 0, synced: 0, drifted: 0, orphaned: 0, missing: 0, invalid: 0, conflict: 0 };
  const groups = await db.hedgehogResource.groupBy({ by: ["state"], where: { fabricId }, _count: { _all: true } });
  for (const g of groups) counts[g.state] = g._count._all;
  return counts;
}
