/**
 * The lifecycle state machine — the only writer of `HedgehogResource.state`. Computes each object's state from its
 * desired, git and live versions, the fabric's pending change set and validation, stores the field-level drift, and
 * records every transition (from, to, reason, actor or job, time). Works in batches: 50,000 objects are a few dozen
 * statements, not 50,000.
 */
import { randomUUID } from "node:crypto";
import { deepEqual, diffObjects, type DiffEntry, type IgnorePattern } from "@/lib/hedgehog/drift";
import type { FabricConfig, Finding, HhObject } from "@/lib/hedgehog/types";
import type { Db, LifecycleState } from "@/server/db";
import { BATCH_SIZE } from "./store";

/** How long an object may be absent from the cluster before it is `missing` (a CD tool may still be applying it). */
export const MISSING_GRACE_SECONDS = 300;
/** Installation setting (Setting table) that overrides the grace period, in seconds. */
export const MISSING_GRACE_SETTING = "drift.missingGraceSeconds";

/**
 * The missing grace period in force: the `drift.missingGraceSeconds` setting, else `HFM_MISSING_GRACE_SECONDS`, else
 * 300 seconds.
 */
export async function missingGraceSeconds(db: Db): Promise<number> {
  const row = await db.setting.findUnique({ where: { key: MISSING_GRACE_SETTING } });
  const fromSetting = typeof row?.value === "number" ? row.value : Number.NaN;
  if (Number.isFinite(fromSetting) && fromSetting >= 0) return fromSetting;
  const fromEnv = Number(process.env.HFM_MISSING_GRACE_SECONDS);
  if (process.env.HFM_MISSING_GRACE_SECONDS && Number.isFinite(fromEnv) && fromEnv >= 0) return fromEnv;
  return MISSING_GRACE_SECONDS;
}

/** Sets (or, with null, clears) the installation's missing grace period. */
export async function setMissingGraceSeconds(db: Db, seconds: number | null): Promise<void> {
  if (seconds === null) await db.setting.deleteMany({ where: { key: MISSING_GRACE_SETTING } });
  else await db.setting.upsert({ where: { key: MISSING_GRACE_SETTING }, create: { key: MISSING_GRACE_SETTING, value: seconds }, update: { value: seconds } });
}

export interface StateInput {
  current: LifecycleState;
  desired: HhObject | null;
  git: HhObject | null;
  live: HhObject | null;
  desiredHash: string | null;
  gitHash: string | null;
  /** Hashes of the normalized git and live versions; when equal, the versions mean the same thing (no diff needed). */
  gitNormHash?: string | null;
  liveNormHash?: string | null;
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
  /** The object is in Git, absent live while live is known, and its grace period has not started: start it now. */
  startMissing?: boolean;
}

function describeDrift(drift: readonly DiffEntry[]): string {
  const shown = drift.slice(0, 3).map((d) => d.path);
  return `live differs from Git at ${drift.length === 1 ? "1 field" : `${drift.length} fields`}: ${shown.join(", ")}${drift.length > 3 ? ", …" : ""}`;
}

/** Pure: the state one object should be in, with the reason in words. */
export function computeState(
  input: StateInput,
  opts: { now?: number; graceSeconds?: number; config?: Partial<FabricConfig>; ignore?: readonly IgnorePattern[] } = {},
): StateResult {
  const now = opts.now ?? Date.now();
  const grace = (opts.graceSeconds ?? MISSING_GRACE_SECONDS) * 1000;
  if (input.current === "conflict" && input.pending) return { state: "conflict", drift: null, reason: "changed in HFM and in Git since the last sync" };
  const errors = input.validationErrors?.filter((f) => f.severity === "error") ?? [];
  if (errors.length) {
    const first = errors[0]!;
    return { state: "invalid", drift: null, reason: `fails validation: ${first.rule}${first.path ? ` at ${first.path}` : ""}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ""}` };
  }
  const isDraft = input.pending && input.desiredHash !== input.gitHash;
  if (isDraft) return { state: "draft", drift: null, reason: input.git ? "changed in HFM, not yet in Git" : "created in HFM, not yet in Git" };
  if (input.git && input.live) {
    if (input.gitNormHash && input.gitNormHash === input.liveNormHash) return { state: "synced", drift: null, reason: "live matches Git" };
    const drift = diffObjects(input.git, input.live, { config: opts.config, ignore: opts.ignore, desired: input.desired });
    return drift.length ? { state: "drifted", drift, reason: describeDrift(drift) } : { state: "synced", drift: null, reason: "live matches Git" };
  }
  if (input.git && !input.live) {
    if (!input.liveKnown) return { state: "committed", drift: null, reason: "in Git; the cluster has not been read yet" };
    if (!input.missingSince) {
      return grace === 0
        ? { state: "missing", drift: null, reason: "in Git, absent from the cluster", startMissing: true }
        : { state: "committed", drift: null, reason: "in Git, not yet seen live", startMissing: true };
    }
    const absentFor = now - input.missingSince.getTime();
    if (absentFor >= grace) {
      return { state: "missing", drift: null, reason: `in Git, absent from the cluster for ${Math.round(absentFor / 1000)} s (grace period ${grace / 1000} s)` };
    }
    return { state: "committed", drift: null, reason: "in Git, not yet seen live (within the grace period)" };
  }
  if (!input.git && input.live) return { state: "orphaned", drift: null, reason: "in the cluster, not in Git" };
  return { state: "draft", drift: null, reason: "only in HFM" };
}

/** Stands for a version that exists but was not loaded (its content is not needed to decide the state). */
const PRESENT: HhObject = Object.freeze({ apiVersion: "", kind: "", metadata: { name: "" } }) as HhObject;

interface Row {
  id: string;
  state: LifecycleState;
  desired: HhObject | null;
  git: HhObject | null;
  live: HhObject | null;
  desiredHash: string | null;
  gitHash: string | null;
  liveHash: string | null;
  gitNormHash: string | null;
  liveNormHash: string | null;
  validationErrors: Finding[] | null;
  missingSince: Date | null;
  drift: DiffEntry[] | null;
}

export type StateCounts = Record<LifecycleState, number>;

const EMPTY_COUNTS = (): StateCounts => ({ draft: 0, committed: 0, synced: 0, drifted: 0, orphaned: 0, missing: 0, invalid: 0, conflict: 0 });

interface UpdateRow {
  id: string;
  /** The state read (compare-and-set: a row another writer changed meanwhile is left alone and not recorded twice). */
  prev: LifecycleState;
  state: LifecycleState;
  drift: DiffEntry[] | null;
  start_missing: boolean;
  /** Record a transition (state changed, or the row is new). */
  record: boolean;
  tid: string;
  from_state: LifecycleState | null;
  reason: string;
}

const LIGHT_COLUMNS = ["id", "state", "desiredHash", "gitHash", "liveHash", "gitNormHash", "liveNormHash", "validationErrors", "missingSince", "drift"];

/** A batch of light rows (no objects), by id or after a cursor (`BATCH_SIZE` rows in id order). */
async function lightRows(db: Db, fabricId: string, which: { ids: readonly string[] } | { after: string | undefined }): Promise<Row[]> {
  const fields = LIGHT_COLUMNS.map((c) => `'${c}', "${c}"`).join(", ");
  const [result] = await db.$queryRawUnsafe<Array<{ rows: string }>>(
    "ids" in which
      ? `SELECT coalesce(json_agg(json_build_object(${fields}) ORDER BY id), '[]')::text AS rows
           FROM "HedgehogResource" WHERE "fabricId" = $1 AND id IN (SELECT jsonb_array_elements_text($2::jsonb))`
      : `SELECT coalesce(json_agg(json_build_object(${fields}) ORDER BY id), '[]')::text AS rows
           FROM (SELECT * FROM "HedgehogResource" WHERE "fabricId" = $1 AND ($2::text IS NULL OR id > $2::text) ORDER BY id LIMIT ${BATCH_SIZE}) AS r`,
    fabricId,
    "ids" in which ? JSON.stringify(which.ids) : (which.after ?? null),
  );
  const rows = JSON.parse(result?.rows ?? "[]") as Array<Omit<Row, "missingSince"> & { missingSince: string | null }>;
  return rows.map((r) => ({ ...r, missingSince: r.missingSince ? new Date(r.missingSince) : null, desired: null, git: null, live: null }));
}

/**
 * Recomputes the state of a fabric's objects (all, or `ids`), writes what changed and records the transitions.
 * `newIds` are rows just created: their first state is recorded as a transition from nothing.
 *
 * Per batch of 1,000 rows: one read and one statement that updates the rows whose state is still the one read and
 * inserts the transitions of exactly those rows — so each transition is recorded once even when two recomputations
 * of the same fabric overlap. The missing grace period comes from `opts.graceSeconds`, else `missingGraceSeconds()`.
 */
export async function recomputeStates(
  db: Db,
  fabricId: string,
  opts: { reason: string; actor?: string; jobId?: string; ids?: readonly string[]; newIds?: readonly string[]; liveKnown?: boolean; graceSeconds?: number; force?: LifecycleState },
): Promise<StateCounts> {
  const fabric = await db.fabric.findUniqueOrThrow({ where: { id: fabricId }, select: { fabricConfig: true } });
  const ignoreRules = await db.ignoreRule.findMany({ where: { OR: [{ fabricId }, { fabricId: null }] }, select: { kind: true, path: true } });
  const pending = await db.changeSetItem.findMany({
    where: { changeSet: { fabricId, status: "pending" }, resourceId: { not: null } },
    select: { resourceId: true },
  });
  const pendingIds = new Set(pending.map((p) => p.resourceId!));
  const newIds = new Set(opts.newIds ?? []);
  const liveKnown = opts.liveKnown ?? (await db.hedgehogResource.count({ where: { fabricId, liveSeenAt: { not: null } } })) > 0;
  const graceSeconds = opts.graceSeconds ?? (await missingGraceSeconds(db));
  const config = (fabric.fabricConfig ?? {}) as Partial<FabricConfig>;
  const counts = EMPTY_COUNTS();
  const now = Date.now();

  const idFilter = opts.ids ? [...new Set(opts.ids)] : null;
  let cursor: string | undefined;
  for (let offset = 0; ; ) {
    if (idFilter && offset >= idFilter.length) break;
    // Light rows first, as one JSON value (converting 1,000 result rows costs more than the query); the objects
    // themselves are loaded only where a diff must be computed (normalized hashes differ).
    const rows = await lightRows(db, fabricId, idFilter ? { ids: idFilter.slice(offset, offset + BATCH_SIZE) } : { after: cursor });
    const needObjects = rows.filter((r) => r.gitHash && r.liveHash && (!r.gitNormHash || r.gitNormHash !== r.liveNormHash)).map((r) => r.id);
    const objects = new Map(
      needObjects.length
        ? (await db.hedgehogResource.findMany({ where: { id: { in: needObjects } }, select: { id: true, desired: true, git: true, live: true } })).map((o) => [o.id, o])
        : [],
    );
    for (const r of rows) {
      const o = objects.get(r.id);
      r.desired = (o?.desired as HhObject | null | undefined) ?? null;
      r.git = (o?.git as HhObject | null | undefined) ?? (r.gitHash ? PRESENT : null);
      r.live = (o?.live as HhObject | null | undefined) ?? (r.liveHash ? PRESENT : null);
    }
    offset += BATCH_SIZE;
    if (rows.length === 0) {
      if (idFilter) continue;
      break;
    }
    cursor = rows[rows.length - 1]!.id;

    const updates: UpdateRow[] = [];

    const firstTransitions: Array<{ tid: string; id: string; state: LifecycleState; reason: string }> = [];
    for (const row of rows) {
      const result: StateResult = opts.force
        ? { state: opts.force, drift: row.drift, reason: opts.reason }
        : computeState(
            {
              current: row.state,
              desired: row.desired,
              git: row.git,
              live: row.live,
              desiredHash: row.desiredHash,
              gitHash: row.gitHash,
              gitNormHash: row.gitNormHash,
              liveNormHash: row.liveNormHash,
              validationErrors: row.validationErrors,
              missingSince: row.missingSince,
              pending: pendingIds.has(row.id),
              liveKnown,
            },
            { config, ignore: ignoreRules, graceSeconds, now },
          );
      counts[result.state]++;
      const isNew = newIds.has(row.id);
      const changed = result.state !== row.state;
      // Structural comparison: jsonb gives the stored drift back with its keys in another order.
      const driftChanged = !deepEqual(result.drift ?? null, row.drift ?? null);
      if (isNew && !changed && !driftChanged && !result.startMissing) {
        // A new row already holds this state: only its first transition is recorded (no row rewrite).
        firstTransitions.push({ tid: randomUUID(), id: row.id, state: result.state, reason: opts.force ? opts.reason : `${opts.reason}: ${result.reason}` });
      } else if (changed || driftChanged || isNew || result.startMissing) {
        updates.push({
          id: row.id,
          prev: row.state,
          state: result.state,
          drift: result.drift,
          start_missing: Boolean(result.startMissing),
          record: changed || isNew,
          tid: randomUUID(),
          from_state: isNew ? null : row.state,
          reason: opts.force ? opts.reason : `${opts.reason}: ${result.reason}`,
        });
      }
    }
    if (firstTransitions.length) {
      await db.$executeRawUnsafe(
        `INSERT INTO "StateTransition" ("id", "resourceId", "fabricId", "fromState", "toState", "reason", "actor", "jobId", "createdAt")
         SELECT x.tid, x.id, $2, NULL, x.state::"LifecycleState", x.reason, $3::text, $4::text, now()
         FROM jsonb_to_recordset($1::jsonb) AS x(tid text, id text, state text, reason text)`,
        JSON.stringify(firstTransitions),
        fabricId,
        opts.actor ?? null,
        opts.jobId ?? null,
      );
    }
    if (updates.length) {
      await db.$executeRawUnsafe(
        `WITH x AS (
           SELECT * FROM jsonb_to_recordset($1::jsonb)
             AS x(id text, prev text, state text, drift jsonb, start_missing boolean, record boolean, tid text, from_state text, reason text)
         ), upd AS (
           UPDATE "HedgehogResource" AS r SET
             "state" = x.state::"LifecycleState",
             "drift" = x.drift,
             "missingSince" = CASE WHEN x.start_missing THEN COALESCE(r."missingSince", now()) ELSE r."missingSince" END,
             "updatedAt" = now()
           FROM x WHERE r.id = x.id AND r."state"::text = x.prev
           RETURNING r.id
         )
         INSERT INTO "StateTransition" ("id", "resourceId", "fabricId", "fromState", "toState", "reason", "actor", "jobId", "createdAt")
         SELECT x.tid, x.id, $2, x.from_state::"LifecycleState", x.state::"LifecycleState", x.reason, $3::text, $4::text, now()
         FROM x JOIN upd ON upd.id = x.id WHERE x.record`,
        JSON.stringify(updates),
        fabricId,
        opts.actor ?? null,
        opts.jobId ?? null,
      );
    }
    if (!idFilter && rows.length < BATCH_SIZE) break;
  }
  return counts;
}
