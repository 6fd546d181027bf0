// The alerts engine on the database: one unresolved alert per fingerprint under concurrency, repeat/touch semantics,
// manual resolve then re-raise, thresholds, and webhook notifications against a local receiver (node:http on
// 127.0.0.1) that fails twice then accepts — HMAC-signed, retried with backoff, repeats suppressed for the window.
import { createHmac, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/server/db";
import {
  configureWebhooks,
  createWebhook,
  evaluateThresholds,
  listWebhooks,
  notifyAlerts,
  raiseAlert,
  resolveAlert,
  resolveAlerts,
  updateWebhook,
  type WebhookPayload,
} from "@/server/services/alerts";
import { initEncryptionKey } from "@/server/services/crypto";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";

const ADMIN = { username: "ada", type: "user" as const };
const SECRET = "webhook-shared-secret";

interface Received {
  body: string;
  signature: string | undefined;
  status: number;
}

/** A webhook receiver that answers 500 to the first `failFirst` requests, then 200. */
async function receiver(failFirst: number) {
  const received: Received[] = [];
  let failuresLeft = failFirst;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const status = failuresLeft-- > 0 ? 500 : 200;
      received.push({ body: Buffer.concat(chunks).toString("utf8"), signature: req.headers["x-hfm-signature"] as string | undefined, status });
      res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : "try again");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    accepted: () => received.filter((r) => r.status === 200),
    failNext(n: number) {
      failuresLeft = n;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

let database: TestDatabase;
let db: PrismaClient;
let fabricId: string;

beforeAll(async () => {
  initEncryptionKey({ encryptionKey: randomBytes(32).toString("hex"), dataDir: path.join(os.tmpdir(), "hfm-alert-tests") });
  configureWebhooks({ attempts: 4, baseDelayMs: 10, maxDelayMs: 40, timeoutMs: 3000 });
  database = await createTestDatabase();
  db = database.prisma;
  fabricId = (await db.fabric.create({ data: { name: "fab-alerts", syncEnabled: false } })).id;
});

afterAll(async () => {
  await database?.close();
});

const input = (fp: string) => ({ fabricId, type: "sync-failed", fingerprint: fp, severity: "warning" as const, title: "Git sync failed", message: "boom" });

describe("deduplication", () => {
  it("concurrent raises of one fingerprint make one alert with the right count", async () => {
    const results = await Promise.all(Array.from({ length: 12 }, () => raiseAlert(db, input("dedup:1"))));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    const alerts = await db.alert.findMany({ where: { fingerprint: "dedup:1" }, include: { events: true } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.count).toBe(12);
    expect(alerts[0]!.events.filter((e) => e.action === "opened")).toHaveLength(1);
    expect(alerts[0]!.events.filter((e) => e.action === "repeated")).toHaveLength(11);
  });

  it("touch keeps the count; an acknowledged alert still absorbs repeats", async () => {
    const a = await raiseAlert(db, input("dedup:2"));
    await db.alert.update({ where: { id: a.id }, data: { state: "acknowledged" } });
    const b = await raiseAlert(db, input("dedup:2"), { repeat: "touch" });
    expect(b).toEqual({ id: a.id, created: false });
    expect((await db.alert.findUniqueOrThrow({ where: { id: a.id } })).count).toBe(1);
  });

  it("after a manual resolve the same fingerprint opens a new alert; auto-resolve closes it", async () => {
    const a = await raiseAlert(db, input("dedup:3"));
    await resolveAlert(db, ADMIN, a.id, "fixed the token");
    const b = await raiseAlert(db, input("dedup:3"));
    expect(b.created).toBe(true);
    expect(b.id).not.toBe(a.id);
    expect(await resolveAlerts(db, { fingerprints: ["dedup:3"] })).toBe(1);
    expect(await resolveAlerts(db, { fingerprints: ["dedup:3"] })).toBe(0);
    const events = await db.alertEvent.findMany({ where: { alertId: a.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => [e.action, e.comment])).toEqual([
      ["opened", null],
      ["resolved", "fixed the token"],
    ]);
  });
});

describe("thresholds", () => {
  it("sync failure rate > 10 % over the last hour opens one alert; falling below resolves it", async () => {
    const now = new Date();
    const finished = (status: "succeeded" | "failed") => ({ fabricId, status, kind: "full" as const, finishedAt: now, startedAt: now });
    await db.syncOperation.createMany({ data: [...Array.from({ length: 8 }, () => finished("succeeded")), finished("failed"), finished("failed")] });
    const first = await evaluateThresholds(db, { now });
    expect(first.readings).toMatchObject({ syncs: 10, failedSyncs: 2, syncFailureRate: 0.2 });
    expect(first.changes.opened).toHaveLength(1);
    expect((await evaluateThresholds(db, { now })).changes.opened).toEqual([]);
    const alert = await db.alert.findFirstOrThrow({ where: { fingerprint: "threshold:sync-failure-rate", state: "open" } });
    expect(alert.count).toBe(1);
    const cleared = await evaluateThresholds(db, { now, readings: { syncFailureRate: 0.05 } });
    expect(cleared.changes.resolved).toEqual([alert.id]);
  });

  it("job queue > 100 and API p95 > 5 s", async () => {
    const r = await evaluateThresholds(db, { readings: { syncFailureRate: 0, queuedJobs: 101, apiP95Ms: 5200 } });
    expect(r.changes.opened).toHaveLength(2);
    const types = (await db.alert.findMany({ where: { id: { in: r.changes.opened } } })).map((a) => a.type).sort();
    expect(types).toEqual(["queue-backlog", "slow-api"]);
    const ok = await evaluateThresholds(db, { readings: { syncFailureRate: 0, queuedJobs: 100, apiP95Ms: 5000 } });
    expect(ok.changes.resolved).toHaveLength(2);
  });
});

describe("webhooks", () => {
  let hook: Awaited<ReturnType<typeof receiver>>;
  let endpointId: string;

  beforeAll(async () => {
    hook = await receiver(0);
    const dto = await createWebhook(db, ADMIN, { url: hook.url, secret: SECRET, fabricId, enabled: true, suppressWindowSeconds: 3600, minSeverity: "info" });
    endpointId = dto.id;
    expect(dto.secretSet).toBe(true);
    expect(JSON.stringify(dto)).not.toContain(SECRET);
    expect(JSON.stringify(await listWebhooks(db))).not.toContain(SECRET);
    const stored = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } });
    expect(stored.secretEncrypted).not.toContain(SECRET);
  });
  afterAll(async () => {
    await hook?.close();
  });
  beforeEach(() => {
    hook.received.length = 0;
  });

  it("a receiver that fails twice gets the alert on the third attempt, signed with the endpoint's secret", async () => {
    hook.failNext(2);
    const a = await raiseAlert(db, input("hook:1"));
    const [result] = await notifyAlerts(db, { opened: [a.id] });
    expect(result).toMatchObject({ endpointId, sent: 1, suppressed: 0, ok: true });
    expect(hook.received.map((r) => r.status)).toEqual([500, 500, 200]);
    const delivered = hook.accepted()[0]!;
    expect(delivered.signature).toBe(`sha256=${createHmac("sha256", SECRET).update(delivered.body).digest("hex")}`);
    const payload = JSON.parse(delivered.body) as WebhookPayload;
    expect(payload.event).toBe("alerts");
    expect(payload.alerts).toEqual([expect.objectContaining({ id: a.id, action: "opened", fingerprint: "hook:1", severity: "warning", fabricId, fabricName: "fab-alerts" })]);
    const deliveries = await db.webhookDelivery.findMany({ where: { endpointId } });
    expect(deliveries).toEqual([expect.objectContaining({ status: "succeeded", attempts: 3, responseStatus: 200, alertCount: 1 })]);
  });

  it("a repeat of the same fingerprint inside the window is suppressed; a new fingerprint is not", async () => {
    const a = await raiseAlert(db, input("hook:1"));
    const b = await raiseAlert(db, input("hook:2"));
    const [result] = await notifyAlerts(db, { repeated: [a.id], opened: [b.id] });
    expect(result).toMatchObject({ sent: 1, suppressed: 1 });
    const payload = JSON.parse(hook.accepted()[0]!.body) as WebhookPayload;
    expect(payload.alerts.map((x) => x.fingerprint)).toEqual(["hook:2"]);
  });

  it("after the window a repeat is sent again; resolutions go to endpoints that were told", async () => {
    await updateWebhook(db, ADMIN, { id: endpointId, suppressWindowSeconds: 0 });
    const a = await raiseAlert(db, input("hook:1"));
    await resolveAlerts(db, { fingerprints: ["hook:2"] });
    const resolvedId = (await db.alert.findFirstOrThrow({ where: { fingerprint: "hook:2" } })).id;
    const [result] = await notifyAlerts(db, { repeated: [a.id], resolved: [resolvedId] });
    expect(result).toMatchObject({ sent: 2, suppressed: 0 });
    const payload = JSON.parse(hook.accepted()[0]!.body) as WebhookPayload;
    expect(payload.alerts.map((x) => [x.fingerprint, x.action])).toEqual([
      ["hook:1", "repeated"],
      ["hook:2", "resolved"],
    ]);
  });

  it("gives up after the configured attempts and records the failure", async () => {
    hook.failNext(10);
    const a = await raiseAlert(db, input("hook:3"));
    const [result] = await notifyAlerts(db, { opened: [a.id] });
    expect(result).toMatchObject({ sent: 0, ok: false });
    expect(hook.received).toHaveLength(4);
    const ep = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } });
    expect(ep).toMatchObject({ lastDeliveryStatus: "failed", lastDeliveryError: "HTTP 500" });
    hook.failNext(0);
  });

  it("endpoints of another fabric and below their minimum severity get nothing", async () => {
    const other = (await db.fabric.create({ data: { name: "fab-other", syncEnabled: false } })).id;
    const hook2 = await receiver(0);
    try {
      await createWebhook(db, ADMIN, { url: hook2.url, fabricId: other, enabled: true, suppressWindowSeconds: 60, minSeverity: "info" });
      await createWebhook(db, ADMIN, { url: hook2.url, fabricId: null, enabled: true, suppressWindowSeconds: 60, minSeverity: "critical" });
      const a = await raiseAlert(db, input("hook:4"));
      await notifyAlerts(db, { opened: [a.id] });
      expect(hook2.received).toEqual([]);
    } finally {
      await hook2.close();
    }
  });
});
