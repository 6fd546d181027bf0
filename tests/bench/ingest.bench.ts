/**
 * Git ingest benchmark: a generated fabric of about 50,000 objects (`generateFabric(fabricOptionsForSize(50_000, 1))`),
 * written as one multi-document file per kind and committed to a Git repository, ingested by the real ingest
 * (`ingestCommit`: read blobs, parse, validate the whole set, hash, upsert in batches, GitFile rows, alerts, states).
 * Next to it, two floors measured in the same run on the same data:
 *   - parse:  parsing the same YAML alone (the library's parser, every file);
 *   - insert: bulk-inserting the same rows alone (the shared `upsertVersions`, into an empty fabric).
 * Target: ingest ≤ 2 × (parse + insert). Each phase runs in its own child process so that peak RSS is per phase.
 *
 *   ./node_modules/.bin/tsx tests/bench/ingest.bench.ts [objects]      (default 50000; HFM_TEST_DB=postgres for PostgreSQL)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { canonicalize, objectKey, toCanonicalYamlStream } from "../../lib/hedgehog/canonical";
import { fabricOptionsForSize, generateFabric } from "../../lib/hedgehog/generator";
import { findKind } from "../../lib/hedgehog/registry";
import type { HhObject } from "../../lib/hedgehog/types";
import { parseYamlDocuments } from "../../lib/hedgehog/yaml";

type Phase = "parse" | "insert" | "ingest";

interface Result {
  phase: Phase;
  objects: number;
  ms: number;
  peakRssMB: number;
  extra?: Record<string, number | string | boolean>;
}

function files(target: number): Record<string, string> {
  const objects = generateFabric(fabricOptionsForSize(target, 1));
  const byKind = new Map<string, HhObject[]>();
  for (const o of objects) byKind.set(o.kind, [...(byKind.get(o.kind) ?? []), o]);
  const out: Record<string, string> = {};
  for (const [kind, list] of byKind) out[`fabric/${findKind(kind)?.plural ?? kind.toLowerCase()}.yaml`] = toCanonicalYamlStream(list);
  return out;
}

function git(cwd: string, args: string[]): string {
  const r = spawnSync("git", args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, GIT_AUTHOR_NAME: "bench", GIT_AUTHOR_EMAIL: "bench@hfm.local", GIT_COMMITTER_NAME: "bench", GIT_COMMITTER_EMAIL: "bench@hfm.local", GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" },
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}

function peakRssMB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

async function child(phase: Phase, target: number, repoDir: string, commit: string): Promise<Result> {
  const texts = files(target);
  if (phase === "parse") {
    const t0 = performance.now();
    let objects = 0;
    for (const [file, text] of Object.entries(texts)) objects += parseYamlDocuments(text, file).documents.length;
    return { phase, objects, ms: performance.now() - t0, peakRssMB: peakRssMB() };
  }

  const { createTestDatabase } = await import("../support/db");
  const database = await createTestDatabase();
  const db = database.prisma;
  try {
    const fabric = await db.fabric.create({ data: { name: `bench-${phase}`, gitPath: "fabric" } });
    if (phase === "insert") {
      const { upsertVersions } = await import("../../server/services/resources/store");
      const { hashObject } = await import("../../server/services/resources/hash");
      // The rows exactly as ingest builds them (prepared before the clock starts: only the insert is timed).
      const rows = Object.entries(texts).flatMap(([file, text]) =>
        parseYamlDocuments(text, file).documents.map((d) => {
          const c = canonicalize(d.object);
          return { kind: c.kind, apiVersion: c.apiVersion, namespace: c.metadata.namespace || "default", name: c.metadata.name, object: c, hash: hashObject(c), gitFilePath: file, gitDocumentIndex: d.index, gitCommit: commit, validationErrors: null };
        }),
      );
      const keys = new Set(rows.map((r) => objectKey(r.object)));
      const t0 = performance.now();
      const res = await upsertVersions(db, fabric.id, "git", rows);
      const ms = performance.now() - t0;
      return { phase, objects: keys.size, ms, peakRssMB: peakRssMB(), extra: { inserted: res.insertedIds.length } };
    }
    const { ingestCommit } = await import("../../server/services/gitops/ingest");
    const t0 = performance.now();
    const first = await ingestCommit(db, fabric, repoDir, commit);
    const ms = performance.now() - t0;
    const after = await db.fabric.findUniqueOrThrow({ where: { id: fabric.id } });
    const t1 = performance.now();
    const again = await ingestCommit(db, after, repoDir, commit);
    const againMs = performance.now() - t1;
    const t2 = performance.now();
    const forced = await ingestCommit(db, after, repoDir, commit, { force: true });
    const forcedMs = performance.now() - t2;
    return {
      phase,
      objects: first.objects,
      ms,
      peakRssMB: peakRssMB(),
      extra: {
        inserted: first.inserted,
        invalidFiles: first.invalidFiles,
        files: first.files,
        reingestSkippedMs: Math.round(againMs),
        reingestSkipped: again.skipped,
        forcedReingestMs: Math.round(forcedMs),
        forcedWrites: forced.inserted + forced.updated,
        ...Object.fromEntries(Object.entries(first.timings ?? {}).map(([k, v]) => [`${k}Ms`, v])),
      },
    };
  } finally {
    await database.close();
  }
}

function parent(target: number): void {
  const work = mkdtempSync(path.join(os.tmpdir(), "hfm-bench-ingest-"));
  try {
    const repoDir = path.join(work, "repo");
    mkdirSync(repoDir);
    const texts = files(target);
    let bytes = 0;
    for (const [p, t] of Object.entries(texts)) {
      mkdirSync(path.dirname(path.join(repoDir, p)), { recursive: true });
      writeFileSync(path.join(repoDir, p), t);
      bytes += Buffer.byteLength(t);
    }
    git(repoDir, ["init", "-q", "-b", "main"]);
    git(repoDir, ["add", "-A"]);
    git(repoDir, ["commit", "-q", "-m", "generated fabric"]);
    git(repoDir, ["gc", "-q"]); // packed, as a fetched working copy is
    const commit = git(repoDir, ["rev-parse", "HEAD"]);
    console.log(`repository: ${Object.keys(texts).length} files, ${(bytes / 1e6).toFixed(1)} MB of YAML, database: ${process.env.HFM_TEST_DB ?? "pglite"}`);

    const results = new Map<Phase, Result>();
    for (const phase of ["parse", "insert", "ingest"] as const) {
      const r = spawnSync(process.execPath, [...process.execArgv, import.meta.filename, "--child", phase, String(target), repoDir, commit], {
        encoding: "utf8",
        maxBuffer: 1 << 24,
        env: { ...process.env, HFM_LOG_LEVEL: "silent", NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --max-old-space-size=4096` },
      });
      if (r.status !== 0) {
        console.error(r.stderr || r.stdout);
        process.exitCode = 1;
        return;
      }
      results.set(phase, JSON.parse(r.stdout.trim().split("\n").at(-1)!) as Result);
    }
    console.log("phase     objects   wall ms   peak RSS MB   notes");
    for (const r of results.values()) {
      console.log(
        `${r.phase.padEnd(8)} ${String(r.objects).padStart(8)} ${r.ms.toFixed(0).padStart(9)} ${r.peakRssMB.toFixed(0).padStart(13)}   ${r.extra ? JSON.stringify(r.extra) : ""}`,
      );
    }
    const floor = results.get("parse")!.ms + results.get("insert")!.ms;
    const ratio = results.get("ingest")!.ms / floor;
    console.log(`floors: parse + insert = ${floor.toFixed(0)} ms; ingest = ${results.get("ingest")!.ms.toFixed(0)} ms = ${ratio.toFixed(2)} × the floors (target ≤ 2)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
if (args[0] === "--child") {
  const [, phase, target, repoDir, commit] = args;
  child(phase as Phase, Number(target), repoDir!, commit!)
    .then((r) => {
      process.stdout.write(JSON.stringify(r) + "\n");
      process.exit(0);
    })
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
} else {
  parent(Number(args[0] ?? 50_000));
}
