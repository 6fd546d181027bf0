/**
 * Live-read benchmark: 50,000 Hedgehog objects across kinds served by the test Kubernetes API server (in its own
 * process), read by `readLiveState` (paginated lists, canonical form, hashes, bulk upserts, state machine) into a fresh
 * database, next to a floor measured in the same run: the same paginated lists fetched and parsed with the same
 * client and no processing. Floor and read each run in their own child process so that peak RSS is per phase.
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

interface Figures {
  ms: number;
  peakRssMB: number;
  objects: number;
  pages: number;
}

const mode = process.argv[2] ?? "main";
const target = Number(process.argv[3] ?? process.argv[2] ?? 50_000) || 50_000;

async function server(): Promise<void> {
  const { fabricOptionsForSize, generateFabric } = await import("../../lib/hedgehog/generator");
  const { startKubeApiServer } = await import("../support/kube-apiserver");
  const objects = generateFabric(fabricOptionsForSize(target, 7));
  const srv = await startKubeApiServer({ objects, historyLimit: 100 });
  const dir = mkdtempSync(path.join(os.tmpdir(), "hfm-live-bench-"));
  const caFile = path.join(dir, "ca.pem");
  writeFileSync(caFile, srv.caPem);
  process.stdout.write(`READY ${srv.url} ${srv.token} ${caFile} ${objects.length}\n`);
  process.on("SIGTERM", () => void srv.close().then(() => process.exit(0)));
}

async function child(kind: "floor" | "read", url: string, token: string, caFile: string): Promise<void> {
  const { readFileSync } = await import("node:fs");
  const caPem = readFileSync(caFile, "utf8");
  const { initEncryptionKey, encryptSecret } = await import("../../server/services/crypto");
  initEncryptionKey({ encryptionKey: randomBytes(32).toString("hex"), dataDir: os.tmpdir() });
  const { createTestDatabase } = await import("../support/db");
  const db = await createTestDatabase();
  const fabric = await db.prisma.fabric.create({
    data: { name: "bench", kubernetesServer: url, kubernetesTokenEncrypted: encryptSecret(token), kubernetesCaCert: caPem, syncEnabled: false },
  });
  const k8s = await import("../../server/services/kubernetes");
  const { listKind } = await import("../../server/services/kubernetes/live");
  let objects = 0;
  let pages = 0;
  const t0 = performance.now();
  if (kind === "floor") {
    await k8s.withFabricClient(db.prisma, fabric.id, async (client) => {
      const discovery = await k8s.discoverHedgehogKinds(client);
      for (const k of discovery.kinds) {
        const r = await listKind(client, k, "default", (items) => {
          objects += items.length;
        });
        pages += r.pages;
      }
    });
  } else {
    const r = await k8s.readLiveState(db.prisma, fabric.id);
    objects = r.objects;
    pages = r.pages;
  }
  const ms = performance.now() - t0;
  const figures: Figures = { ms, peakRssMB: process.resourceUsage().maxRSS / 1024, objects, pages };
  await db.close();
  process.stdout.write(`RESULT ${JSON.stringify(figures)}\n`);
}

async function main(): Promise<void> {
  const tsx = path.resolve(import.meta.dirname, "../../node_modules/.bin/tsx");
  const self = import.meta.filename;
  const srv = spawn(tsx, [self, "server", String(target)], { stdio: ["ignore", "pipe", "inherit"] });
  const ready = await new Promise<string[]>((resolve, reject) => {
    let buf = "";
    srv.stdout.on("data", (d: Buffer) => {
      buf += d.toString();
      const line = buf.split("\n").find((l) => l.startsWith("READY "));
      if (line) resolve(line.split(" ").slice(1));
    });
    srv.on("exit", (code) => reject(new Error(`the test API server exited (${code})`)));
  });
  const [url, token, caFile, count] = ready as [string, string, string, string];
  console.log(`test API server: ${count} objects (generateFabric(fabricOptionsForSize(${target}, 7))), ${url}, DB ${process.env.HFM_TEST_DB ?? "pglite"}`);
  const run = (kind: "floor" | "read"): Figures => {
    const r = spawnSync(tsx, [self, kind, url, token, caFile], { encoding: "utf8", maxBuffer: 1 << 24 });
    const line = r.stdout.split("\n").find((l) => l.startsWith("RESULT "));
    if (!line) throw new Error(`${kind} failed:\n${r.stdout}\n${r.stderr}`);
    return JSON.parse(line.slice(7)) as Figures;
  };
  try {
    run("floor"); // warm-up: the server's first lists are slower (JIT)
    const floor = run("floor");
    const read = run("read");
    const fmt = (f: Figures) => `${(f.ms / 1000).toFixed(2)} s wall, peak RSS ${f.peakRssMB.toFixed(0)} MB, ${f.objects} objects in ${f.pages} pages`;
    console.log(`floor (fetch + parse, no processing): ${fmt(floor)}`);
    console.log(`readLiveState (store + states):        ${fmt(read)}`);
    console.log(`ratio: wall ${(read.ms / floor.ms).toFixed(2)}× the floor (target ≤ 1.5×), peak RSS ${(read.peakRssMB / floor.peakRssMB).toFixed(2)}×`);
  } finally {
    srv.kill("SIGTERM");
  }
}

if (mode === "server") await server();
else if (mode === "floor" || mode === "read") await child(mode, process.argv[3]!, process.argv[4]!, process.argv[5]!);
else await main();
