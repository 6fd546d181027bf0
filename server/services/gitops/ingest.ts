/**
 * Ingestion of a fabric's directory at a commit: every `*.yaml`/`*.yml` below `gitPath` (any layout, multi-document
 * files split), validated as one set with the library, Hedgehog objects upserted as the `git` version in batches,
 * objects deleted from Git detected, per-file findings stored in `GitFile`, one `invalid-file` alert per broken file.
 *
 * Idempotent: an already ingested commit is skipped; within a new commit, files whose blob and findings did not
 * change are not rewritten (their objects are not even re-parsed).
 */
import { canonicalize, objectKey, stableStringify } from "@/lib/hedgehog/canonical";
import { classifyDocument } from "@/lib/hedgehog/registry";
import { validateSources, type SkippedDocument } from "@/lib/hedgehog/report";
import type { FabricConfig, Finding, HhObject } from "@/lib/hedgehog/types";
import { parseYamlDocuments } from "@/lib/hedgehog/yaml";
import { Prisma, type Fabric, type LifecycleState, type PrismaClient } from "@/server/db";
import { raiseAlert, resolveAlerts } from "@/server/services/alerts";
import { hashCanonical } from "@/server/services/resources/hash";
import { recomputeStates } from "@/server/services/resources/state";
import { clearAbsent, upsertVersions, type VersionRow } from "@/server/services/resources/store";
import { listYamlFiles, readText, type TreeFile } from "./tree";

export interface IngestCounts {
  commit: string;
  /** True when this commit was already ingested (nothing read or written). */
  skipped: boolean;
  files: number;
  /** Files whose content or findings changed (re-parsed and written). */
  filesChanged: number;
  /** Hedgehog objects in the directory. */
  objects: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Objects deleted from Git since the last ingest. */
  removed: number;
  invalidFiles: number;
  skippedDocuments: number;
  errors: number;
  warnings: number;
  states?: Record<LifecycleState, number>;
  /** Milliseconds per phase (read, validate, parse, upsert, clear, files, alerts, states). */
  timings?: Record<string, number>;
}

/** Stored per file in `GitFile.errors`: errors and warnings (with line numbers) and the skipped documents. */
export interface FileFindings {
  errors: Finding[];
  warnings: Finding[];
  skipped: SkippedDocument[];
}

const READ_CONCURRENCY = 64;

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** A document without apiVersion and kind: not meant as a Kubernetes object. */
function isNotAnObject(f: Finding): boolean {
  return f.rule === "yaml.missing-field" && f.kind === "" && f.path === "/apiVersion" && /has no apiVersion, kind\b/.test(f.message);
}

function emptyFindings(): FileFindings {
  return { errors: [], warnings: [], skipped: [] };
}

export interface IngestOptions {
  actor?: string;
  jobId?: string;
  /** Re-read every file even when the commit was already ingested. */
  force?: boolean;
}

/**
 * Ingests `fabric`'s directory at `commit` from the working copy `repoDir` (fetched by the caller, under the
 * repository lock).
 */
export async function ingestCommit(
  db: PrismaClient,
  fabric: Pick<Fabric, "id" | "gitPath" | "fabricConfig" | "lastIngestCommit">,
  repoDir: string,
  commit: string,
  opts: IngestOptions = {},
): Promise<IngestCounts> {
  const base: IngestCounts = {
    commit,
    skipped: true,
    files: 0,
    filesChanged: 0,
    objects: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    removed: 0,
    invalidFiles: 0,
    skippedDocuments: 0,
    errors: 0,
    warnings: 0,
  };
  if (!opts.force && fabric.lastIngestCommit === commit) {
    const totals = await db.gitFile.aggregate({ where: { fabricId: fabric.id }, _count: { _all: true }, _sum: { objects: true, skipped: true } });
    base.files = totals._count._all;
    base.objects = totals._sum.objects ?? 0;
    base.skippedDocuments = totals._sum.skipped ?? 0;
    const withFindings = await db.gitFile.findMany({ where: { fabricId: fabric.id, errors: { not: Prisma.DbNull } }, select: { errors: true } });
    for (const f of withFindings) if ((f.errors as unknown as FileFindings).errors.length) base.invalidFiles++;
    return base;
  }

  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (name: string): void => {
    const now = performance.now();
    timings[name] = Math.round((timings[name] ?? 0) + now - mark);
    mark = now;
  };
  const cache = {};
  const tree = await listYamlFiles(repoDir, commit, fabric.gitPath, cache);
  const texts = await mapLimit(tree, READ_CONCURRENCY, (f: TreeFile) => readText(repoDir, f.oid, cache));
  const sources = tree.map((f, i) => ({ file: f.path, text: texts[i]! }));
  const config = (fabric.fabricConfig ?? {}) as Partial<FabricConfig>;
  lap("read");
  const report = validateSources(sources, config);
  lap("validate");

  // Findings per file.
  const perFile = new Map<string, FileFindings>();
  const forFile = (file: string | undefined): FileFindings | undefined => {
    if (file === undefined) return undefined;
    let f = perFile.get(file);
    if (!f) perFile.set(file, (f = emptyFindings()));
    return f;
  };
  for (const e of report.errors) {
    if (isNotAnObject(e)) {
      // YAML that is not a Kubernetes object at all (CI config, Helm values, ...): skipped, not an error.
      forFile(e.file)?.skipped.push({ file: e.file ?? "", document: e.document ?? 0, reason: "not a Kubernetes object (no apiVersion and kind)" });
      continue;
    }
    forFile(e.file)?.errors.push(e);
  }
  for (const w of report.warnings) forFile(w.file)?.warnings.push(w);
  for (const s of report.skipped) forFile(s.file)?.skipped.push(s);

  const prior = new Map(
    (await db.gitFile.findMany({ where: { fabricId: fabric.id }, select: { path: true, blobSha: true, commit: true, errors: true, objects: true, skipped: true } })).map(
      (r) => [r.path, r],
    ),
  );

  // Which files must be (re)written: new, changed content, or changed findings (a rule may fail because of another file).
  const rows: VersionRow[] = [];
  const presentKeys = new Set<string>();
  const rowIndex = new Map<string, number>();
  const fileRows: Array<{ path: string; blobSha: string; commit: string; objects: number; skipped: number; errors: FileFindings | null }> = [];
  const touched = new Set<string>();
  const brokenFiles = new Map<string, FileFindings>();
  const parseBroken = new Map<string, Finding[]>();

  for (let i = 0; i < tree.length; i++) {
    const file = tree[i]!;
    const findings = perFile.get(file.path) ?? emptyFindings();
    if (findings.errors.length) brokenFiles.set(file.path, findings);
    const stored = findings.errors.length || findings.warnings.length || findings.skipped.length ? findings : null;
    const old = prior.get(file.path);
    const sameBlob = old?.blobSha === file.oid;
    const sameFindings = stableStringify(old?.errors ?? null) === stableStringify(stored);
    if (sameBlob && sameFindings && !opts.force) continue;

    touched.add(file.path);
    const fileCommit = sameBlob && old ? old.commit : commit;
    const parsed = parseYamlDocuments(texts[i]!, file.path);
    const parseErrors = parsed.errors.filter((f) => !isNotAnObject(f));
    if (parseErrors.length) parseBroken.set(file.path, parseErrors);
    const byDoc = new Map<number, Finding[]>();
    for (const f of [...findings.errors, ...findings.warnings]) {
      if (f.document === undefined) continue;
      let l = byDoc.get(f.document);
      if (!l) byDoc.set(f.document, (l = []));
      l.push(f);
    }
    let objects = 0;
    for (const doc of parsed.documents) {
      const cls = classifyDocument(doc.object.apiVersion, doc.object.kind);
      if (cls.type !== "fabric") continue;
      objects++;
      const canonical = canonicalize(doc.object);
      const key = objectKey(canonical);
      const own = byDoc.get(doc.index) ?? [];
      // A file that does not parse is broken as a whole: every object of it carries the parse errors.
      const docFindings = own.length || parseErrors.length ? [...own, ...parseErrors] : null;
      const existing = rowIndex.get(key);
      if (existing !== undefined) {
        // A duplicate (reported by validation): the first definition stays, and carries the duplicate finding.
        const first = rows[existing]!;
        first.validationErrors = [...(first.validationErrors ?? []), ...(docFindings ?? [])];
        continue;
      }
      presentKeys.add(key);
      rowIndex.set(key, rows.length);
      rows.push({
        kind: canonical.kind,
        apiVersion: canonical.apiVersion,
        namespace: canonical.metadata.namespace || "default",
        name: canonical.metadata.name,
        object: canonical,
        hash: hashCanonical(canonical),
        gitFilePath: file.path,
        gitDocumentIndex: doc.index,
        gitCommit: fileCommit,
        validationErrors: docFindings,
      });
    }
    fileRows.push({ path: file.path, blobSha: file.oid, commit: fileCommit, objects, skipped: findings.skipped.length, errors: stored });
  }

  lap("parse");
  // Objects of files not rewritten are still present; objects of a file that no longer parses stay known (invalid) —
  // a typo must not look like a deletion.
  const knownRows = await db.hedgehogResource.findMany({
    where: { fabricId: fabric.id, gitHash: { not: null } },
    select: { kind: true, namespace: true, name: true, gitFilePath: true },
  });
  const currentPaths = new Set(tree.map((f) => f.path));
  let removed = 0;
  const keepFromBroken: Array<{ kind: string; namespace: string; name: string; path: string }> = [];
  for (const r of knownRows) {
    const key = `${r.kind}/${r.namespace}/${r.name}`;
    const p = r.gitFilePath ?? "";
    if (!currentPaths.has(p)) continue;
    if (!touched.has(p)) presentKeys.add(key);
    else if (parseBroken.has(p) && !presentKeys.has(key)) keepFromBroken.push({ kind: r.kind, namespace: r.namespace, name: r.name, path: p });
  }
  if (keepFromBroken.length) {
    const kept = await db.hedgehogResource.findMany({
      where: { fabricId: fabric.id, OR: keepFromBroken.map((k) => ({ kind: k.kind, namespace: k.namespace, name: k.name })) },
      select: { kind: true, apiVersion: true, namespace: true, name: true, git: true, gitHash: true, gitFilePath: true, gitDocumentIndex: true, gitCommit: true },
    });
    for (const k of kept) {
      if (!k.git || !k.gitHash) continue;
      presentKeys.add(`${k.kind}/${k.namespace}/${k.name}`);
      rows.push({
        kind: k.kind,
        apiVersion: k.apiVersion,
        namespace: k.namespace,
        name: k.name,
        object: k.git as unknown as HhObject,
        hash: k.gitHash,
        gitFilePath: k.gitFilePath,
        gitDocumentIndex: k.gitDocumentIndex,
        gitCommit: k.gitCommit,
        validationErrors: parseBroken.get(k.gitFilePath ?? "") ?? null,
      });
    }
  }

  for (const r of knownRows) if (!presentKeys.has(`${r.kind}/${r.namespace}/${r.name}`)) removed++;
  lap("known");
  const up = await upsertVersions(db, fabric.id, "git", rows);
  lap("upsert");
  // Only when something is gone (every row with a git version was looked at above): a first ingest skips the scan.
  const removedIds = removed > 0 ? (await clearAbsent(db, fabric.id, "git", presentKeys)).changed : [];
  lap("clear");

  // GitFile rows: one statement per 1,000 changed files; files gone from the directory are deleted.
  for (let i = 0; i < fileRows.length; i += 1000) {
    const batch = fileRows.slice(i, i + 1000);
    await db.$executeRawUnsafe(
      `INSERT INTO "GitFile" AS g ("id","fabricId","path","blobSha","commit","objects","skipped","errors","updatedAt")
       SELECT gen_random_uuid()::text, $2, x.path, x.blob_sha, x.commit, x.objects, x.skipped, x.errors, now()
       FROM jsonb_to_recordset($1::jsonb) AS x(path text, blob_sha text, commit text, objects int, skipped int, errors jsonb)
       ON CONFLICT ("fabricId","path") DO UPDATE SET "blobSha" = EXCLUDED."blobSha", "commit" = EXCLUDED."commit",
         "objects" = EXCLUDED."objects", "skipped" = EXCLUDED."skipped", "errors" = EXCLUDED."errors", "updatedAt" = now()`,
      JSON.stringify(batch.map((f) => ({ path: f.path, blob_sha: f.blobSha, commit: f.commit, objects: f.objects, skipped: f.skipped, errors: f.errors }))),
      fabric.id,
    );
  }
  const gonePaths = [...prior.keys()].filter((p) => !currentPaths.has(p));
  for (let i = 0; i < gonePaths.length; i += 1000) {
    await db.gitFile.deleteMany({ where: { fabricId: fabric.id, path: { in: gonePaths.slice(i, i + 1000) } } });
  }

  lap("files");
  // One open alert per broken file; fixed (or deleted) files resolve theirs.
  const prefix = `invalid-file:${fabric.id}:`;
  const keep = new Set<string>();
  for (const [p, f] of brokenFiles) {
    const fingerprint = `${prefix}${p}`;
    keep.add(fingerprint);
    const first = f.errors[0]!;
    const changed = touched.has(p) || !prior.has(p);
    if (!changed) {
      // Same broken content as last time: keep the open alert as it is (no new occurrence).
      const open = await db.alert.count({ where: { fingerprint, state: { in: ["open", "acknowledged"] } } });
      if (open) continue;
    }
    await raiseAlert(db, {
      fabricId: fabric.id,
      type: "invalid-file",
      fingerprint,
      severity: "warning",
      title: `Invalid file ${p}`,
      message: `${p}${first.line ? `:${first.line}` : ""}: ${first.message}${f.errors.length > 1 ? ` (and ${f.errors.length - 1} more)` : ""}`,
      details: { path: p, commit, errors: f.errors.slice(0, 50).map((e) => ({ line: e.line ?? null, rule: e.rule, message: e.message, kind: e.kind, name: e.name })) },
    });
  }
  await resolveAlerts(db, { fingerprintPrefix: prefix, keep });

  lap("alerts");
  const changedIds = [...up.insertedIds, ...up.updatedIds, ...removedIds];
  const states = changedIds.length
    ? await recomputeStates(db, fabric.id, {
        reason: `ingest ${commit.slice(0, 8)}`,
        actor: opts.actor,
        jobId: opts.jobId,
        ids: changedIds,
        newIds: up.insertedIds,
      })
    : undefined;

  lap("states");
  await db.fabric.update({ where: { id: fabric.id }, data: { lastIngestCommit: commit, lastIngestAt: new Date() } });

  let skippedDocuments = 0;
  for (const f of perFile.values()) skippedDocuments += f.skipped.length;
  return {
    commit,
    skipped: false,
    files: tree.length,
    filesChanged: fileRows.length,
    objects: report.objects,
    inserted: up.insertedIds.length,
    updated: up.updatedIds.length,
    unchanged: up.unchanged,
    removed,
    invalidFiles: brokenFiles.size,
    skippedDocuments,
    errors: report.errors.length,
    warnings: report.warnings.length,
    states,
    timings,
  };
}
