/**
 * Outgoing alert notifications: webhook endpoints per installation (fabricId null) or per fabric. Each delivery is
 * one JSON POST (up to 100 alerts) signed `X-HFM-Signature: sha256=<HMAC-SHA256 of the body with the endpoint's
 * secret>`, retried with exponential backoff; an alert that was opened or repeated is not sent again to an endpoint
 * that sent the same fingerprint within its suppression window. The secret is stored encrypted and never returned.
 */
import { createHmac, randomUUID } from "node:crypto";
import { z } from "zod";
import type { AlertSeverity, PrismaClient, WebhookEndpoint } from "@/server/db";
import { recordAudit, type Actor } from "@/server/services/audit";
import { decryptSecret, encryptSecret } from "@/server/services/crypto";
import { DomainError, notFound } from "@/server/services/errors";
import { logger } from "@/server/logger";
import type { AlertChanges } from "./engine";

// ───────────── settings ─────────────

export interface WebhookSettings {
  /** Attempts per delivery (first try included). */
  attempts: number;
  /** Delay before the first retry; doubled for each further retry. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Per attempt. */
  timeoutMs: number;
  /** Alerts per POST. */
  batchSize: number;
}

export const DEFAULT_WEBHOOK_SETTINGS: Readonly<WebhookSettings> = Object.freeze({ attempts: 5, baseDelayMs: 1000, maxDelayMs: 30_000, timeoutMs: 10_000, batchSize: 100 });
const holder = globalThis as typeof globalThis & { __hfmWebhookSettings?: WebhookSettings };

export function webhookSettings(): WebhookSettings {
  return (holder.__hfmWebhookSettings ??= { ...DEFAULT_WEBHOOK_SETTINGS });
}

/** Overrides some settings (tests). */
export function configureWebhooks(patch: Partial<WebhookSettings>): void {
  holder.__hfmWebhookSettings = { ...webhookSettings(), ...patch };
}

// ───────────── CRUD ─────────────

const severity = z.enum(["info", "warning", "critical"]);

export const webhookCreateInput = z.object({
  name: z.string().trim().max(200).optional(),
  fabricId: z.string().min(1).nullable().optional(),
  url: z
    .string()
    .trim()
    .url()
    .refine((u) => /^https?:\/\//i.test(u), "The URL must start with http:// or https://"),
  /** Write-only. */
  secret: z.string().min(8, "Use a secret of at least 8 characters").max(500).optional(),
  enabled: z.boolean().default(true),
  suppressWindowSeconds: z.number().int().min(0).max(7 * 24 * 3600).default(3600),
  minSeverity: severity.default("info"),
});

export const webhookUpdateInput = webhookCreateInput
  .omit({ fabricId: true })
  .partial()
  .extend({
    id: z.string().min(1),
    /** Write-only; null removes the secret. */
    secret: z.string().min(8).max(500).nullable().optional(),
  });

export const webhookOutput = z.object({
  id: z.string(),
  name: z.string().nullable(),
  fabricId: z.string().nullable(),
  fabricName: z.string().nullable(),
  url: z.string(),
  secretSet: z.boolean(),
  enabled: z.boolean(),
  suppressWindowSeconds: z.number().int(),
  minSeverity: severity,
  lastDeliveryAt: z.string().nullable(),
  lastDeliveryStatus: z.string().nullable(),
  lastDeliveryError: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WebhookDto = z.infer<typeof webhookOutput>;

type Row = WebhookEndpoint & { fabric?: { name: string } | null };

function toDto(w: Row): WebhookDto {
  return {
    id: w.id,
    name: w.name,
    fabricId: w.fabricId,
    fabricName: w.fabric?.name ?? null,
    url: w.url,
    secretSet: Boolean(w.secretEncrypted),
    enabled: w.enabled,
    suppressWindowSeconds: w.suppressWindowSeconds,
    minSeverity: w.minSeverity,
    lastDeliveryAt: w.lastDeliveryAt?.toISOString() ?? null,
    lastDeliveryStatus: w.lastDeliveryStatus,
    lastDeliveryError: w.lastDeliveryError,
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  };
}

export async function listWebhooks(db: PrismaClient): Promise<WebhookDto[]> {
  const rows = await db.webhookEndpoint.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], include: { fabric: { select: { name: true } } } });
  return rows.map(toDto);
}

export async function createWebhook(db: PrismaClient, actor: Actor, input: z.infer<typeof webhookCreateInput>): Promise<WebhookDto> {
  if (input.fabricId && !(await db.fabric.findUnique({ where: { id: input.fabricId }, select: { id: true } }))) throw notFound("Fabric");
  const row = await db.webhookEndpoint.create({
    data: {
      name: input.name || null,
      fabricId: input.fabricId ?? null,
      url: input.url,
      secretEncrypted: input.secret ? encryptSecret(input.secret) : null,
      enabled: input.enabled,
      suppressWindowSeconds: input.suppressWindowSeconds,
      minSeverity: input.minSeverity,
    },
    include: { fabric: { select: { name: true } } },
  });
  const dto = toDto(row);
  await recordAudit(db, actor, { action: "webhook.create", objectType: "WebhookEndpoint", objectId: row.id, objectName: row.name ?? row.url, fabricId: row.fabricId, after: dto });
  return dto;
}

export async function updateWebhook(db: PrismaClient, actor: Actor, input: z.infer<typeof webhookUpdateInput>): Promise<WebhookDto> {
  const before = await db.webhookEndpoint.findUnique({ where: { id: input.id }, include: { fabric: { select: { name: true } } } });
  if (!before) throw notFound("Webhook");
  const row = await db.webhookEndpoint.update({
    where: { id: input.id },
    data: {
      name: input.name === undefined ? undefined : input.name || null,
      url: input.url,
      secretEncrypted: input.secret === undefined ? undefined : input.secret === null ? null : encryptSecret(input.secret),
      enabled: input.enabled,
      suppressWindowSeconds: input.suppressWindowSeconds,
      minSeverity: input.minSeverity,
    },
    include: { fabric: { select: { name: true } } },
  });
  const dto = toDto(row);
  await recordAudit(db, actor, { action: "webhook.update", objectType: "WebhookEndpoint", objectId: row.id, objectName: row.name ?? row.url, fabricId: row.fabricId, before: toDto(before), after: dto });
  return dto;
}

export async function deleteWebhook(db: PrismaClient, actor: Actor, id: string): Promise<void> {
  const row = await db.webhookEndpoint.findUnique({ where: { id } });
  if (!row) throw notFound("Webhook");
  await db.webhookEndpoint.delete({ where: { id } });
  await recordAudit(db, actor, { action: "webhook.delete", objectType: "WebhookEndpoint", objectId: id, objectName: row.name ?? row.url, fabricId: row.fabricId, before: toDto(row) });
}

// ───────────── payload and signature ─────────────

export type NotificationAction = "opened" | "repeated" | "resolved";

export interface AlertNotification {
  id: string;
  action: NotificationAction;
  fingerprint: string;
  type: string;
  severity: AlertSeverity;
  state: string;
  title: string;
  message: string;
  fabricId: string | null;
  fabricName: string | null;
  resourceKind: string | null;
  resourceName: string | null;
  count: number;
  firstSeenAt: string;
  lastSeenAt: string;
}

export interface WebhookPayload {
  event: "alerts";
  deliveryId: string;
  sentAt: string;
  alerts: AlertNotification[];
}

/** `sha256=<hex HMAC-SHA256 of the raw body>` — what a receiver recomputes to check `X-HFM-Signature`. */
export function signPayload(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

export interface DeliveryResult {
  ok: boolean;
  attempts: number;
  status: number | null;
  error: string | null;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** POSTs one payload with retries (exponential backoff; 4xx other than 408/429 are not retried). */
export async function deliver(url: string, secret: string | null, payload: WebhookPayload, settings = webhookSettings()): Promise<DeliveryResult> {
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": "hedgehog-fabric-manager",
    "x-hfm-event": payload.event,
    "x-hfm-delivery": payload.deliveryId,
  };
  if (secret) headers["x-hfm-signature"] = signPayload(secret, body);
  let status: number | null = null;
  let error: string | null = null;
  for (let attempt = 1; attempt <= settings.attempts; attempt++) {
    try {
      const res = await fetch(url, { method: "POST", headers, body, signal: AbortSignal.timeout(settings.timeoutMs), redirect: "manual" });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return { ok: true, attempts: attempt, status, error: null };
      error = `HTTP ${res.status}`;
      if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) return { ok: false, attempts: attempt, status, error };
    } catch (e) {
      status = null;
      error = e instanceof Error ? (e.name === "TimeoutError" ? `no answer within ${settings.timeoutMs} ms` : e.message) : String(e);
    }
    if (attempt < settings.attempts) await sleep(Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (attempt - 1)));
  }
  return { ok: false, attempts: settings.attempts, status, error };
}

// ───────────── notifying ─────────────

const SEVERITY_RANK: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };

/**
 * Sends the alerts that changed to every enabled endpoint of the installation and of their fabric. Opened and repeated
 * alerts are suppressed per endpoint and fingerprint for the endpoint's window; resolutions are sent to endpoints that
 * were told about the fingerprint. Returns what was sent and suppressed (per endpoint).
 */
export async function notifyAlerts(
  db: PrismaClient,
  changes: Partial<AlertChanges>,
  opts: { now?: Date } = {},
): Promise<Array<{ endpointId: string; sent: number; suppressed: number; ok: boolean }>> {
  const actionOf = new Map<string, NotificationAction>();
  for (const id of changes.opened ?? []) actionOf.set(id, "opened");
  for (const id of changes.repeated ?? []) actionOf.set(id, "repeated");
  for (const id of changes.resolved ?? []) actionOf.set(id, "resolved");
  if (actionOf.size === 0) return [];
  const endpoints = await db.webhookEndpoint.findMany({ where: { enabled: true } });
  if (endpoints.length === 0) return [];

  const ids = [...actionOf.keys()];
  const alerts: AlertNotification[] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db.alert.findMany({ where: { id: { in: ids.slice(i, i + 1000) } }, include: { fabric: { select: { name: true } } } });
    for (const a of rows) {
      alerts.push({
        id: a.id,
        action: actionOf.get(a.id)!,
        fingerprint: a.fingerprint,
        type: a.type,
        severity: a.severity,
        state: a.state,
        title: a.title,
        message: a.message,
        fabricId: a.fabricId,
        fabricName: a.fabric?.name ?? null,
        resourceKind: a.resourceKind,
        resourceName: a.resourceName,
        count: a.count,
        firstSeenAt: a.firstSeenAt.toISOString(),
        lastSeenAt: a.lastSeenAt.toISOString(),
      });
    }
  }
  alerts.sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));

  const now = opts.now ?? new Date();
  const settings = webhookSettings();
  const results: Array<{ endpointId: string; sent: number; suppressed: number; ok: boolean }> = [];
  for (const ep of endpoints) {
    const candidates = alerts.filter((a) => (ep.fabricId === null || ep.fabricId === a.fabricId) && SEVERITY_RANK[a.severity] >= SEVERITY_RANK[ep.minSeverity]);
    if (candidates.length === 0) continue;
    const lastSent = new Map<string, Date>();
    const fps = [...new Set(candidates.map((a) => a.fingerprint))];
    for (let i = 0; i < fps.length; i += 1000) {
      const rows = await db.webhookNotification.findMany({ where: { endpointId: ep.id, fingerprint: { in: fps.slice(i, i + 1000) } } });
      for (const r of rows) lastSent.set(r.fingerprint, r.lastSentAt);
    }
    const windowMs = ep.suppressWindowSeconds * 1000;
    const toSend = candidates.filter((a) => {
      const last = lastSent.get(a.fingerprint);
      if (a.action === "resolved") return last !== undefined;
      return !last || now.getTime() - last.getTime() >= windowMs;
    });
    const suppressed = candidates.length - toSend.length;
    if (toSend.length === 0) {
      results.push({ endpointId: ep.id, sent: 0, suppressed, ok: true });
      continue;
    }
    let secret: string | null = null;
    try {
      secret = ep.secretEncrypted ? decryptSecret(ep.secretEncrypted) : null;
    } catch (e) {
      logger.warn({ endpointId: ep.id, err: e }, "webhook secret cannot be decrypted; sending unsigned is refused");
      results.push({ endpointId: ep.id, sent: 0, suppressed, ok: false });
      continue;
    }
    let allOk = true;
    let sent = 0;
    for (let i = 0; i < toSend.length; i += settings.batchSize) {
      const batch = toSend.slice(i, i + settings.batchSize);
      const payload: WebhookPayload = { event: "alerts", deliveryId: randomUUID(), sentAt: new Date().toISOString(), alerts: batch };
      const result = await deliver(ep.url, secret, payload, settings);
      await db.webhookDelivery.create({
        data: { endpointId: ep.id, status: result.ok ? "succeeded" : "failed", attempts: result.attempts, responseStatus: result.status, error: result.error, alertCount: batch.length },
      });
      await db.webhookEndpoint.update({
        where: { id: ep.id },
        data: { lastDeliveryAt: new Date(), lastDeliveryStatus: result.ok ? "succeeded" : "failed", lastDeliveryError: result.error },
      });
      if (!result.ok) {
        allOk = false;
        logger.warn({ endpointId: ep.id, attempts: result.attempts, error: result.error }, "webhook delivery failed");
        continue;
      }
      sent += batch.length;
      const marks = batch.filter((a) => a.action !== "resolved").map((a) => ({ endpoint_id: ep.id, fingerprint: a.fingerprint }));
      if (marks.length) {
        await db.$executeRawUnsafe(
          `INSERT INTO "WebhookNotification" ("endpointId", "fingerprint", "lastSentAt")
           SELECT x.endpoint_id, x.fingerprint, $2::timestamptz FROM jsonb_to_recordset($1::jsonb) AS x(endpoint_id text, fingerprint text)
           ON CONFLICT ("endpointId", "fingerprint") DO UPDATE SET "lastSentAt" = EXCLUDED."lastSentAt"`,
          JSON.stringify(marks),
          now.toISOString(),
        );
      }
    }
    results.push({ endpointId: ep.id, sent, suppressed, ok: allOk });
  }
  return results;
}

/** Sends a test notification to one endpoint (not recorded for suppression). */
export async function testWebhook(db: PrismaClient, id: string): Promise<DeliveryResult> {
  const ep = await db.webhookEndpoint.findUnique({ where: { id } });
  if (!ep) throw notFound("Webhook");
  if (!ep.enabled) throw new DomainError("CONFLICT", "The webhook is disabled; enable it first");
  const now = new Date().toISOString();
  const payload: WebhookPayload = {
    event: "alerts",
    deliveryId: randomUUID(),
    sentAt: now,
    alerts: [
      {
        id: "test",
        action: "opened",
        fingerprint: "test",
        type: "test",
        severity: "info",
        state: "open",
        title: "Test notification from Hedgehog Fabric Manager",
        message: "If you can read this, the webhook works.",
        fabricId: ep.fabricId,
        fabricName: null,
        resourceKind: null,
        resourceName: null,
        count: 1,
        firstSeenAt: now,
        lastSeenAt: now,
      },
    ],
  };
  const result = await deliver(ep.url, ep.secretEncrypted ? decryptSecret(ep.secretEncrypted) : null, payload, { ...webhookSettings(), attempts: 1 });
  await db.webhookDelivery.create({ data: { endpointId: ep.id, status: result.ok ? "succeeded" : "failed", attempts: result.attempts, responseStatus: result.status, error: result.error, alertCount: 1 } });
  return result;
}
