/**
 * Live-read benchmark: 50,000 Hedgehog objects across kinds served by the test Kubernetes API server (in its own
 * process), read by `readLiveState` (paginated lists, canonical form, hashes, bulk upserts, state machine), next to a
 * floor measured in the same run: the same paginated lists fetched and parsed with the same client and no processing.
 * Every phase runs in its own child process, so that peak RSS is per phase. Three reads of one database:
 *
 * 1. the first read, into an empty database (every object is new: converted, hashed, inserted, its state recorded);
 * 2. the periodic re-read of a sync after the cluster changed: 1% of the objects changed, 0.1% deleted;
 * 3. a re-read with nothing changed.
 *
 *   ./node_modules/.bin/tsx tests/bench/live.bench.ts [objects]     (default 50000; HFM_TEST_DB=postgres for PostgreSQL)
 *
 * Target: read wall time ≤ 1.5× the floor.
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";

interface Figures {
  ms: number;
  peakRssMB: number;
  objects: number;
  pages: number;
  inserted?: number;
  updated?: number;
  unchanged?: number;
  gone?: number;
}

const mode = process.argv[2] ?? "main";
const target = Number(process.argv[3] ?? process.argv[2] ?? 50_000) || 50_000;
const ENCRYPTION_KEY = randomBytes(32).toString("hex");

/** The test API server; on stdin, `mutate <round>` changes 1% of the objects (a label) and deletes 0.1% of them. */
async function server(): Promise<void> {
  const { fabricOptionsForSize, generateFabric } = await import("../../lib/hedgehog/generator");
  const { startKubeApiServer } = await import("../support/kube-apiserver");
  const objects = generateFabric(fabricOptionsForSize(target, 7));
  const srv = await startKubeApiServer({ objects, historyLimit: 100 });
  const dir = mkdtempSync(path.join(os.tmpdir(), "hfm-live-bench-"));
  const caFile = path.join(dir, "ca.pem");
  writeFileSync(caFile, srv.caPem);
  process.stdout.write(`READY ${srv.url} ${srv.token} ${caFile} ${objects.length}\n`);
  createInterface({ input: process.stdin }).on("line", (line) => {
    const [command, round] = line.trim().split(" ");
    if (command !== "mutate") return;
    const r = Number(round) || 0;
    let changed = 0;
    let deleted = 0;
    objects.forEach((o, i) => {
      const ns = o.metadata.namespace ?? "default";
      if (i % 1000 === 500 + r && srv.store.delete(o.kind, o.metadata.name, ns)) deleted++;
      else if (i % 100 === 7 + r) {
        const current = srv.store.get(o.kind, o.metadata.name, ns);
        if (!current) return;
        const md = current.metadata as { labels?: Record<string, string> };
        srv.store.put({ ...current, metadata: { ...current.metadata, labels: { ...md.labels, "bench.example/touched": String(r) } } });
        changed++;
      }
    });
    process.stdout.write(`MUTATED ${changed} ${deleted}\n`);
  });
  process.on("SIGTERM", () => void srv.close().then(() => process.exit(0)));
}

async function child(kind: "floor" | "read", url: string, token: string, caFile: string, dbOptions: string): Promise<void> {
  const { readFileSync } = await import("node:fs");
  const caPem = readFileSync(caFile, "utf8");
  const { initEncryptionKey, encryptSecret } = await import("../../server/services/crypto");
  initEncryptionKey({ encryptionKey: process.env.HFM_BENCH_KEY!, dataDir: os.tmpdir() });
  const { createDatabase } = await import("../../server/db");
  const db = await createDatabase({ ...(JSON.parse(dbOptions) as object), logger: { info() {}, warn() {} } });
  const fabric =
    (await db.prisma.fabric.findUnique({ where: { name: "bench" } })) ??
    (await db.prisma.fabric.create({
      data: { name: "bench", kubernetesServer: url, kubernetesTokenEncrypted: encryptSecret(token), kubernetesCaCert: caPem, syncEnabled: false },
    }));
  const k8s = await import("../../server/services/kubernetes");
  const { listKind } = await import("../../server/services/kubernetes/live");
  let figures: Omit<Figures, "ms" | "peakRssMB">;
  const t0 = performance.now();
  if (kind === "floor") {
    let objects = 0;
    let pages = 0;
    await k8s.withFabricClient(db.prisma, fabric.id, async (client) => {
      const discovery = await k8s.discoverHedgehogKinds(client);
      for (const k of discovery.kinds) {
        const r = await listKind(client, k, "default", () => undefined);
        objects += r.count;
        pages += r.pages;
      }
    });
    figures = { objects, pages };
  } else {
    const r = await k8s.readLiveState(db.prisma, fabric.id);
    figures = { objects: r.objects, pages: r.pages, inserted: r.inserted, updated: r.updated, unchanged: r.unchanged, gone: r.gone };
  }
  const ms = performance.now() - t0;
  await db.close();
  process.stdout.write(`RESULT ${JSON.stringify({ ms, peakRssMB: process.resourceUsage().maxRSS / 1024, ...figures })}\n`);
}

async function main(): Promise<void> {
  const tsx = path.resolve(import.meta.dirname, "../../node_modules/.bin/tsx");
  const self = import.meta.filename;
  const srv = spawn(tsx, [self, "server", String(target)], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: srv.stdout });
  const nextLine = (prefix: string) =>
    new Promise<string[]>((resolve, reject) => {
      const onLine = (l: string) => {
        if (!l.startsWith(`${prefix} `)) return;
        lines.off("line", onLine);
        resolve(l.split(" ").slice(1));
      };
      lines.on("line", onLine);
      srv.once("exit", (code) => reject(new Error(`the test API server exited (${code})`)));
    });
  const [url, token, caFile, count] = (await nextLine("READY")) as [string, string, string, string];
  const { createEmptyTestTarget, testDbKind } = await import("../support/db");
  const dbTarget = await createEmptyTestTarget();
  console.log(`test API server: ${count} objects (generateFabric(fabricOptionsForSize(${target}, 7))), ${url}, DB ${testDbKind()}`);
  const run = (kind: "floor" | "read"): Figures => {
    const r = spawnSync(tsx, [self, kind, url, token, caFile, JSON.stringify(dbTarget.options)], {
      encoding: "utf8",
      maxBuffer: 1 << 24,
      env: { ...process.env, HFM_BENCH_KEY: ENCRYPTION_KEY },
    });
    const line = r.stdout.split("\n").find((l) => l.startsWith("RESULT "));
    if (!line) throw new Error(`${kind} failed:\n${r.stdout}\n${r.stderr}`);
    return JSON.parse(line.slice(7)) as Figures;
  };
  const fmt = (f: Figures) =>
    `${(f.ms / 1000).toFixed(2)} s wall, peak RSS ${f.peakRssMB.toFixed(0)} MB, ${f.objects} objects in ${f.pages} pages` +
    (f.inserted === undefined ? "" : ` (inserted ${f.inserted}, updated ${f.updated}, unchanged ${f.unchanged}, gone ${f.gone})`);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  /** Floor then read, `rounds` times (`before` runs ahead of each round); prints each pair and the median ratios. */
  const measure = async (label: string, rounds: number, before?: (round: number) => Promise<string>) => {
    const ratios: number[] = [];
    const rss: number[] = [];
    for (let round = 1; round <= rounds; round++) {
      if (before) console.log(`  round ${round}: ${await before(round)}`);
      const floor = run("floor");
      const read = run("read");
      console.log(`  floor (fetch + parse, no processing): ${fmt(floor)}`);
      console.log(`  readLiveState:                        ${fmt(read)}`);
      ratios.push(read.ms / floor.ms);
      rss.push(read.peakRssMB / floor.peakRssMB);
    }
    const many = rounds > 1 ? ` (median of ${rounds}: ${ratios.map((r) => r.toFixed(2)).join(", ")})` : "";
    console.log(`  ${label}: wall ${median(ratios).toFixed(2)}× the floor${many} (target ≤ 1.5×), peak RSS ${median(rss).toFixed(2)}×`);
  };
  try {
    run("floor"); // warm-up: the server's first lists are slower (JIT)
    console.log("1. first read, empty database");
    await measure("first read", 1);
    console.log("2. re-read after 1% of the objects changed and 0.1% were deleted in the cluster (a periodic sync)");
    await measure("re-read", 3, async (round) => {
      srv.stdin.write(`mutate ${round}\n`);
      const [changed, deleted] = await nextLine("MUTATED");
      return `${changed} objects changed, ${deleted} deleted`;
    });
    console.log("3. re-read, nothing changed");
    await measure("unchanged re-read", 3);
  } finally {
    srv.kill("SIGTERM");
    await dbTarget.dispose();
  }
}

if (mode === "server") await server();
else if (mode === "floor" || mode === "read") await child(mode, process.argv[3]!, process.argv[4]!, process.argv[5]!, process.argv[6]!);
else await main();
