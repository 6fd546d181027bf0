/**
 * Drift per fabric: the report (drifted, orphaned and missing objects with their field-level diffs, counts by state,
 * kind and severity, trend from the recorded state transitions), ignore rules (CRUD; a change re-evaluates the
 * affected objects and their alerts at once), and opt-in self-heal.
 */
import { z } from "zod";
import { checkIgnorePath, type DiffEntry } from "@/lib/hedgehog/drift";
import { findKind } from "@/lib/hedgehog/registry";
import type { HhObject } from "@/lib/hedgehog/types";
import { Prisma, type LifecycleState, type PrismaClient } from "@/server/db";
import { ALERT_KINDS, notifyAlerts, reconcileAlerts, type AlertChanges } from "@/server/services/alerts";
import { recordAudit, type Actor } from "@/server/services/audit";
import { DomainError, notFound } from "@/server/services/errors";
import { applyObjects } from "@/server/services/kubernetes";
import { recomputeStates, type StateCounts } from "@/server/services/resources";

export const DRIFT_STATES = ["drifted", "orphaned", "missing"] as const;
export type DriftState = (typeof DRIFT_STATES)[number];
const severitySchema = z.enum(["info", "warning", "critical"]);
type Severity = z.infer<typeof severitySchema>;

/** The severity of an object in a drift state (the same as its alert's). */
export const DRIFT_SEVERITY: Record<DriftState, Severity> = {
  drifted: ALERT_KINDS.drift.severity,
  orphaned: ALERT_KINDS.orphaned.severity,
  missing: ALERT_KINDS.missing.severity,
};

// ───────────── report ─────────────

export const driftReportInput = z.object({
  id: z.string().min(1),
  kind: z.string().min(1).max(64).optional(),
  state: z.enum(DRIFT_STATES).optional(),
  severity: severitySchema.optional(),
  q: z.string().trim().max(253).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).max(500).optional(),
});

const diffEntryOutput = z.object({ path: z.string(), git: z.unknown(), live: z.unknown(), desired: z.unknown().optional() });

export const driftItemOutput = z.object({
  id: z.string(),
  kind: z.string(),
  namespace: z.string(),
  name: z.string(),
  state: z.enum(DRIFT_STATES),
  severity: severitySchema,
  diff: z.array(diffEntryOutput),
  since: z.string().nullable(),
  updatedAt: z.string(),
});

const countsOutput = z.object({
  drifted: z.number().int(),
  orphaned: z.number().int(),
  missing: z.number().int(),
  total: z.number().int(),
  objects: z.number().int(),
  byState: z.record(z.string(), z.number().int()),
  byKind: z.record(z.string(), z.object({ drifted: z.number().int(), orphaned: z.number().int(), missing: z.number().int() })),
  bySeverity: z.object({ info: z.number().int(), warning: z.number().int(), critical: z.number().int() }),
});

export const driftReportOutput = z.object({
  items: z.array(driftItemOutput),
  nextCursor: z.string().nullable(),
  counts: countsOutput,
  selfHeal: z.boolean(),
  applyMode: z.enum(["gitops", "direct"]),
});
export type DriftReport = z.infer<typeof driftReportOutput>;

function statesFor(filter: { state?: DriftState; severity?: Severity }): DriftState[] {
  return DRIFT_STATES.filter((s) => (!filter.state || s === filter.state) && (!filter.severity || DRIFT_SEVERITY[s] === filter.severity));
}

/** Counts by state (all states), by kind and by severity (drift states), in one grouped query. */
export async function driftCounts(db: PrismaClient, fabricId: string): Promise<z.infer<typeof countsOutput>> {
  const groups = await db.hedgehogResource.groupBy({ by: ["kind", "state"], where: { fabricId }, _count: { _all: true } });
  const byState: Record<string, number> = { draft: 0, committed: 0, synced: 0, drifted: 0, orphaned: 0, missing: 0, invalid: 0, conflict: 0 };
  const byKind: Record<string, { drifted: number; orphaned: number; missing: number }> = {};
  const bySeverity = { info: 0, warning: 0, critical: 0 };
  let objects = 0;
  for (const g of groups) {
    const n = g._count._all;
    objects += n;
    byState[g.state] = (byState[g.state] ?? 0) + n;
    if ((DRIFT_STATES as readonly string[]).includes(g.state)) {
      const s = g.state as DriftState;
      (byKind[g.kind] ??= { drifted: 0, orphaned: 0, missing: 0 })[s] += n;
      bySeverity[DRIFT_SEVERITY[s]] += n;
    }
  }
  const drifted = byState.drifted ?? 0;
  const orphaned = byState.orphaned ?? 0;
  const missing = byState.missing ?? 0;
  return { drifted, orphaned, missing, total: drifted + orphaned + missing, objects, byState, byKind, bySeverity };
}

/** `GET /fabrics/{id}/drift`: one page of drifted/orphaned/missing objects (by kind, name) with their diffs, and the counts. */
export async function driftReport(db: PrismaClient, input: z.infer<typeof driftReportInput>): Promise<DriftReport> {
  const fabric = await db.fabric.findUnique({ where: { id: input.id }, select: { id: true, selfHeal: true, applyMode: true } });
  if (!fabric) throw notFound("Fabric");
  const kind = input.kind ? (findKind(input.kind)?.kind ?? input.kind) : undefined;
  const states = statesFor(input);
  const where: Prisma.HedgehogResourceWhereInput = {
    fabricId: fabric.id,
    state: { in: states },
    ...(kind ? { kind } : {}),
    ...(input.q ? { name: { contains: input.q } } : {}),
  };
  const rows = states.length
    ? await db.hedgehogResource.findMany({
        where,
        orderBy: [{ kind: "asc" }, { name: "asc" }, { id: "asc" }],
        take: input.limit + 1,
        ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
        select: { id: true, kind: true, namespace: true, name: true, state: true, drift: true, updatedAt: true, missingSince: true },
      })
    : [];
  const more = rows.length > input.limit;
  const page = more ? rows.slice(0, input.limit) : rows;
  // When each object entered its current state: one query for the page.
  const since = new Map<string, Date>();
  if (page.length) {
    const entered = await db.stateTransition.groupBy({
      by: ["resourceId", "toState"],
      where: { resourceId: { in: page.map((r) => r.id) } },
      _max: { createdAt: true },
    });
    for (const e of entered) if (e._max.createdAt) since.set(`${e.resourceId}:${e.toState}`, e._max.createdAt);
  }
  return {
    items: page.map((r) => {
      const state = r.state as DriftState;
      return {
        id: r.id,
        kind: r.kind,
        namespace: r.namespace,
        name: r.name,
        state,
        severity: DRIFT_SEVERITY[state],
        diff: state === "drifted" ? ((r.drift as unknown as DiffEntry[] | null) ?? []) : [],
        since: (since.get(`${r.id}:${state}`) ?? (state === "missing" ? r.missingSince : null))?.toISOString() ?? null,
        updatedAt: r.updatedAt.toISOString(),
      };
    }),
    nextCursor: more ? page[page.length - 1]!.id : null,
    counts: await driftCounts(db, fabric.id),
    selfHeal: fabric.selfHeal,
    applyMode: fabric.applyMode,
  };
}

// ───────────── trend ─────────────

export const driftTrendInput = z.object({
  id: z.string().min(1),
  /** Buckets: hours (default 24 hourly buckets) or days. */
  unit: z.enum(["hour", "day"]).default("hour"),
  points: z.coerce.number().int().min(2).max(90).default(24),
});

export const driftTrendOutput = z.object({
  unit: z.enum(["hour", "day"]),
  points: z.array(z.object({ at: z.string(), drifted: z.number().int(), orphaned: z.number().int(), missing: z.number().int() })),
});

/**
 * The number of drifted, orphaned and missing objects at the end of each bucket, reconstructed backwards from the
 * current counts and the transitions recorded in each bucket (one grouped query).
 */
export async function driftTrend(db: PrismaClient, input: z.infer<typeof driftTrendInput>, now = new Date()): Promise<z.infer<typeof driftTrendOutput>> {
  const fabric = await db.fabric.findUnique({ where: { id: input.id }, select: { id: true } });
  if (!fabric) throw notFound("Fabric");
  const stepMs = input.unit === "hour" ? 3600_000 : 86_400_000;
  const end = Math.ceil(now.getTime() / stepMs) * stepMs;
  const start = end - input.points * stepMs;
  const rows = await db.$queryRawUnsafe<Array<{ bucket: number | bigint; state: string; delta: number | bigint }>>(
    `SELECT floor((extract(epoch FROM t."createdAt") * 1000 - $2) / $3)::int AS bucket, s.state, sum(s.delta)::int AS delta
     FROM "StateTransition" t,
       LATERAL (VALUES (t."toState"::text, 1), (t."fromState"::text, -1)) AS s(state, delta)
     WHERE t."fabricId" = $1 AND t."createdAt" >= to_timestamp($2 / 1000.0) AND s.state IN ('drifted', 'orphaned', 'missing')
     GROUP BY 1, 2`,
    fabric.id,
    start,
    stepMs,
  );
  const deltas = Array.from({ length: input.points }, () => ({ drifted: 0, orphaned: 0, missing: 0 }));
  for (const r of rows) {
    const b = Number(r.bucket);
    if (b >= 0 && b < input.points) deltas[b]![r.state as DriftState] += Number(r.delta);
  }
  const counts = await driftCounts(db, fabric.id);
  const cur = { drifted: counts.drifted, orphaned: counts.orphaned, missing: counts.missing };
  const points: Array<{ at: string; drifted: number; orphaned: number; missing: number }> = [];
  for (let b = input.points - 1; b >= 0; b--) {
    points.unshift({ at: new Date(start + (b + 1) * stepMs).toISOString(), ...cur });
    for (const s of DRIFT_STATES) cur[s] = Math.max(0, cur[s] - deltas[b]![s]);
  }
  return { unit: input.unit, points };
}

// ───────────── ignore rules ─────────────

export const ignoreRuleOutput = z.object({
  id: z.string(),
  fabricId: z.string().nullable(),
  fabricName: z.string().nullable(),
  kind: z.string().nullable(),
  path: z.string(),
  reason: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
export type IgnoreRuleDto = z.infer<typeof ignoreRuleOutput>;

export const ignoreRuleCreateInput = z.object({
  /** Null or omitted: every fabric. */
  fabricId: z.string().min(1).nullable().optional(),
  /** Null or omitted: every kind. */
  kind: z.string().trim().min(1).max(64).nullable().optional(),
  path: z.string().trim().min(2).max(1000),
  reason: z.string().trim().max(500).optional(),
});

export const ignoreRuleListInput = z.object({ fabricId: z.string().min(1).optional() });

type RuleRow = { id: string; fabricId: string | null; kind: string | null; path: string; reason: string | null; createdBy: string | null; createdAt: Date; fabric: { name: string } | null };

function ruleDto(r: RuleRow): IgnoreRuleDto {
  return { id: r.id, fabricId: r.fabricId, fabricName: r.fabric?.name ?? null, kind: r.kind, path: r.path, reason: r.reason, createdBy: r.createdBy, createdAt: r.createdAt.toISOString() };
}

/** Rules of one fabric (its own and the global ones), or every rule. */
export async function listIgnoreRules(db: PrismaClient, filter: z.infer<typeof ignoreRuleListInput> = {}): Promise<IgnoreRuleDto[]> {
  const rows = await db.ignoreRule.findMany({
    where: filter.fabricId ? { OR: [{ fabricId: filter.fabricId }, { fabricId: null }] } : {},
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    include: { fabric: { select: { name: true } } },
    take: 1000,
  });
  return rows.map(ruleDto);
}

export interface RuleEffect {
  /** Objects re-evaluated. */
  evaluated: number;
  states: StateCounts | null;
  alerts: AlertChanges;
}

/**
 * Re-evaluates what an ignore rule can change — objects with both a Git and a live version (of the rule's kind) in the
 * rule's fabric(s) — then reconciles their alerts and notifies.
 */
async function applyRuleChange(db: PrismaClient, rule: { fabricId: string | null; kind: string | null }, actor: Actor, reason: string): Promise<RuleEffect> {
  const fabricIds = rule.fabricId ? [rule.fabricId] : (await db.fabric.findMany({ select: { id: true } })).map((f) => f.id);
  const alerts: AlertChanges = { opened: [], repeated: [], resolved: [] };
  let evaluated = 0;
  let states: StateCounts | null = null;
  for (const fabricId of fabricIds) {
    const rows = await db.hedgehogResource.findMany({
      where: { fabricId, git: { not: Prisma.DbNull }, live: { not: Prisma.DbNull }, ...(rule.kind ? { kind: rule.kind } : {}) },
      select: { id: true },
    });
    evaluated += rows.length;
    if (rows.length) {
      const counts = await recomputeStates(db, fabricId, { ids: rows.map((r) => r.id), reason, actor: actor.username ?? undefined });
      if (rule.fabricId) states = counts;
    }
    const c = await reconcileAlerts(db, fabricId);
    alerts.opened.push(...c.opened);
    alerts.repeated.push(...c.repeated);
    alerts.resolved.push(...c.resolved);
  }
  await notifyAlerts(db, alerts);
  return { evaluated, states, alerts };
}

export async function createIgnoreRule(db: PrismaClient, actor: Actor, input: z.infer<typeof ignoreRuleCreateInput>): Promise<IgnoreRuleDto & { effect: RuleEffect }> {
  const pathError = checkIgnorePath(input.path);
  if (pathError) throw new DomainError("UNPROCESSABLE", pathError, { issues: [{ path: "path", message: pathError }] });
  let kind: string | null = null;
  if (input.kind) {
    const info = findKind(input.kind);
    if (!info) throw new DomainError("UNPROCESSABLE", `Unknown kind ${input.kind}`, { issues: [{ path: "kind", message: `Unknown kind ${input.kind}` }] });
    kind = info.kind;
  }
  if (input.fabricId && !(await db.fabric.findUnique({ where: { id: input.fabricId }, select: { id: true } }))) throw notFound("Fabric");
  const duplicate = await db.ignoreRule.findFirst({ where: { fabricId: input.fabricId ?? null, kind, path: input.path }, select: { id: true } });
  if (duplicate) throw new DomainError("CONFLICT", "The same ignore rule exists already", { id: duplicate.id });
  const row = await db.ignoreRule.create({
    data: { fabricId: input.fabricId ?? null, kind, path: input.path, reason: input.reason || null, createdBy: actor.username },
    include: { fabric: { select: { name: true } } },
  });
  const dto = ruleDto(row);
  await recordAudit(db, actor, { action: "ignore-rule.create", objectType: "IgnoreRule", objectId: row.id, objectName: `${kind ?? "*"} ${row.path}`, fabricId: row.fabricId, after: dto });
  const effect = await applyRuleChange(db, row, actor, `ignore rule ${kind ?? "*"} ${row.path} added by ${actor.username ?? "unknown"}`);
  return { ...dto, effect };
}

export async function deleteIgnoreRule(db: PrismaClient, actor: Actor, id: string): Promise<{ effect: RuleEffect }> {
  const row = await db.ignoreRule.findUnique({ where: { id }, include: { fabric: { select: { name: true } } } });
  if (!row) throw notFound("Ignore rule");
  await db.ignoreRule.delete({ where: { id } });
  await recordAudit(db, actor, { action: "ignore-rule.delete", objectType: "IgnoreRule", objectId: id, objectName: `${row.kind ?? "*"} ${row.path}`, fabricId: row.fabricId, before: ruleDto(row) });
  const effect = await applyRuleChange(db, row, actor, `ignore rule ${row.kind ?? "*"} ${row.path} removed by ${actor.username ?? "unknown"}`);
  return { effect };
}

// ───────────── self-heal ─────────────

/** Applies Git's version of objects to the fabric's cluster (server-side apply); returns per object ok or error. */
export type GitApplier = (fabricId: string, objects: readonly HhObject[]) => Promise<Array<{ kind: string; name: string; ok: boolean; error?: string }>>;

export interface SelfHealResult {
  status: "disabled" | "not-direct" | "nothing-to-do" | "applied";
  message: string;
  applied: number;
  failed: Array<{ kind: string; name: string; error: string }>;
}

/**
 * Restores Git's version of the fabric's drifted and missing objects — only when the fabric enables self-heal AND
 * applies directly (not through a CD tool). Drift is never corrected otherwise. `apply` defaults to the Kubernetes
 * service's server-side apply (`applyObjects`, taking ownership of the drifted fields). Each restored object gets a state
 * transition naming self-heal and the fields it restored, and the run is in the audit log.
 */
export async function selfHeal(db: PrismaClient, fabricId: string, opts: { apply?: GitApplier; actor?: Actor; limit?: number } = {}): Promise<SelfHealResult> {
  const fabric = await db.fabric.findUnique({ where: { id: fabricId }, select: { id: true, name: true, selfHeal: true, applyMode: true } });
  if (!fabric) throw notFound("Fabric");
  const none = { applied: 0, failed: [] };
  if (!fabric.selfHeal) return { status: "disabled", message: "Self-heal is off for this fabric: drift is reported, not corrected.", ...none };
  if (fabric.applyMode !== "direct") {
    return { status: "not-direct", message: "Self-heal needs the fabric in direct apply mode; in GitOps mode the CD tool applies Git.", ...none };
  }
  const actorForApply: Actor = opts.actor ?? { username: "system", type: "system" };
  const apply: GitApplier = opts.apply ?? ((fid, objects) => applyObjects(db, fid, objects, actorForApply));
  const rows = await db.hedgehogResource.findMany({
    where: { fabricId, state: { in: ["drifted", "missing"] satisfies LifecycleState[] } },
    orderBy: [{ kind: "asc" }, { name: "asc" }],
    take: opts.limit ?? 5000,
    select: { id: true, kind: true, name: true, state: true, git: true, drift: true },
  });
  const targets = rows.filter((r) => r.git);
  if (targets.length === 0) return { status: "nothing-to-do", message: "No drifted or missing object.", ...none };
  const results = await apply(fabricId, targets.map((r) => r.git as unknown as HhObject));
  const failed = results.filter((r) => !r.ok).map((r) => ({ kind: r.kind, name: r.name, error: r.error ?? "failed" }));
  const okKeys = new Set(results.filter((r) => r.ok).map((r) => `${r.kind}/${r.name}`));
  const healed = targets.filter((r) => okKeys.has(`${r.kind}/${r.name}`));
  const actor: Actor = opts.actor ?? { username: "system", type: "system" };
  if (healed.length) {
    await db.stateTransition.createMany({
      data: healed.map((r) => {
        const fields = ((r.drift as unknown as DiffEntry[] | null) ?? []).map((d) => d.path);
        return {
          resourceId: r.id,
          fabricId,
          fromState: r.state,
          toState: r.state,
          reason: `self-heal: Git's version applied because the object was ${r.state}${fields.length ? ` (${fields.slice(0, 5).join(", ")}${fields.length > 5 ? ", …" : ""})` : ""}`,
          actor: actor.username,
        };
      }),
    });
  }
  await recordAudit(db, actor, {
    action: "fabric.self-heal",
    objectType: "Fabric",
    objectId: fabricId,
    objectName: fabric.name,
    fabricId,
    after: { applied: healed.map((r) => `${r.kind}/${r.name}`), failed },
  });
  return { status: "applied", message: `Applied Git's version of ${healed.length} object(s)${failed.length ? `; ${failed.length} failed` : ""}.`, applied: healed.length, failed };
}
