/**
 * Sync benchmark: 100 generated fabrics (each its own Git repository with a generated fabric of ~330 objects, one
 * file per kind), all due at the same time, synced by the real workflows through the embedded executor: one
 * scheduler tick starts 100 `fabric-sync` runs (fetch-git + ingest, diff, alerts, finish) on the real database.
 *
 *   ./node_modules/.bin/tsx tests/bench/sync.bench.ts [fabrics] [objectsPerFabric] [concurrency]
 *   (defaults 100, 300, 8; HFM_TEST_DB=postgres for PostgreSQL, else the embedded PGlite)
 *
 * Prints total wall time, per-fabric p50/p95 (from due to done, and own run time), throughput and peak RSS.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { canonicalize, toCanonicalYamlStream } from "../../lib/hedgehog/canonical";
import { fabricOptionsForSize, generateFabric } from "../../lib/hedgehog/generator";
import { findKind } from "../../lib/hedgehog/registry";
import type { HhObject } from "../../lib/hedgehog/types";
import { adminQuery, testDbKind, testPostgresUrl, withDatabase } from "../support/db";
import { startGitServer } from "../support/git-server";

const fabrics = Number(process.argv[2] ?? 100);
const objectsPerFabric = Number(process.argv[3] ?? 300);
const concurrency = Number(process.argv[4] ?? 8);

function files(seed: number): { files: Record<string, string>; objects: number } {
  const objects = generateFabric(fabricOptionsForSize(objectsPerFabric, seed)).map((o) => canonicalize(o));
  const byKind = new Map<string, HhObject[]>();
  for (const o of objects) byKind.set(o.kind, [...(byKind.get(o.kind) ?? []), o]);
  const out: Record<string, string> = {};
  for (const [kind, list] of byKind) out[`fabric/${findKind(kind)?.plural ?? kind.toLowerCase()}.yaml`] = toCanonicalYamlStream(list);
  return { files: out, objects: objects.length };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

async function main() {
  const kind = testDbKind();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "hfm-sync-bench-"));
  let dropDb: (() => Promise<void>) | null = null;
  process.env.HFM_DATA_DIR = dataDir;
  process.env.HFM_ENCRYPTION_KEY = randomBytes(32).toString("hex");
  process.env.HFM_ADMIN_PASSWORD = "bench-admin-password";
  process.env.HFM_LOG_LEVEL = "error";
  process.env.HFM_WORKFLOWS = "off"; // started below with the bench's settings
  if (kind === "postgres") {
    const name = `hfm_bench_${randomBytes(5).toString("hex")}`;
    await adminQuery(testPostgresUrl(), `CREATE DATABASE "${name}"`);
    process.env.DATABASE_URL = withDatabase(testPostgresUrl(), name);
    dropDb = () => adminQuery(testPostgresUrl(), `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } else delete process.env.DATABASE_URL;

  const git = await startGitServer();
  try {
    const { startServer } = await import("../../server/startup");
    await startServer();
    const { getDb, closeDb } = await import("../../server/db");
    const wf = await import("../../server/services/workflows");
    const db = await getDb();

    // ── setup: repositories and fabrics, all due now ──
    const setup0 = performance.now();
    let totalObjects = 0;
    const due = new Date(Date.now() - 1000);
    for (let i = 0; i < fabrics; i++) {
      const repoName = `fabric-${i}.git`;
      const content = files(i + 1);
      totalObjects += content.objects;
      await git.createRepo(repoName, { files: content.files, anonymousRead: true });
      const repo = await db.gitRepository.create({ data: { name: `repo-${i}`, url: git.url(repoName), authType: "none" } });
      await db.fabric.create({ data: { name: `bench-${i}`, gitRepositoryId: repo.id, gitPath: "fabric", syncEnabled: true, syncIntervalSeconds: 300, nextSyncAt: due } });
    }
    const setupMs = performance.now() - setup0;

    const engine = await wf.startWorkflowEngine({ force: true, cron: false, maxConcurrency: concurrency, pollMs: 200 });
    if (!engine) throw new Error("the embedded engine did not start");
    const rssBefore = process.memoryUsage().rss;

    // ── one scheduler tick: every fabric falls due at once ──
    const t0 = performance.now();
    const tick = new Date();
    await engine.enqueue(wf.CRON_EVENT, { cron: "* * * * *" }, { id: `bench-tick:${tick.toISOString()}`, ts: tick.getTime(), only: "hedgehog-fabric-manager-scheduler-tick" });
    let peakRss = process.memoryUsage().rss;
    const deadline = Date.now() + 30 * 60_000;
    for (;;) {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      const done = await db.workflowRun.count({ where: { functionId: "hedgehog-fabric-manager-fabric-sync", status: { in: ["succeeded", "failed"] } } });
      if (done >= fabrics) break;
      if (Date.now() > deadline) throw new Error(`only ${done} of ${fabrics} syncs finished in 30 min`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const wallMs = performance.now() - t0;

    const runs = await db.workflowRun.findMany({ where: { functionId: "hedgehog-fabric-manager-fabric-sync" } });
    const failed = runs.filter((r) => r.status !== "succeeded");
    const latency = runs.map((r) => r.finishedAt!.getTime() - r.createdAt.getTime());
    const own = runs.map((r) => r.finishedAt!.getTime() - r.startedAt!.getTime());
    const tickRun = await db.workflowRun.findFirst({ where: { functionId: "hedgehog-fabric-manager-scheduler-tick" } });
    const tickMs = tickRun?.finishedAt && tickRun.startedAt ? tickRun.finishedAt.getTime() - tickRun.startedAt.getTime() : NaN;
    const resources = await db.hedgehogResource.count();
    const ops = await db.syncOperation.count({ where: { status: "succeeded" } });

    await wf.stopWorkflowEngine();
    await closeDb();
    const maxRssMB = process.resourceUsage().maxRSS / 1024;
    const f = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    console.log(`database ${kind}, ${fabrics} fabrics × ~${Math.round(totalObjects / fabrics)} objects (${totalObjects} objects), executor concurrency ${concurrency}`);
    console.log(`setup (repositories, fabrics): ${f(setupMs)}`);
    console.log(`total wall time, tick → last sync done: ${f(wallMs)}  (${(fabrics / (wallMs / 1000)).toFixed(1)} syncs/s, ${Math.round(resources / (wallMs / 1000))} objects/s)`);
    console.log(`scheduler tick (find due fabrics, send ${fabrics} events): ${f(tickMs)}`);
    console.log(`per fabric, due → done:      p50 ${f(percentile(latency, 50))}   p95 ${f(percentile(latency, 95))}   max ${f(Math.max(...latency))}`);
    console.log(`per fabric, own run time:    p50 ${f(percentile(own, 50))}   p95 ${f(percentile(own, 95))}   max ${f(Math.max(...own))}`);
    console.log(`results: ${runs.length - failed.length} succeeded, ${failed.length} failed; ${ops} sync operations succeeded; ${resources} objects stored`);
    console.log(`memory: RSS before the tick ${Math.round(rssBefore / 1048576)} MiB, peak RSS during the run ${Math.round(peakRss / 1048576)} MiB (process peak ${Math.round(maxRssMB)} MiB, setup included)`);
    if (failed.length) console.log(`first failure: ${failed[0]!.error}`);
    if (failed.length) process.exitCode = 1;
  } finally {
    await git.close();
    await dropDb?.();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
