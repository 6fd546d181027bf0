/**
 * The reconciliation alerts engine: one unresolved alert per fingerprint (a database guarantee: `Alert.openKey` holds
 * the fingerprint while the alert is open or acknowledged and is unique), with count and first/last seen; raised by
 * the jobs (raiseAlert), reconciled from the objects' lifecycle states (reconcileAlerts), resolved automatically when
 * the condition clears (resolveAlerts), and the installation thresholds (evaluateThresholds).
 */
import { randomUUID } from "node:crypto";
import type { Db, Prisma, PrismaClient } from "@/server/db";
import { apiResponseTimeP95 } from "./latency";

export type AlertSeverityName = "info" | "warning" | "critical";

/** The alert kinds, their default severity and what they mean. */
export const ALERT_KINDS = {
  drift: { severity: "warning", scope: "object", description: "The live object differs from Git (after normalization and ignore rules)" },
  orphaned: { severity: "info", scope: "object", description: "The object is in the cluster but not in Git" },
  missing: { severity: "critical", scope: "object", description: "The object is in Git but absent from the cluster after the grace period" },
  conflict: { severity: "warning", scope: "object", description: "The object was changed in HFM and in Git since the last sync" },
  "invalid-file": { severity: "warning", scope: "fabric", description: "A file of the fabric's Git directory fails to parse or validate" },
  "sync-failed": { severity: "warning", scope: "fabric", description: "The last sync of the fabric failed" },
  "sync-stale": { severity: "warning", scope: "fabric", description: "The fabric has not synced for three sync intervals" },
  "credentials-expired": { severity: "critical", scope: "fabric", description: "The fabric's Kubernetes credentials were refused as expired" },
  "cluster-unreachable": { severity: "critical", scope: "fabric", description: "The fabric's Kubernetes API cannot be reached" },
  "push-rejected": { severity: "warning", scope: "fabric", description: "Git refused a push of a change set" },
  "sync-failure-rate": { severity: "warning", scope: "installation", description: "More than 10 % of the syncs of the last hour failed" },
  "queue-backlog": { severity: "warning", scope: "installation", description: "More than 100 jobs are waiting" },
  "slow-api": { severity: "warning", scope: "installation", description: "The API's 95th-percentile response time over 5 minutes exceeds 5 s" },
} as const satisfies Record<string, { severity: AlertSeverityName; scope: "object" | "fabric" | "installation"; description: string }>;
export type AlertKind = keyof typeof ALERT_KINDS;

/** Fingerprints: the identity of a problem. */
export const fingerprint = {
  object: (type: "drift" | "orphaned" | "missing" | "conflict", fabricId: string, o: { kind: string; namespace: string; name: string }) =>
    `${type}:${fabricId}:${o.kind}/${o.namespace}/${o.name}`,
  fabric: (type: AlertKind, fabricId: string) => `${type}:${fabricId}`,
  installation: (type: "sync-failure-rate" | "queue-backlog" | "slow-api") => `threshold:${type}`,
};

/** Thresholds the operators asked for. */
export const THRESHOLDS = {
  syncFailureRate: 0.1,
  syncFailureWindowMs: 60 * 60 * 1000,
  jobQueue: 100,
  apiResponseMs: 5000,
  /** A fabric that has not synced for this many intervals is stale. */
  staleIntervals: 3,
};

// ───────────── raising and resolving one alert ─────────────

export interface RaiseAlertInput {
  fabricId: string | null;
  /** invalid-file, push-rejected, conflict, ... (see ALERT_KINDS) */
  type: string;
  /** Identity of the problem: one open (or acknowledged) alert per fingerprint. */
  fingerprint: string;
  severity: AlertSeverityName;
  title: string;
  message: string;
  resourceKind?: string | null;
  resourceName?: string | null;
  details?: Prisma.InputJsonValue;
}

export interface RaiseAlertOptions {
  /**
   * `count` (default): this is one more occurrence (count + 1, a `repeated` event). `touch`: the condition still holds
   * (last seen updated, the count and history unchanged) — for conditions checked periodically.
   */
  repeat?: "count" | "touch";
}

/**
 * Opens an alert, or — when one with the same fingerprint is still open or acknowledged — records one more occurrence
 * (count, lastSeenAt, latest title/message/severity/details). Atomic (INSERT … ON CONFLICT on the unique `openKey`),
 * so concurrent raisers never open two alerts. Returns the alert id and whether it was new.
 */
export async function raiseAlert(db: Db, input: RaiseAlertInput, opts: RaiseAlertOptions = {}): Promise<{ id: string; created: boolean }> {
  const touch = opts.repeat === "touch";
  const rows = await db.$queryRawUnsafe<Array<{ id: string; inserted: boolean }>>(
    `INSERT INTO "Alert" ("id","fabricId","type","fingerprint","openKey","severity","state","title","message","resourceKind","resourceName","details","count","firstSeenAt","lastSeenAt")
     VALUES ($1, $2, $3, $4, $4, $5::"AlertSeverity", 'open', $6, $7, $8, $9, $10::jsonb, 1, now(), now())
     ON CONFLICT ("openKey") DO UPDATE SET
       "count" = "Alert"."count" + ${touch ? 0 : 1},
       "lastSeenAt" = now(),
       "title" = EXCLUDED."title",
       "message" = EXCLUDED."message",
       "severity" = EXCLUDED."severity",
       "details" = COALESCE(EXCLUDED."details", "Alert"."details")
     RETURNING "id", (xmax = 0) AS inserted`,
    randomUUID(),
    input.fabricId,
    input.type,
    input.fingerprint,
    input.severity,
    input.title,
    input.message,
    input.resourceKind ?? null,
    input.resourceName ?? null,
    input.details === undefined ? null : JSON.stringify(input.details),
  );
  const row = rows[0]!;
  if (row.inserted || !touch) {
    await db.alertEvent.create({ data: { alertId: row.id, action: row.inserted ? "opened" : "repeated", actor: "system" } });
  }
  return { id: row.id, created: row.inserted };
}

/**
 * Resolves the open/acknowledged alerts whose fingerprint is listed, or starts with `fingerprintPrefix` (except
 * `keep`), because the problem went away. Returns how many were resolved.
 */
export async function resolveAlerts(
  db: Db,
  match: { fingerprints?: string[]; fingerprintPrefix?: string; keep?: ReadonlySet<string> },
  actor = "system",
): Promise<number> {
  return (await resolveAlertsReturning(db, match, actor)).length;
}

async function resolveAlertsReturning(
  db: Db,
  match: { fingerprints?: string[]; fingerprintPrefix?: string; keep?: ReadonlySet<string> },
  actor: string,
): Promise<string[]> {
  if (!match.fingerprints?.length && !match.fingerprintPrefix) return [];
  const rows = await db.alert.findMany({
    where: match.fingerprints ? { openKey: { in: match.fingerprints } } : { openKey: { startsWith: match.fingerprintPrefix } },
    select: { id: true, fingerprint: true },
  });
  const ids = rows.filter((r) => !match.keep?.has(r.fingerprint)).map((r) => r.id);
  const out: string[] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const done = await db.$queryRawUnsafe<Array<{ id: string }>>(
      `UPDATE "Alert" SET "state" = 'resolved', "resolvedAt" = now(), "resolvedBy" = $2, "openKey" = NULL
       WHERE "id" IN (SELECT jsonb_array_elements_text($1::jsonb)) AND "openKey" IS NOT NULL RETURNING "id"`,
      JSON.stringify(chunk),
      actor,
    );
    if (done.length) await db.alertEvent.createMany({ data: done.map((d) => ({ alertId: d.id, action: "auto-resolved", actor })) });
    out.push(...done.map((d) => d.id));
  }
  return out;
}

/** Opens (touch semantics) or resolves one condition alert. Returns the alert id when it was opened now. */
async function setCondition(db: Db, holds: boolean, input: RaiseAlertInput, changes: AlertChanges): Promise<void> {
  if (holds) {
    const r = await raiseAlert(db, input, { repeat: "touch" });
    if (r.created) changes.opened.push(r.id);
  } else {
    changes.resolved.push(...(await resolveAlertsReturning(db, { fingerprints: [input.fingerprint] }, "system")));
  }
}

// ───────────── reconciliation from the lifecycle states ─────────────

export interface AlertChanges {
  /** Alerts opened now. */
  opened: string[];
  /** Open alerts whose condition changed (another drift): count + 1. */
  repeated: string[];
  /** Alerts resolved because the condition cleared. */
  resolved: string[];
}

const OBJECT_STATES = ["drifted", "orphaned", "missing", "conflict"] as const;
const OBJECT_ALERT_TYPES = ["drift", "orphaned", "missing", "conflict"] as const;
const RECONCILE_BATCH = 2000;

/** SQL for an object alert's fingerprint from a HedgehogResource row `r` and the alert type expression. */
const fpSql = (type: string) => `(${type} || ':' || r."fabricId" || ':' || r."kind" || '/' || r."namespace" || '/' || r."name")`;
const TYPE_SQL = `(CASE r."state" WHEN 'drifted' THEN 'drift' ELSE r."state"::text END)`;

/**
 * Brings the per-object alerts (drift, orphaned, missing, conflict) of a fabric in line with the objects' current
 * states, set-based: per batch of 2,000 objects one statement opens the missing alerts and refreshes the open ones
 * (count + 1 only when the drift itself changed), then one statement resolves every alert whose condition cleared.
 * Also checks the fabric's own conditions (credentials-expired, cluster-unreachable, sync-stale).
 */
export async function reconcileAlerts(db: PrismaClient, fabricId: string, opts: { now?: Date } = {}): Promise<AlertChanges> {
  const changes: AlertChanges = { opened: [], repeated: [], resolved: [] };
  const severity = (t: (typeof OBJECT_ALERT_TYPES)[number]) => `'${ALERT_KINDS[t].severity}'`;
  let cursor = "";
  for (;;) {
    const rows = await db.$queryRawUnsafe<Array<{ id: string; inserted: boolean; changed: boolean; last_rid: string }>>(
      `WITH src AS (
         SELECT r."id" AS rid, r."fabricId", r."kind", r."namespace", r."name", r."state", r."drift"
         FROM "HedgehogResource" r
         WHERE r."fabricId" = $1 AND r."state" IN (${OBJECT_STATES.map((s) => `'${s}'`).join(",")}) AND r."id" > $2
         ORDER BY r."id" LIMIT ${RECONCILE_BATCH}
       ), t AS (
         SELECT r.*, tt.type, ${fpSql("tt.type")} AS fp, md5(COALESCE(r."drift"::text, '')) AS sig
         FROM src r, LATERAL (SELECT ${TYPE_SQL} AS type) tt
       ), old AS (
         SELECT a."id", a."details"->>'signature' AS sig FROM "Alert" a WHERE a."openKey" IN (SELECT fp FROM t)
       ), ins AS (
         INSERT INTO "Alert" ("id","fabricId","type","fingerprint","openKey","severity","state","title","message","resourceKind","resourceName","details","count","firstSeenAt","lastSeenAt")
         SELECT gen_random_uuid()::text, r."fabricId", r.type, r.fp, r.fp,
           (CASE r.type WHEN 'drift' THEN ${severity("drift")} WHEN 'orphaned' THEN ${severity("orphaned")} WHEN 'missing' THEN ${severity("missing")} ELSE ${severity("conflict")} END)::"AlertSeverity",
           'open',
           (CASE r.type WHEN 'drift' THEN 'Drift: ' WHEN 'orphaned' THEN 'Orphaned: ' WHEN 'missing' THEN 'Missing: ' ELSE 'Conflict: ' END) || r."kind" || ' ' || r."name",
           (CASE r.type
              WHEN 'drift' THEN 'Live ' || r."kind" || ' ' || r."name" || ' differs from Git at ' || COALESCE(jsonb_array_length(r."drift"), 0) || ' field(s): '
                || COALESCE((SELECT string_agg(e->>'path', ', ') FROM jsonb_array_elements(jsonb_path_query_array(r."drift", '$[0 to 2]')) e), '')
              WHEN 'orphaned' THEN r."kind" || ' ' || r."name" || ' is in the cluster but not in Git'
              WHEN 'missing' THEN r."kind" || ' ' || r."name" || ' is in Git but absent from the cluster'
              ELSE r."kind" || ' ' || r."name" || ' was changed in HFM and in Git' END),
           r."kind", r."name",
           jsonb_build_object('resourceId', r.rid, 'namespace', r."namespace", 'state', r."state", 'signature', r.sig,
             'fields', COALESCE(jsonb_array_length(r."drift"), 0), 'diff', COALESCE(jsonb_path_query_array(r."drift", '$[0 to 19]'), '[]'::jsonb)),
           1, now(), now()
         FROM t r
         ON CONFLICT ("openKey") DO UPDATE SET
           "lastSeenAt" = now(),
           "count" = "Alert"."count" + (CASE WHEN "Alert"."details"->>'signature' IS DISTINCT FROM EXCLUDED."details"->>'signature' THEN 1 ELSE 0 END),
           "title" = EXCLUDED."title",
           "message" = EXCLUDED."message",
           "details" = EXCLUDED."details"
         RETURNING "id", (xmax = 0) AS inserted, "details"->>'signature' AS sig
       )
       SELECT ins."id", ins.inserted, (NOT ins.inserted AND old.sig IS DISTINCT FROM ins.sig) AS changed, (SELECT max(rid) FROM src) AS last_rid
       FROM ins LEFT JOIN old ON old."id" = ins."id"`,
      fabricId,
      cursor,
    );
    if (rows.length === 0) break;
    for (const r of rows) {
      if (r.inserted) changes.opened.push(r.id);
      else if (r.changed) changes.repeated.push(r.id);
    }
    cursor = rows[0]!.last_rid;
    if (rows.length < RECONCILE_BATCH) break;
  }
  const events = [
    ...changes.opened.map((alertId) => ({ alertId, action: "opened", actor: "system" })),
    ...changes.repeated.map((alertId) => ({ alertId, action: "repeated", actor: "system" })),
  ];
  for (let i = 0; i < events.length; i += 5000) await db.alertEvent.createMany({ data: events.slice(i, i + 5000) });

  // Resolve every object alert whose object is no longer in the matching state (or no longer exists).
  const resolved = await db.$queryRawUnsafe<Array<{ id: string }>>(
    `UPDATE "Alert" a SET "state" = 'resolved', "resolvedAt" = now(), "resolvedBy" = 'system', "openKey" = NULL
     WHERE a."fabricId" = $1 AND a."openKey" IS NOT NULL AND a."type" IN (${OBJECT_ALERT_TYPES.map((s) => `'${s}'`).join(",")})
       AND NOT EXISTS (
         SELECT 1 FROM "HedgehogResource" r, LATERAL (SELECT ${TYPE_SQL} AS type) t
         WHERE r."fabricId" = $1 AND r."kind" = a."resourceKind" AND r."name" = a."resourceName"
           AND r."state" IN (${OBJECT_STATES.map((s) => `'${s}'`).join(",")}) AND ${fpSql("t.type")} = a."openKey")
     RETURNING a."id"`,
    fabricId,
  );
  changes.resolved.push(...resolved.map((r) => r.id));
  for (let i = 0; i < resolved.length; i += 5000) {
    await db.alertEvent.createMany({ data: resolved.slice(i, i + 5000).map((r) => ({ alertId: r.id, action: "auto-resolved", actor: "system" })) });
  }

  await reconcileFabricConditions(db, fabricId, changes, opts.now ?? new Date());
  return changes;
}

/** The fabric's own conditions: credentials expired, cluster unreachable, sync stale. */
async function reconcileFabricConditions(db: PrismaClient, fabricId: string, changes: AlertChanges, now: Date): Promise<void> {
  const f = await db.fabric.findUnique({
    where: { id: fabricId },
    select: {
      name: true,
      kubernetesServer: true,
      credentialsExpired: true,
      connectionStatus: true,
      connectionMessage: true,
      breakerState: true,
      syncEnabled: true,
      syncIntervalSeconds: true,
      lastSyncAt: true,
      createdAt: true,
    },
  });
  if (!f) return;
  await setCondition(
    db,
    f.credentialsExpired,
    {
      fabricId,
      type: "credentials-expired",
      fingerprint: fingerprint.fabric("credentials-expired", fabricId),
      severity: ALERT_KINDS["credentials-expired"].severity,
      title: `Kubernetes credentials of ${f.name} expired`,
      message: "The cluster refused the fabric's token as expired: set a new token in the fabric's settings.",
    },
    changes,
  );
  const unreachable = !f.credentialsExpired && Boolean(f.kubernetesServer) && (f.connectionStatus === "error" || f.breakerState === "open");
  await setCondition(
    db,
    unreachable,
    {
      fabricId,
      type: "cluster-unreachable",
      fingerprint: fingerprint.fabric("cluster-unreachable", fabricId),
      severity: ALERT_KINDS["cluster-unreachable"].severity,
      title: `Cluster of ${f.name} unreachable`,
      message: f.connectionMessage ?? "The fabric's Kubernetes API did not answer.",
    },
    changes,
  );
  const since = f.lastSyncAt ?? f.createdAt;
  const stale = f.syncEnabled && now.getTime() - since.getTime() > THRESHOLDS.staleIntervals * f.syncIntervalSeconds * 1000;
  await setCondition(
    db,
    stale,
    {
      fabricId,
      type: "sync-stale",
      fingerprint: fingerprint.fabric("sync-stale", fabricId),
      severity: ALERT_KINDS["sync-stale"].severity,
      title: `${f.name} has not synced recently`,
      message: `No finished sync since ${since.toISOString()} (the interval is ${f.syncIntervalSeconds} s).`,
    },
    changes,
  );
}

// ───────────── installation thresholds ─────────────

export interface ThresholdReadings {
  syncs: number;
  failedSyncs: number;
  syncFailureRate: number;
  queuedJobs: number;
  apiP95Ms: number | null;
}

/**
 * Checks the installation thresholds: sync failure rate > 10 % over the last hour, job queue > 100, API 95th
 * percentile response time > 5 s. Opens or resolves one alert per threshold. `readings` overrides what is measured
 * (tests, or a caller that measured already).
 */
export async function evaluateThresholds(
  db: PrismaClient,
  opts: { now?: Date; readings?: Partial<ThresholdReadings> } = {},
): Promise<{ readings: ThresholdReadings; changes: AlertChanges }> {
  const now = opts.now ?? new Date();
  const since = new Date(now.getTime() - THRESHOLDS.syncFailureWindowMs);
  const [groups, queuedJobs] = await Promise.all([
    db.syncOperation.groupBy({ by: ["status"], where: { finishedAt: { gte: since }, status: { in: ["succeeded", "failed"] } }, _count: { _all: true } }),
    // Jobs due and waiting for a slot (as queueStats counts them), not runs only waiting out a backoff or a sleep.
    db.workflowRun.count({ where: { status: "queued", runAfter: { lte: now } } }),
  ]);
  const syncs = groups.reduce((n, g) => n + g._count._all, 0);
  const failedSyncs = groups.find((g) => g.status === "failed")?._count._all ?? 0;
  const readings: ThresholdReadings = {
    syncs,
    failedSyncs,
    syncFailureRate: syncs ? failedSyncs / syncs : 0,
    queuedJobs,
    apiP95Ms: apiResponseTimeP95(now.getTime()),
    ...opts.readings,
  };
  const changes: AlertChanges = { opened: [], repeated: [], resolved: [] };
  const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;
  await setCondition(
    db,
    readings.syncFailureRate > THRESHOLDS.syncFailureRate,
    {
      fabricId: null,
      type: "sync-failure-rate",
      fingerprint: fingerprint.installation("sync-failure-rate"),
      severity: ALERT_KINDS["sync-failure-rate"].severity,
      title: "Sync failure rate above 10 %",
      message: `${readings.failedSyncs} of ${readings.syncs} syncs failed in the last hour (${pct(readings.syncFailureRate)}).`,
      details: { ...readings },
    },
    changes,
  );
  await setCondition(
    db,
    readings.queuedJobs > THRESHOLDS.jobQueue,
    {
      fabricId: null,
      type: "queue-backlog",
      fingerprint: fingerprint.installation("queue-backlog"),
      severity: ALERT_KINDS["queue-backlog"].severity,
      title: "Job queue above 100",
      message: `${readings.queuedJobs} jobs are waiting to run.`,
      details: { queuedJobs: readings.queuedJobs },
    },
    changes,
  );
  await setCondition(
    db,
    readings.apiP95Ms !== null && readings.apiP95Ms > THRESHOLDS.apiResponseMs,
    {
      fabricId: null,
      type: "slow-api",
      fingerprint: fingerprint.installation("slow-api"),
      severity: ALERT_KINDS["slow-api"].severity,
      title: "API response time above 5 s",
      message: `The 95th percentile of API response times over the last 5 minutes is ${Math.round(readings.apiP95Ms ?? 0)} ms.`,
      details: { apiP95Ms: readings.apiP95Ms },
    },
    changes,
  );
  return { readings, changes };
}
