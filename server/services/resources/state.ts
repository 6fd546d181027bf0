/**
 * The lifecycle state machine — the only writer of `HedgehogResource.state`. Computes each object's state from its
 * desired, git and live versions, the fabric's pending change set and validation, stores the field-level drift, and
 * records every transition (from, to, reason, actor or job, time). Works in batches: 50,000 objects are a few dozen
 * statements, not 50,000.
 */
import { diffObjects, type DiffEntry, type IgnorePattern } from "@/lib/hedgehog/drift";
import type { FabricConfig, Finding, HhObject } from "@/lib/hedgehog/types";
import type { LifecycleState, PrismaClient } from "@/server/db";
import { BATCH_SIZE } from "./store";

/** How long an object may be absent from the cluster before it is `missing` (a CD tool may still be applying it). */
export const MISSING_GRACE_SECONDS = 300;

export interface StateInput {
  current: LifecycleState;
  desired: HhObject | null;
  git: HhObject | null;
  live: HhObject | null;
  desiredHash: string | null;
  gitHash: string | null;
  validationErrors: Finding[] | null;
  missingSince: Date | null;
  /** The object is an item of the fabric's pending change set. */
  pending: boolean;
  /** Whether the fabric's live state has been read (otherwise git-only objects are simply committed). */
  liveKnown: boolean;
}

export interface StateResult {
  state: LifecycleState;
  drift: DiffEntry[] | null;
  reason: string;
}

/** Pure: the state one object should be in. */
export function computeState(
  input: StateInput,
  opts: { now?: number; graceSeconds?: number; config?: Partial<FabricConfig>; ignore?: readonly IgnorePattern[] } = {},
): StateResult {
  const now = opts.now ?? Date.now();
  const grace = (opts.graceSeconds ?? MISSING_GRACE_SECONDS) * 1000;
  if (input.current === "conflict" && input.pending) return { state: "conflict", drift: null, reason: "changed in HFM and in Git" };
  if (input.validationErrors?.some((f) => f.severity === "error")) return { state: "invalid", drift: null, reason: "fails validation" };
  const isDraft = input.pending && input.desiredHash !== input.gitHash;
  if (isDraft) return { state: "draft", drift: null, reason: "changed in HFM, not yet in Git" };
  if (input.git && input.live) {
    const drift = diffObjects(input.git, input.live, { config: opts.config, ignore: opts.ignore });
    return drift.length
      ? { state: "drifted", drift, reason: `live differs from Git at ${drift.length} field(s)` }
      : { state: "synced", drift: null, reason: "live matches Git" };
  }
  if (input.git && !input.live) {
    if (input.liveKnown && input.missingSince && now - input.missingSince.getTime() >= grace) {
      return { state: "missing", drift: null, reason: "in Git, absent from the cluster" };
    }
    return { state: "committed", drift: null, reason: "in Git, not yet seen live" };
  }
  if (!input.git && input.live) return { state: "orphaned", drift: null, reason: "in the cluster, not in Git" };
  return { state: "draft", drift: null, reason: "only in HFM" };
}

interface Row {
  id: string;
  state: LifecycleState;
  desired: HhObject | null;
  git: HhObject | null;
  live: HhObject | null;
  desiredHash: string | null;
  gitHash: string | null;
  validationErrors: Finding[] | null;
  missingSince: Date | null;
  drift: DiffEntry[] | null;
}

export type StateCounts = Record<LifecycleState, number>;

const EMPTY_COUNTS = (): StateCounts => ({ draft: 0, committed: 0, synced: 0, drifted: 0, orphaned: 0, missing: 0, invalid: 0, conflict: 0 });

/**
 * Recomputes the state of a fabric's objects (all, or `ids`), writes what changed and records the transitions.
 * `newIds` are rows just created: their first state is recorded as a transition from nothing.
 */
export async function recomputeStates(
  db: PrismaClient,
  fabricId: string,
  opts: { reason: string; actor?: string; jobId?: string; ids?: readonly string[]; newIds?: readonly string[]; liveKnown?: boolean; graceSeconds?: number; force?: LifecycleState },
): Promise<StateCounts> {
  const fabric = await db.fabric.findUniqueOrThrow({ where: { id: fabricId }, select: { fabricConfig: true, lastSyncAt: true, connectionStatus: true } });
  const ignoreRules = await db.ignoreRule.findMany({ where: { OR: [{ fabricId }, { fabricId: null }] }, select: { kind: true, path: true } });
  const pending = await db.changeSetItem.findMany({
    where: { changeSet: { fabricId, status: "pending" }, resourceId: { not: null } },
    select: { resourceId: true },
  });
  const pendingIds = new Set(pending.map((p) => p.resourceId!));
  const newIds = new Set(opts.newIds ?? []);
  const liveKnown = opts.liveKnown ?? (await db.hedgehogResource.count({ where: { fabricId, liveSeenAt: { not: null } } })) > 0;
  const config = (fabric.fabricConfig ?? {}) as Partial<FabricConfig>;
  const counts = EMPTY_COUNTS();

  const idFilter = opts.ids ? [...opts.ids] : null;
  let cursor: string | undefined;
  for (let offset = 0; ; ) {
    const where = idFilter ? { fabricId, id: { in: idFilter.slice(offset, offset + BATCH_SIZE) } } : { fabricId, ...(cursor ? { id: { gt: cursor } } : {}) };
    if (idFilter && offset >= idFilter.length) break;
    const rows = (await db.hedgehogResource.findMany({
      where,
      orderBy: { id: "asc" },
      take: idFilter ? undefined : BATCH_SIZE,
      select: { id: true, state: true, desired: true, git: true, live: true, desiredHash: true, gitHash: true, validationErrors: true, missingSince: true, drift: true },
    })) as unknown as Row[];
    if (rows.length === 0) break;
    offset += BATCH_SIZE;
    cursor = rows[rows.length - 1]!.id;

    const updates: Array<{ id: string; state: LifecycleState; drift: DiffEntry[] | null }> = [];
    const transitions: Array<{ resourceId: string; fabricId: string; fromState: LifecycleState | null; toState: LifecycleState; reason: string; actor: string | null; jobId: string | null }> = [];
    for (const row of rows) {
      const result = opts.force
        ? { state: opts.force, drift: row.drift, reason: opts.reason }
        : computeState(
            {
              current: row.state,
              desired: row.desired,
              git: row.git,
              live: row.live,
              desiredHash: row.desiredHash,
              gitHash: row.gitHash,
              validationErrors: row.validationErrors,
              missingSince: row.missingSince,
              pending: pendingIds.has(row.id),
              liveKnown,
            },
            { config, ignore: ignoreRules, graceSeconds: opts.graceSeconds },
          );
      counts[result.state]++;
      const driftChanged = JSON.stringify(result.drift ?? null) !== JSON.stringify(row.drift ?? null);
      if (result.state !== row.state || driftChanged || newIds.has(row.id)) updates.push({ id: row.id, state: result.state, drift: result.drift });
      if (result.state !== row.state || newIds.has(row.id)) {
        transitions.push({
          resourceId: row.id,
          fabricId,
          fromState: newIds.has(row.id) ? null : row.state,
          toState: result.state,
          reason: `${opts.reason}: ${result.reason}`,
          actor: opts.actor ?? null,
          jobId: opts.jobId ?? null,
        });
      }
    }
    if (updates.length) {
      await db.$transaction([
        db.$executeRawUnsafe(
          `UPDATE "HedgehogResource" AS r SET "state" = x.state::"LifecycleState", "drift" = x.drift, "updatedAt" = now()
           FROM jsonb_to_recordset($1::jsonb) AS x(id text, state text, drift jsonb) WHERE r.id = x.id`,
          JSON.stringify(updates),
        ),
        db.stateTransition.createMany({ data: transitions }),
      ]);
    }
    if (!idFilter && rows.length < BATCH_SIZE) break;
  }
  return counts;
}
