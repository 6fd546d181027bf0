// Live progress (/api/events), the engine in /api/health/ready and the workflows tRPC router, through the app's
// real route handlers; on PostgreSQL also the LISTEN/NOTIFY fan-out between instances.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LiveMessage } from "@/server/services/workflows";
import { ADMIN_PASSWORD, startTestApp, type TestApp } from "@/tests/support/app";
import { testDbKind } from "@/tests/support/db";

let app: TestApp;
let token: string;
// Imported after startTestApp() configured the environment (server/env reads it once).
let wf: typeof import("@/server/services/workflows");

beforeAll(async () => {
  app = await startTestApp();
  wf = await import("@/server/services/workflows");
  // These tests look at queued work: keep the engine stopped so nothing runs it away.
  await wf.stopWorkflowEngine();
  const res = await app.rest("POST", "/auth/tokens", { body: { username: "admin", password: ADMIN_PASSWORD, name: "live" } });
  if (res.status !== 201) throw new Error(`token: ${res.status} ${res.text}`);
  token = (res.json as { token: string }).token;
});
afterAll(async () => {
  await app?.close();
});

async function openEvents(query = ""): Promise<{ res: Response; next: (timeoutMs?: number) => Promise<{ event: string; data: unknown }>; close: () => void }> {
  const { GET } = await import("@/app/api/events/route");
  const abort = new AbortController();
  const res = await GET(new Request(`http://127.0.0.1:3000/api/events${query}`, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal }));
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  return {
    res,
    close: () => abort.abort(),
    async next(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const end = buffer.indexOf("\n\n");
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) return { event, data: JSON.parse(data) };
          continue;
        }
        if (Date.now() > deadline) throw new Error("no server-sent event arrived");
        const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), 200))]);
        if (chunk && !chunk.done) buffer += decoder.decode(chunk.value, { stream: true });
      }
    },
  };
}

describe("live progress and engine state", () => {
  it("refuses /api/events without credentials", async () => {
    const { GET } = await import("@/app/api/events/route");
    const res = await GET(new Request("http://127.0.0.1:3000/api/events"));
    expect(res.status).toBe(401);
  });

  it("streams progress messages, filtered by fabric", async () => {
    const stream = await openEvents("?fabricId=f2&topics=sync,alert");
    expect(stream.res.headers.get("content-type")).toMatch(/text\/event-stream/);
    expect(await stream.next()).toMatchObject({ event: "ready", data: { user: "admin", role: "admin" } });
    wf.publish({ topic: "sync", fabricId: "f1", data: { step: "ingest", status: "running" } });
    wf.publish({ topic: "run", fabricId: "f2", data: { runId: "r", status: "running" } });
    wf.publish({ topic: "sync", fabricId: "f2", data: { step: "diff", status: "succeeded" } });
    expect(await stream.next()).toMatchObject({ event: "sync", data: { topic: "sync", fabricId: "f2", data: { step: "diff", status: "succeeded" } } });
    stream.close();
  });

  it("hides run errors from viewers", () => {
    const message: LiveMessage = { topic: "run", fabricId: null, data: { runId: "r", status: "failed", error: "secret detail" }, at: new Date().toISOString() };
    expect(wf.visibleTo("viewer", message)?.data.error).toBe("(hidden)");
    expect(wf.visibleTo("operator", message)?.data.error).toBe("secret detail");
  });

  it("reports the engine, its queue and the oldest queued run in /api/health/ready", async () => {
    await wf.sendEvent("alert/notify.requested", { opened: [], repeated: [], resolved: [] });
    const { GET } = await import("@/app/api/health/ready/route");
    const res = await GET();
    const body = (await res.json()) as { checks: Record<string, { ok: boolean }>; engine: { mode: string; running: boolean; queue: { queued: number; oldestQueuedAgeSeconds: number | null } } };
    expect(body.checks.engine?.ok).toBe(true);
    expect(body.engine).toMatchObject({ mode: "embedded", running: false });
    expect(body.engine.queue.queued).toBeGreaterThanOrEqual(1);
    expect(body.engine.queue.oldestQueuedAgeSeconds).not.toBeNull();
  });

  it("lists runs with their state through the workflows router", async () => {
    const overview = await app.rest("GET", "/workflows", { token });
    expect(overview.status, overview.text).toBe(200);
    expect(overview.json).toMatchObject({ mode: "embedded", counts: { queued: expect.any(Number) } });
    const runs = await app.rest("GET", "/workflow-runs?status=queued", { token });
    expect(runs.status, runs.text).toBe(200);
    const items = (runs.json as { items: Array<{ id: string; functionId: string; phase: string }> }).items;
    expect(items.some((r) => r.functionId === "hedgehog-fabric-manager-alert-notify" && r.phase === "queued")).toBe(true);
    const one = await app.rest("GET", `/workflow-runs/${items[0]!.id}`, { token });
    expect(one.json).toMatchObject({ id: items[0]!.id, steps: [] });
  });

  it.skipIf(testDbKind() !== "postgres")("fans messages out across instances with LISTEN/NOTIFY", async () => {
    await (await import("@/server/db")).getDb();
    const url = process.env.DATABASE_URL!;
    await wf.connectBus(url);
    const received: LiveMessage[] = [];
    const unsubscribe = wf.subscribe((m) => received.push(m));
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    const message: LiveMessage = { topic: "alert", fabricId: "f9", data: { reason: "from another instance" }, at: new Date().toISOString() };
    await other.query("SELECT pg_notify('hfm_events', $1)", [JSON.stringify({ from: "another-instance", message })]);
    await other.end();
    const deadline = Date.now() + 10_000;
    while (!received.some((m) => m.fabricId === "f9") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    unsubscribe();
    expect(received.find((m) => m.fabricId === "f9")).toEqual(message);
  });
});
