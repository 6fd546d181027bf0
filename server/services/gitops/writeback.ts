/**
 * Write-back of a fabric's pending change set: ONE commit per change set, on the fabric's branch (mode push) or on a
 * new branch with a pull request (mode pull-request). Conflicts are honest: when the remote moved, the change set is
 * re-applied on the new head and re-validated; when an object also changed in Git since the user's edit, that
 * object goes to `conflict`, an alert is raised and nothing is overwritten.
 */
import fs from "node:fs";
import { Octokit } from "@octokit/rest";
import git from "isomorphic-git";
import { toCanonicalYaml } from "@/lib/hedgehog/canonical";
import { findKindByGVK, findKind } from "@/lib/hedgehog/registry";
import { validateSources } from "@/lib/hedgehog/report";
import type { FabricConfig, Finding, HhObject } from "@/lib/hedgehog/types";
import { appendDocument, removeDocument, replaceDocument } from "@/lib/hedgehog/yaml";
import { Prisma, type ChangeSet, type ChangeSetItem, type PrismaClient } from "@/server/db";
import { logger } from "@/server/logger";
import { raiseAlert, resolveAlerts } from "@/server/services/alerts";
import { recordAudit, type Actor } from "@/server/services/audit";
import { DomainError, notFound } from "@/server/services/errors";
import { pendingChangeSet } from "@/server/services/resources/changes";
import { hashObject } from "@/server/services/resources/hash";
import { recomputeStates } from "@/server/services/resources/state";
import { describeGitError, GitAccessError, hostOf, pushCommit, repositoryAccess, type RepositoryAccess } from "./access";
import { ingestCommit } from "./ingest";
import { withRepositoryLock } from "./mutex";
import { createSyncOperation, errorText, finishOperation, runStep, startOperation } from "./operations";
import { fetchFabricHead, loadFabricRepo } from "./fabric-repo";
import { listYamlFiles, normalizeDir, readFileAt, readText, writeChanges } from "./tree";

export type SubmitMode = "push" | "pull-request";

export interface SubmitResult {
  changeSetId: string;
  status: "submitted" | "failed" | "conflict" | "invalid" | "empty";
  commit?: string;
  branch?: string;
  pullRequest?: { number: number; url: string } | null;
  /** For hosts without an API: where to open the request. */
  note?: string;
  message?: string;
  conflicts?: Array<{ kind: string; namespace: string; name: string }>;
  findings?: Finding[];
  files?: number;
  attempts?: number;
}

export interface PullRequestCounts {
  open: number;
  merged: number;
  closed: number;
  /** Why the pull requests could not be checked (the API was unreachable, ...); the sync itself goes on. */
  error?: string;
}

const MAX_ATTEMPTS = 4;
const SUBMIT_STEPS = ["fetch-git", "ingest", "commit", "push"] as const;

function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function asObject(v: Prisma.JsonValue | null): HhObject | null {
  return isObj(v) ? (v as unknown as HhObject) : null;
}

function itemKey(i: { kind: string; namespace: string; name: string }): string {
  return `${i.kind}/${i.namespace}/${i.name}`;
}

/** Author of the commit: the user (no e-mail is stored for users, so `<username>@hfm.local`). */
export function commitAuthor(username: string | null | undefined): { name: string; email: string } {
  const name = username || "hfm";
  return { name, email: `${name.replace(/[^A-Za-z0-9._+-]/g, "_")}@hfm.local` };
}

/** The user's text plus a generated summary of the change set. */
export function commitMessage(text: string | null | undefined, fabricName: string, changeSetId: string, items: ReadonlyArray<Pick<ChangeSetItem, "action" | "kind" | "name">>): string {
  const count = (a: string) => items.filter((i) => i.action === a).length;
  const parts = [`${count("create")} created`, `${count("update")} updated`, `${count("delete")} deleted`];
  const title = text?.trim() || `Update fabric ${fabricName}`;
  const lines = items.slice(0, 50).map((i) => `- ${i.action} ${i.kind} ${i.name}`);
  if (items.length > 50) lines.push(`- … and ${items.length - 50} more`);
  return `${title}\n\nHFM change set ${changeSetId} for fabric ${fabricName}: ${parts.join(", ")}\n\n${lines.join("\n")}\n`;
}

/** Path of a new object's file: `<gitPath>/<plural>/<name>.yaml`. */
export function newObjectPath(gitPath: string, obj: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } }): string {
  const info = findKindByGVK(obj.apiVersion, obj.kind) ?? findKind(obj.kind);
  const plural = info?.plural ?? `${obj.kind.toLowerCase()}s`;
  const ns = obj.metadata.namespace && obj.metadata.namespace !== "default" ? `${obj.metadata.namespace}.` : "";
  const dir = normalizeDir(gitPath);
  return `${dir ? `${dir}/` : ""}${plural}/${ns}${obj.metadata.name}.yaml`;
}

/** owner/repo of a GitHub(-Enterprise) clone URL (`https://host/owner/repo.git`); owner null when the URL has none. */
export function parseGitHubRepo(url: string): { owner: string | null; repo: string } {
  const segs = new URL(url).pathname.replace(/\.git$/, "").split("/").filter(Boolean);
  const repo = segs.at(-1) ?? "";
  return { owner: segs.length >= 2 ? segs.at(-2)! : null, repo };
}

function octokitFor(access: RepositoryAccess): Octokit {
  return new Octokit({
    auth: access.apiToken ?? undefined,
    baseUrl: access.apiUrl!.replace(/\/+$/, ""),
    request: { fetch: access.fetch },
    log: { debug: () => undefined, info: () => undefined, warn: (m: string) => logger.warn(m), error: (m: string) => logger.error(m) },
  });
}

async function githubRepo(octokit: Octokit, url: string): Promise<{ owner: string; repo: string }> {
  const parsed = parseGitHubRepo(url);
  if (parsed.owner) return { owner: parsed.owner, repo: parsed.repo };
  // A URL without an owner segment: the repository belongs to the authenticated user.
  const { data } = await octokit.users.getAuthenticated();
  return { owner: data.login, repo: parsed.repo };
}

// ───────────── queueing a submit ─────────────

/**
 * Marks the fabric's pending change set as submitting and creates its SyncOperation. The caller runs `runSubmit`
 * (in the background today, in a workflow later).
 */
export async function queueSubmit(
  db: PrismaClient,
  fabricId: string,
  input: { mode: SubmitMode; message?: string | null; actor: Actor },
): Promise<{ changeSetId: string; syncOperationId: string }> {
  const { fabric } = await loadFabricRepo(db, fabricId);
  const set = await db.changeSet.findFirst({ where: { fabricId, status: "pending" }, include: { _count: { select: { items: true } } } });
  if (!set || set._count.items === 0) {
    throw new DomainError("CONFLICT", `Fabric ${fabric.name} has no pending changes to submit: edit objects first`);
  }
  const conflicts = await db.hedgehogResource.count({ where: { fabricId, state: "conflict", changeSetItems: { some: { changeSetId: set.id } } } });
  if (conflicts) {
    throw new DomainError("CONFLICT", `${conflicts} object(s) of the change set are in conflict with Git: resolve them (take Git's or keep mine) first`);
  }
  const claimed = await db.changeSet.updateMany({
    where: { id: set.id, status: "pending" },
    data: { status: "submitting", mode: input.mode === "push" ? "push" : "pull_request", message: input.message ?? null, submittedBy: input.actor.username, error: null },
  });
  if (claimed.count !== 1) throw new DomainError("CONFLICT", "The change set is already being submitted");
  const syncOperationId = await createSyncOperation(db, fabricId, {
    kind: "submit",
    requestedBy: input.actor.username,
    steps: SUBMIT_STEPS,
  });
  await recordAudit(db, input.actor, {
    action: "changeset.submit",
    objectType: "ChangeSet",
    objectId: set.id,
    objectName: fabric.name,
    fabricId,
    after: { mode: input.mode, message: input.message ?? null, items: set._count.items },
  });
  return { changeSetId: set.id, syncOperationId };
}

// ───────────── building the commit ─────────────

interface ResourceRow {
  id: string;
  kind: string;
  namespace: string;
  name: string;
  gitHash: string | null;
  gitFilePath: string | null;
  git: Prisma.JsonValue | null;
}

interface BuildResult {
  changes: Map<string, string | null>;
  conflicts: Array<{ item: ChangeSetItem; row: ResourceRow | undefined }>;
  findings: Finding[];
  written: number;
}

async function loadRows(db: PrismaClient, fabricId: string, items: readonly ChangeSetItem[]): Promise<Map<string, ResourceRow>> {
  const out = new Map<string, ResourceRow>();
  const keys = items.map((i) => ({ kind: i.kind, namespace: i.namespace, name: i.name }));
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db.hedgehogResource.findMany({
      where: { fabricId, OR: keys.slice(i, i + 500) },
      select: { id: true, kind: true, namespace: true, name: true, gitHash: true, gitFilePath: true, git: true },
    });
    for (const r of rows) out.set(itemKey(r), r);
  }
  return out;
}

function findingKey(f: Finding): string {
  return `${f.rule}|${f.kind}|${f.name}|${f.path}|${f.message}`;
}

/**
 * Applies the change set's items to the files of the fabric's directory at `head`. Items whose object changed in Git
 * since the edit are reported as conflicts (and not written); the result is validated with the whole directory.
 */
async function buildChanges(
  db: PrismaClient,
  fabric: { id: string; gitPath: string; fabricConfig: Prisma.JsonValue },
  repoDir: string,
  head: string,
  items: readonly ChangeSetItem[],
): Promise<BuildResult> {
  const rows = await loadRows(db, fabric.id, items);
  const cache = {};
  // The directory's files at head, read once: new objects' paths are looked up here, not in Git one by one.
  const dirFiles = await listYamlFiles(repoDir, head, fabric.gitPath, cache);
  const dirOids = new Map(dirFiles.map((f) => [f.path, f.oid]));
  const base = normalizeDir(fabric.gitPath);
  const originals = new Map<string, string | null>();
  const texts = new Map<string, string | null>();
  const textOf = async (p: string): Promise<string | null> => {
    if (!texts.has(p)) {
      const oid = dirOids.get(p);
      const listed = /\.ya?ml$/i.test(p) && (base === "" || p.startsWith(`${base}/`)) && !p.split("/").some((seg) => seg.startsWith("."));
      const original = oid ? await readText(repoDir, oid, cache) : listed ? null : await readFileAt(repoDir, head, p, cache);
      originals.set(p, original);
      texts.set(p, original);
    }
    return texts.get(p) ?? null;
  };
  const conflicts: BuildResult["conflicts"] = [];
  let written = 0;
  for (const item of items) {
    const row = rows.get(itemKey(item));
    const after = asObject(item.after);
    const gitHash = row?.gitHash ?? null;
    const wantHash = after ? hashObject(after) : null;
    if (gitHash === wantHash) continue; // Git already holds exactly this: nothing to write, no conflict.
    if (gitHash !== (item.baseGitHash ?? null)) {
      conflicts.push({ item, row });
      continue;
    }
    const key = { kind: item.kind, name: item.name, namespace: item.namespace };
    const file = row?.gitFilePath ?? null;
    if (item.action === "delete" || !after) {
      if (!file) continue;
      const text = await textOf(file);
      if (text === null) continue;
      texts.set(file, removeDocument(text, key));
      written++;
      continue;
    }
    if (file && gitHash) {
      const text = await textOf(file);
      if (text !== null) {
        texts.set(file, replaceDocument(text, key, after));
        written++;
        continue;
      }
    }
    const p = newObjectPath(fabric.gitPath, after);
    const existing = await textOf(p);
    texts.set(p, existing === null || existing.trim() === "" ? toCanonicalYaml(after) : appendDocument(existing, after));
    written++;
  }

  // Only files whose text changed are part of the commit.
  const changes = new Map<string, string | null>();
  for (const [p, t] of texts) if (t !== originals.get(p)) changes.set(p, t);

  // Re-validate the directory as it will be after the commit; only findings new in the touched files block.
  let findings: Finding[] = [];
  if (changes.size && !conflicts.length) {
    const config = (fabric.fabricConfig ?? {}) as Partial<FabricConfig>;
    const before = await Promise.all(dirFiles.map(async (f) => ({ file: f.path, text: await readText(repoDir, f.oid, cache) })));
    const afterSet = new Map(before.map((s) => [s.file, s.text]));
    for (const [p, t] of changes) {
      if (!/\.ya?ml$/i.test(p)) continue;
      if (t === null) afterSet.delete(p);
      else afterSet.set(p, t);
    }
    const touched = new Set(changes.keys());
    const old = validateSources(before, config);
    const now = validateSources([...afterSet].map(([file, text]) => ({ file, text })), config);
    const known = new Set(old.errors.filter((f) => f.file && touched.has(f.file)).map(findingKey));
    findings = now.errors.filter((f) => f.file && touched.has(f.file) && !known.has(findingKey(f)));
  }
  return { changes, conflicts, findings, written };
}

// ───────────── running a submit ─────────────

async function markConflicts(db: PrismaClient, fabricId: string, conflicts: BuildResult["conflicts"], actor: string | undefined, jobId: string): Promise<void> {
  const ids = conflicts.map((c) => c.row?.id ?? c.item.resourceId).filter((x): x is string => !!x);
  if (ids.length) {
    await setConflictState(db, fabricId, ids, { actor, jobId });
  }
  for (const { item } of conflicts) {
    await raiseAlert(db, {
      fabricId,
      type: "conflict",
      fingerprint: `conflict:${fabricId}:${itemKey(item)}`,
      severity: "warning",
      title: `Conflict on ${item.kind} ${item.name}`,
      message: `${item.kind} ${item.name} changed in Git since it was edited in HFM; nothing was overwritten. Take Git's version or keep yours, then submit again.`,
      resourceKind: item.kind,
      resourceName: item.name,
    });
  }
}

/** Sets objects to `conflict` through the state machine (changed in HFM and in Git). */
export async function setConflictState(db: PrismaClient, fabricId: string, ids: readonly string[], opts: { actor?: string; jobId?: string } = {}): Promise<void> {
  await recomputeStates(db, fabricId, { reason: "conflict with Git", actor: opts.actor, jobId: opts.jobId, ids, force: "conflict" });
}

/** Puts items back into the fabric's pending change set (after a failed push or a declined pull request). */
async function restoreItems(db: PrismaClient, fabricId: string, from: ChangeSet & { items: ChangeSetItem[] }, actor: string | null): Promise<void> {
  const pending = await pendingChangeSet(db, fabricId, actor);
  if (pending.id === from.id) return;
  const existing = new Set((await db.changeSetItem.findMany({ where: { changeSetId: pending.id }, select: { kind: true, namespace: true, name: true } })).map(itemKey));
  const data = from.items
    .filter((i) => !existing.has(itemKey(i)))
    .map((i) => ({
      changeSetId: pending.id,
      resourceId: i.resourceId,
      kind: i.kind,
      namespace: i.namespace,
      name: i.name,
      action: i.action,
      before: i.before === null ? Prisma.DbNull : (i.before as Prisma.InputJsonValue),
      after: i.after === null ? Prisma.DbNull : (i.after as Prisma.InputJsonValue),
      baseGitHash: i.baseGitHash,
    }));
  for (let k = 0; k < data.length; k += 1000) await db.changeSetItem.createMany({ data: data.slice(k, k + 1000) });
}

async function recomputeItems(db: PrismaClient, fabricId: string, items: readonly ChangeSetItem[], reason: string, actor?: string, jobId?: string): Promise<void> {
  const ids = items.map((i) => i.resourceId).filter((x): x is string => !!x);
  if (ids.length) await recomputeStates(db, fabricId, { reason, actor, jobId, ids });
}

/**
 * Writes the change set to Git (see the module comment). Never throws for Git problems: the change set and the
 * operation record the outcome.
 */
export async function runSubmit(
  db: PrismaClient,
  changeSetId: string,
  opts: {
    operationId: string;
    actor?: Actor | null;
    /** Called just before each push attempt (tests use it to move the remote "from outside" at that moment). */
    beforePush?: (attempt: number) => Promise<void>;
  },
): Promise<SubmitResult> {
  const { operationId } = opts;
  const actor = opts.actor?.username ?? undefined;
  await startOperation(db, operationId);
  const set = await db.changeSet.findUnique({ where: { id: changeSetId }, include: { items: { orderBy: { createdAt: "asc" } } } });
  if (!set) throw notFound("Change set");
  const fabricId = set.fabricId;
  const mode: SubmitMode = set.mode === "pull_request" ? "pull-request" : "push";
  const fail = async (result: SubmitResult, restore: "pending" | "failed"): Promise<SubmitResult> => {
    if (restore === "pending") {
      // Back to pending (the edits stay drafts); unless another pending set appeared meanwhile — then merge into it.
      const other = await db.changeSet.findFirst({ where: { fabricId, status: "pending", id: { not: changeSetId } } });
      if (other) {
        await restoreItems(db, fabricId, set, set.createdBy);
        await db.changeSet.update({ where: { id: changeSetId }, data: { status: "failed", error: result.message ?? null } });
      } else {
        await db.changeSet.update({ where: { id: changeSetId }, data: { status: "pending", error: result.message ?? null } });
      }
    } else {
      await db.changeSet.update({ where: { id: changeSetId }, data: { status: "failed", error: result.message ?? null } });
      await restoreItems(db, fabricId, set, set.createdBy);
    }
    await recomputeItems(db, fabricId, set.items, `submit failed`, actor, operationId);
    await finishOperation(db, operationId, { status: "failed", error: result.message ?? result.status, counts: { ...result } });
    return result;
  };

  try {
    const { fabric, repo, branch } = await loadFabricRepo(db, fabricId);
    const access = repositoryAccess(repo);
    return await withRepositoryLock(repo.id, async () => {
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const head = await runStep(db, operationId, "fetch-git", () => fetchFabricHead(db, access, branch), (c) => ({ commit: c, branch, attempt }));
        const current = await db.fabric.findUniqueOrThrow({ where: { id: fabricId } });
        await runStep(db, operationId, "ingest", () => ingestCommit(db, current, access.dir, head, { actor, jobId: operationId }), (c) => ({ ...c }));
        const built = await runStep(
          db,
          operationId,
          "commit",
          async () => {
            const b = await buildChanges(db, fabric, access.dir, head, set.items);
            if (b.conflicts.length || b.findings.length || b.changes.size === 0) return { b, commit: null as string | null };
            const tree = await writeChanges(access.dir, head, b.changes);
            const author = commitAuthor(set.submittedBy ?? actor);
            const commit = await git.commit({
              fs,
              dir: access.dir,
              message: commitMessage(set.message, fabric.name, set.id, set.items),
              author,
              committer: { name: "Hedgehog Fabric Manager", email: "hfm@hfm.local" },
              tree,
              parent: [head],
              noUpdateBranch: true,
            });
            return { b, commit };
          },
          (r) => ({ files: r.b.changes.size, objects: r.b.written, conflicts: r.b.conflicts.length, invalid: r.b.findings.length, commit: r.commit }),
        );
        const { b, commit } = built;
        if (b.conflicts.length) {
          const conflicts = b.conflicts.map(({ item }) => ({ kind: item.kind, namespace: item.namespace, name: item.name }));
          const message = `${conflicts.length} object(s) changed in Git since they were edited: ${conflicts
            .slice(0, 5)
            .map((c) => `${c.kind} ${c.name}`)
            .join(", ")}${conflicts.length > 5 ? ", …" : ""} — resolve (take Git's or keep mine) and submit again; nothing was overwritten`;
          await db.changeSet.update({ where: { id: changeSetId }, data: { status: "pending", error: message } });
          await markConflicts(db, fabricId, b.conflicts, actor, operationId);
          await finishOperation(db, operationId, { status: "failed", error: message, counts: { conflicts: conflicts.length } });
          return { changeSetId, status: "conflict", message, conflicts };
        }
        if (b.findings.length) {
          const first = b.findings[0]!;
          const message = `the change set does not validate on ${branch} at ${head.slice(0, 8)}: ${first.file}${first.line ? `:${first.line}` : ""}: ${first.message}`;
          return await fail({ changeSetId, status: "invalid", message, findings: b.findings }, "pending");
        }
        if (!commit) {
          // Everything is already in Git (e.g. the same edit was made there): the change set is done.
          await db.changeSet.update({ where: { id: changeSetId }, data: { status: "submitted", submittedAt: new Date(), commitSha: head, error: null } });
          await runStep(db, operationId, "push", async () => ({ skipped: true }), (r) => r);
          await recomputeItems(db, fabricId, set.items, "submitted (already in Git)", actor, operationId);
          await finishOperation(db, operationId, { status: "succeeded", counts: { files: 0, objects: 0, commit: head } });
          return { changeSetId, status: "empty", commit: head, files: 0, attempts: attempt };
        }

        const target = mode === "push" ? branch : `hfm/${fabric.name}/${changeSetId}`;
        await opts.beforePush?.(attempt);
        const pushed = await runStep(db, operationId, "push", () => pushCommit(access, commit, target, { force: mode === "pull-request" }), (r) => ({ ...r, branch: target, attempt }));
        if (!pushed.ok && pushed.rejected === "not-fast-forward" && attempt < MAX_ATTEMPTS) continue; // remote moved: re-apply
        if (!pushed.ok) {
          const message = `push to ${target} was rejected by ${hostOf(repo.url)}: ${pushed.message ?? "no reason given"}`;
          await raiseAlert(db, {
            fabricId,
            type: "push-rejected",
            fingerprint: `push-rejected:${fabricId}`,
            severity: "warning",
            title: `Push to ${target} rejected`,
            message,
            details: { changeSetId, branch: target },
          });
          return await fail({ changeSetId, status: "failed", message }, "failed");
        }
        await resolveAlerts(db, { fingerprints: [`push-rejected:${fabricId}`] });

        let pullRequest: SubmitResult["pullRequest"] = null;
        let note: string | undefined;
        if (mode === "pull-request") {
          if (access.apiUrl) {
            const octokit = octokitFor(access);
            const title = set.message?.trim().split("\n")[0] || `HFM: update fabric ${fabric.name}`;
            try {
              const gh = await githubRepo(octokit, repo.url);
              const { data } = await octokit.pulls.create({
                owner: gh.owner,
                repo: gh.repo,
                title,
                head: target,
                base: branch,
                body: commitMessage(set.message, fabric.name, set.id, set.items),
              });
              pullRequest = { number: data.number, url: data.html_url };
            } catch (e) {
              const transport = describeGitError(e, access.apiUrl);
              const why = transport.reason === "tls" || transport.reason === "unreachable" ? transport.message : `${errorText(e)} — open it by hand or fix the API URL/token`;
              throw new Error(`branch ${target} was pushed, but the pull request could not be opened through ${access.apiUrl}: ${why}`);
            }
          } else {
            note = `branch ${target} pushed to ${repo.url}: open a pull/merge request from ${target} into ${branch} on ${hostOf(repo.url)}`;
          }
        }
        await db.changeSet.update({
          where: { id: changeSetId },
          data: {
            status: "submitted",
            submittedAt: new Date(),
            commitSha: commit,
            branch: target,
            error: null,
            pullRequestNumber: pullRequest?.number ?? null,
            pullRequestUrl: pullRequest?.url ?? null,
            pullRequestState: mode === "pull-request" ? (pullRequest ? "open" : "branch-pushed") : null,
          },
        });
        const resolved = set.items.map((i) => `conflict:${fabricId}:${itemKey(i)}`);
        for (let k = 0; k < resolved.length; k += 1000) await resolveAlerts(db, { fingerprints: resolved.slice(k, k + 1000) });
        if (mode === "push") {
          // The branch now holds the commit: ingest it so the objects are committed.
          const after = await db.fabric.findUniqueOrThrow({ where: { id: fabricId } });
          await ingestCommit(db, after, access.dir, commit, { actor, jobId: operationId });
          await db.gitRepository.update({ where: { id: repo.id }, data: { headCommit: commit } });
        }
        await recomputeItems(db, fabricId, set.items, mode === "push" ? "pushed" : "pull request opened", actor, operationId);
        const result: SubmitResult = { changeSetId, status: "submitted", commit, branch: target, pullRequest, note, files: b.changes.size, attempts: attempt };
        await finishOperation(db, operationId, { status: "succeeded", counts: { ...result } });
        return result;
      }
      return await fail({ changeSetId, status: "failed", message: `the remote branch ${branch} kept moving; try again` }, "pending");
    });
  } catch (e) {
    const message = e instanceof GitAccessError ? e.message : errorText(e);
    logger.warn({ changeSetId, err: e }, "submit failed");
    return fail({ changeSetId, status: "failed", message }, "pending").catch(() => ({ changeSetId, status: "failed" as const, message }));
  }
}

// ───────────── pull request tracking ─────────────

/** Checks the fabric's open pull requests: merged → change set merged; closed → closed and its edits back to pending. */
export async function trackPullRequests(
  db: PrismaClient,
  fabricId: string,
  access: RepositoryAccess,
  opts: { actor?: string; jobId?: string } = {},
): Promise<PullRequestCounts> {
  const counts: PullRequestCounts = { open: 0, merged: 0, closed: 0 };
  const sets = await db.changeSet.findMany({
    where: { fabricId, status: "submitted", mode: "pull_request", pullRequestNumber: { not: null } },
    include: { items: true },
  });
  if (!sets.length || !access.apiUrl) return counts;
  const repo = await db.gitRepository.findUniqueOrThrow({ where: { id: access.repositoryId }, select: { url: true } });
  const octokit = octokitFor(access);
  let gh: { owner: string; repo: string };
  try {
    gh = await githubRepo(octokit, repo.url);
  } catch (e) {
    return { ...counts, error: `cannot check pull requests on ${access.apiUrl}: ${errorText(e)}` };
  }
  for (const set of sets) {
    let data: Awaited<ReturnType<typeof octokit.pulls.get>>["data"];
    try {
      data = (await octokit.pulls.get({ owner: gh.owner, repo: gh.repo, pull_number: set.pullRequestNumber! })).data;
    } catch (e) {
      counts.error = `cannot check pull request #${set.pullRequestNumber} on ${access.apiUrl}: ${errorText(e)}`;
      continue;
    }
    if (data.merged || data.merged_at) {
      counts.merged++;
      await db.changeSet.update({ where: { id: set.id }, data: { status: "merged", pullRequestState: "merged" } });
      await recomputeItems(db, fabricId, set.items, `pull request #${data.number} merged`, opts.actor, opts.jobId);
    } else if (data.state === "closed") {
      counts.closed++;
      await db.changeSet.update({ where: { id: set.id }, data: { status: "closed", pullRequestState: "closed" } });
      await restoreItems(db, fabricId, set, set.createdBy);
      await recomputeItems(db, fabricId, set.items, `pull request #${data.number} closed without merge`, opts.actor, opts.jobId);
    } else {
      counts.open++;
      if (set.pullRequestState !== "open") await db.changeSet.update({ where: { id: set.id }, data: { pullRequestState: "open" } });
    }
  }
  return counts;
}
