import { z } from "zod";
import type { Alert, Prisma, PrismaClient } from "@/server/db";
import { recordAudit, type Actor } from "@/server/services/audit";
import { DomainError, notFound } from "@/server/services/errors";
import { pageArgs, toPage, type PageInput } from "@/server/services/pagination";

export const alertStateSchema = z.enum(["open", "acknowledged", "resolved"]);
export const alertSeveritySchema = z.enum(["info", "warning", "critical"]);

export const alertFilterInput = z.object({
  fabricId: z.string().min(1).optional(),
  type: z.string().min(1).max(64).optional(),
  state: alertStateSchema.optional(),
  severity: alertSeveritySchema.optional(),
});

export const alertOutput = z.object({
  id: z.string(),
  fabricId: z.string().nullable(),
  fabricName: z.string().nullable(),
  type: z.string(),
  fingerprint: z.string(),
  severity: alertSeveritySchema,
  state: alertStateSchema,
  title: z.string(),
  message: z.string(),
  resourceKind: z.string().nullable(),
  resourceName: z.string().nullable(),
  count: z.number().int(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
});
export type AlertDto = z.infer<typeof alertOutput>;

type Row = Alert & { fabric?: { name: string } | null };

function toDto(a: Row): AlertDto {
  return {
    id: a.id,
    fabricId: a.fabricId,
    fabricName: a.fabric?.name ?? null,
    type: a.type,
    fingerprint: a.fingerprint,
    severity: a.severity,
    state: a.state,
    title: a.title,
    message: a.message,
    resourceKind: a.resourceKind,
    resourceName: a.resourceName,
    count: a.count,
    firstSeenAt: a.firstSeenAt.toISOString(),
    lastSeenAt: a.lastSeenAt.toISOString(),
    acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null,
    acknowledgedBy: a.acknowledgedBy,
    resolvedAt: a.resolvedAt?.toISOString() ?? null,
    resolvedBy: a.resolvedBy,
  };
}

export async function listAlerts(db: PrismaClient, page: PageInput, filter: z.infer<typeof alertFilterInput>) {
  const where: Prisma.AlertWhereInput = { fabricId: filter.fabricId, type: filter.type, state: filter.state, severity: filter.severity };
  const rows = await db.alert.findMany({
    where,
    orderBy: [{ lastSeenAt: "desc" }, { id: "asc" }],
    include: { fabric: { select: { name: true } } },
    ...pageArgs(page),
  });
  return toPage(rows, page, toDto);
}

/** Counts of unresolved alerts by severity (dashboard). */
export async function countOpenAlerts(db: PrismaClient, fabricId?: string) {
  const groups = await db.alert.groupBy({
    by: ["severity"],
    where: { state: { not: "resolved" }, fabricId },
    _count: { _all: true },
  });
  const out = { info: 0, warning: 0, critical: 0 };
  for (const g of groups) out[g.severity] = g._count._all;
  return out;
}

export async function acknowledgeAlert(db: PrismaClient, actor: Actor, id: string, comment?: string) {
  const alert = await db.alert.findUnique({ where: { id } });
  if (!alert) throw notFound("Alert");
  if (alert.state !== "open") throw new DomainError("CONFLICT", `The alert is ${alert.state}; only open alerts can be acknowledged`);
  const now = new Date();
  const updated = await db.$transaction(async (tx) => {
    const row = await tx.alert.update({
      where: { id },
      data: { state: "acknowledged", acknowledgedAt: now, acknowledgedBy: actor.username },
      include: { fabric: { select: { name: true } } },
    });
    await tx.alertEvent.create({ data: { alertId: id, action: "acknowledged", actor: actor.username, comment } });
    await recordAudit(tx, actor, { action: "alert.acknowledge", objectType: "Alert", objectId: id, objectName: alert.title, fabricId: alert.fabricId });
    return row;
  });
  return toDto(updated);
}

export async function resolveAlert(db: PrismaClient, actor: Actor, id: string, comment?: string) {
  const alert = await db.alert.findUnique({ where: { id } });
  if (!alert) throw notFound("Alert");
  if (alert.state === "resolved") throw new DomainError("CONFLICT", "The alert is already resolved");
  const now = new Date();
  const updated = await db.$transaction(async (tx) => {
    const row = await tx.alert.update({
      where: { id },
      data: { state: "resolved", resolvedAt: now, resolvedBy: actor.username, openKey: null },
      include: { fabric: { select: { name: true } } },
    });
    await tx.alertEvent.create({ data: { alertId: id, action: "resolved", actor: actor.username, comment } });
    await recordAudit(tx, actor, { action: "alert.resolve", objectType: "Alert", objectId: id, objectName: alert.title, fabricId: alert.fabricId });
    return row;
  });
  return toDto(updated);
}

// ───────────── history ─────────────

export const alertEventOutput = z.object({
  id: z.string(),
  action: z.string(),
  actor: z.string().nullable(),
  comment: z.string().nullable(),
  createdAt: z.string(),
});

export const alertDetailOutput = alertOutput.extend({
  details: z.unknown().nullable(),
  events: z.array(alertEventOutput),
});

/** One alert with its details and its history (opened, repeated, acknowledged, resolved, auto-resolved, with comments). */
export async function getAlert(db: PrismaClient, id: string) {
  const row = await db.alert.findUnique({
    where: { id },
    include: { fabric: { select: { name: true } }, events: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: 500 } },
  });
  if (!row) throw notFound("Alert");
  return {
    ...toDto(row),
    details: row.details ?? null,
    events: row.events.map((e) => ({ id: e.id, action: e.action, actor: e.actor, comment: e.comment, createdAt: e.createdAt.toISOString() })),
  };
}

export {
  ALERT_KINDS,
  THRESHOLDS,
  evaluateThresholds,
  fingerprint,
  raiseAlert,
  reconcileAlerts,
  resolveAlerts,
  type AlertChanges,
  type AlertKind,
  type RaiseAlertInput,
  type RaiseAlertOptions,
  type ThresholdReadings,
} from "./engine";
export { apiResponseTimeP95, recordApiResponseTime, resetApiResponseTimes } from "./latency";
export {
  configureWebhooks,
  createWebhook,
  deleteWebhook,
  deliver,
  listWebhooks,
  notifyAlerts,
  signPayload,
  testWebhook,
  updateWebhook,
  webhookCreateInput,
  webhookOutput,
  webhookSettings,
  webhookUpdateInput,
  type AlertNotification,
  type WebhookDto,
  type WebhookPayload,
} from "./webhooks";
