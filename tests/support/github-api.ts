// A fake GitHub REST API (the subset HFM's write-back uses) for @octokit/rest via `baseUrl`, on 127.0.0.1.
// It is backed by the SAME bare repository that the test Git server (./git-server.ts) serves, so git pushes and API
// calls see each other. Git objects are made with the git CLI (hash-object, update-index/write-tree, commit-tree,
// merge-tree --write-tree, update-ref); pull requests and comments live in memory.
//
// Octokit URL-encodes slashes in `ref` and `path` parameters (`git/ref/heads%2Fmain`), so path parameters are
// decoded here. Errors have GitHub's shape `{ message, documentation_url }` (422s also carry `errors`).
import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { gitOk, type GitResult, type GitServerHandle } from "./git-server";

export interface GitHubApiOptions {
  git: GitServerHandle;
  /** Repository on the git server (e.g. "envs"); also the GitHub repository name. */
  repo: string;
  /** Default "hfm-test". */
  owner?: string;
  /** Accepted token (`Authorization: token X` or `Bearer X`). Default "ghp_hfmTestToken". */
  token?: string;
  /** The login of the token's user. Default "hfm-bot". */
  login?: string;
  /** Serve under `/api/v3` like GitHub Enterprise Server. */
  enterprise?: boolean;
  /** Serve HTTPS with this key and certificate (e.g. from `makeTestCertificates`, signed by a private CA). */
  tls?: { keyPem: string; certPem: string };
}

export interface PullRequestRecord {
  number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  merged: boolean;
  draft: boolean;
  headRef: string;
  baseRef: string;
  /** Frozen shas once closed/merged; for open PRs the branches' live tips are reported. */
  headSha: string;
  baseSha: string;
  mergeCommitSha: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  mergedAt: string | null;
  mergedBy: string | null;
  user: string;
  comments: IssueComment[];
}

export interface IssueComment {
  id: number;
  body: string;
  user: string;
  createdAt: string;
}

export type MergeMethod = "merge" | "squash" | "rebase";

export interface GitHubRequestLogEntry {
  method: string;
  /** Raw path and query as received (still URL-encoded). */
  path: string;
  status: number;
  /** Request JSON body, when there was one. */
  body?: unknown;
}

export interface GitHubApiHandle {
  /** Base URL for Octokit (`new Octokit({ baseUrl })`); ends in `/api/v3` with `enterprise: true`. */
  url: string;
  /** Web base (html_url prefix), e.g. `http://127.0.0.1:PORT`. */
  htmlBase: string;
  owner: string;
  repo: string;
  token: string;
  /** Copies of the pull requests, by number ascending. */
  pulls(): PullRequestRecord[];
  pull(number: number): PullRequestRecord | undefined;
  /** Merges like a reviewer pressing the button on GitHub. Resolves to the new base tip; rejects if not mergeable. */
  mergePull(number: number, opts?: { method?: MergeMethod; title?: string; message?: string }): Promise<string>;
  /** Closes without merging, like a reviewer declining. */
  closePull(number: number): Promise<void>;
  requests: GitHubRequestLogEntry[];
  close(): Promise<void>;
}

const DOCS = "https://docs.github.com/rest";

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: Array<Record<string, string>>,
  ) {
    super(message);
  }
}

const notFound = (): ApiError => new ApiError(404, "Not Found");
const validation = (errors: Array<Record<string, string>>): ApiError => new ApiError(422, "Validation Failed", errors);

interface TreeEntry {
  mode: string;
  type: string;
  sha: string;
}

interface GitIdent {
  name: string;
  email: string;
  date: string;
}

type Json = Record<string, unknown>;

const isSha = (s: unknown): s is string => typeof s === "string" && /^[0-9a-f]{40}$/.test(s);

function wrapBase64(buf: Buffer): string {
  return (buf.toString("base64").match(/.{1,60}/g) ?? []).join("\n") + "\n";
}

function parseIdent(line: string): GitIdent {
  const m = /^(.*) <(.*)> (\d+) ([+-]\d{4})$/.exec(line);
  if (!m) return { name: line, email: "", date: new Date(0).toISOString() };
  return { name: m[1], email: m[2], date: new Date(Number(m[3]) * 1000).toISOString().replace(/\.000Z$/, "Z") };
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

export async function startGitHubApi(opts: GitHubApiOptions): Promise<GitHubApiHandle> {
  const g = opts.git;
  const repo = opts.repo.replace(/\.git$/, "");
  const owner = opts.owner ?? "hfm-test";
  const token = opts.token ?? "ghp_hfmTestToken";
  const login = opts.login ?? "hfm-bot";
  const prefix = opts.enterprise ? "/api/v3" : "";
  const requests: GitHubRequestLogEntry[] = [];
  const pulls: PullRequestRecord[] = [];
  let commentId = 1000;
  let apiBase = "";
  let htmlBase = "";

  const run = (args: string[], o?: { input?: string | Buffer; env?: Record<string, string> }): Promise<GitResult> =>
    g.git(repo, args, o);
  const out = async (args: string[], o?: { input?: string | Buffer; env?: Record<string, string> }): Promise<string> =>
    gitOk(await run(args, o), `git ${args[0]}`).trim();

  // ---------- git helpers ----------
  const objectType = async (sha: string): Promise<string | null> => {
    const r = await run(["cat-file", "-t", sha]);
    return r.code === 0 ? r.stdout.trim() : null;
  };
  const revParse = async (rev: string): Promise<string | null> => {
    const r = await run(["rev-parse", "--verify", "--quiet", rev]);
    return r.code === 0 ? r.stdout.trim() : null;
  };
  const branchSha = (branch: string): Promise<string | null> => revParse(`refs/heads/${branch}^{commit}`);
  const defaultBranch = (): Promise<string> => g.defaultBranch(repo);
  const isAncestor = async (a: string, b: string): Promise<boolean> =>
    (await run(["merge-base", "--is-ancestor", a, b])).code === 0;

  const readTree = async (treeish: string | null): Promise<Map<string, TreeEntry>> => {
    const entries = new Map<string, TreeEntry>();
    if (!treeish) return entries;
    const r = gitOk(await run(["ls-tree", "-r", "-z", "--full-tree", treeish]), "ls-tree");
    for (const rec of r.split("\0")) {
      if (!rec) continue;
      const tab = rec.indexOf("\t");
      const [mode, type, sha] = rec.slice(0, tab).split(" ");
      entries.set(rec.slice(tab + 1), { mode, type, sha });
    }
    return entries;
  };

  const writeTree = async (entries: Map<string, TreeEntry>): Promise<string> => {
    const index = path.join(os.tmpdir(), `hfm-gh-index-${randomUUID()}`);
    try {
      const env = { GIT_INDEX_FILE: index };
      const lines = [...entries].map(([p, e]) => `${e.mode} ${e.sha}\t${p}`);
      if (lines.length) await out(["update-index", "--index-info"], { env, input: lines.join("\n") + "\n" });
      else await out(["read-tree", "--empty"], { env });
      return await out(["write-tree"], { env });
    } finally {
      await rm(index, { force: true });
    }
  };

  const writeBlob = (content: Buffer | string): Promise<string> => out(["hash-object", "-w", "--stdin"], { input: content });

  const identEnv = (author: GitIdent, committer: GitIdent): Record<string, string> => ({
    GIT_AUTHOR_NAME: author.name,
    GIT_AUTHOR_EMAIL: author.email,
    GIT_AUTHOR_DATE: author.date,
    GIT_COMMITTER_NAME: committer.name,
    GIT_COMMITTER_EMAIL: committer.email,
    GIT_COMMITTER_DATE: committer.date,
  });
  const now = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  const defaultIdent = (): GitIdent => ({ name: login, email: `${login}@users.noreply.github.com`, date: now() });
  const webIdent = (): GitIdent => ({ name: "GitHub", email: "noreply@github.com", date: now() });

  const commitTree = async (tree: string, parents: string[], message: string, author: GitIdent, committer: GitIdent) =>
    out(["commit-tree", tree, ...parents.flatMap((p) => ["-p", p])], { input: message, env: identEnv(author, committer) });

  /** Compare-and-swap ref update; false when the ref moved meanwhile. */
  const casRef = async (ref: string, sha: string, old: string | null): Promise<boolean> =>
    (await run(["update-ref", ref, sha, old ?? ""])).code === 0;

  // ---------- JSON shapes ----------
  const repoPath = () => `${apiBase}/repos/${owner}/${repo}`;
  const commitJson = async (sha: string): Promise<Json> => {
    const text = await out(["cat-file", "commit", sha]);
    const split = text.indexOf("\n\n");
    const headerLines = (split < 0 ? text : text.slice(0, split)).split("\n");
    const message = split < 0 ? "" : text.slice(split + 2);
    let tree = "";
    const parents: string[] = [];
    let author = defaultIdent();
    let committer = defaultIdent();
    for (const line of headerLines) {
      const sp = line.indexOf(" ");
      const key = line.slice(0, sp);
      const value = line.slice(sp + 1);
      if (key === "tree") tree = value;
      else if (key === "parent") parents.push(value);
      else if (key === "author") author = parseIdent(value);
      else if (key === "committer") committer = parseIdent(value);
    }
    return {
      sha,
      node_id: `C_${sha}`,
      url: `${repoPath()}/git/commits/${sha}`,
      html_url: `${htmlBase}/${owner}/${repo}/commit/${sha}`,
      author,
      committer,
      message,
      tree: { sha: tree, url: `${repoPath()}/git/trees/${tree}` },
      parents: parents.map((p) => ({ sha: p, url: `${repoPath()}/git/commits/${p}`, html_url: `${htmlBase}/${owner}/${repo}/commit/${p}` })),
      verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
    };
  };

  const refJson = async (ref: string, sha: string): Promise<Json> => {
    const type = (await objectType(sha)) ?? "commit";
    return {
      ref,
      node_id: `REF_${Buffer.from(ref).toString("base64")}`,
      url: `${repoPath()}/git/${ref}`,
      object: { sha, type, url: `${repoPath()}/git/${type}s/${sha}` },
    };
  };

  const repoJson = async (): Promise<Json> => ({
    id: 4711,
    node_id: "R_hfm",
    name: repo,
    full_name: `${owner}/${repo}`,
    private: true,
    visibility: "private",
    owner: { login: owner, id: 1, type: "Organization", html_url: `${htmlBase}/${owner}` },
    html_url: `${htmlBase}/${owner}/${repo}`,
    url: repoPath(),
    clone_url: g.url(repo),
    ssh_url: `git@127.0.0.1:${owner}/${repo}.git`,
    default_branch: await defaultBranch(),
    archived: false,
    disabled: false,
    fork: false,
    permissions: { admin: true, maintain: true, push: true, triage: true, pull: true },
    allow_merge_commit: true,
    allow_squash_merge: true,
    allow_rebase_merge: true,
  });

  const treeEntryJson = (p: string, e: TreeEntry, size?: number): Json => ({
    path: p,
    mode: e.mode,
    type: e.type,
    sha: e.sha,
    ...(e.type === "blob" ? { size: size ?? 0 } : {}),
    url: `${repoPath()}/git/${e.type === "tree" ? "trees" : "blobs"}/${e.sha}`,
  });

  const treeJson = async (treeSha: string, recursive: boolean): Promise<Json> => {
    const r = gitOk(await run(["ls-tree", "-l", "-z", ...(recursive ? ["-r", "-t"] : []), treeSha]), "ls-tree");
    const tree: Json[] = [];
    for (const rec of r.split("\0")) {
      if (!rec) continue;
      const tab = rec.indexOf("\t");
      const [mode, type, sha, size] = rec.slice(0, tab).split(/\s+/);
      tree.push(treeEntryJson(rec.slice(tab + 1), { mode, type, sha }, size === "-" ? undefined : Number(size)));
    }
    return { sha: treeSha, url: `${repoPath()}/git/trees/${treeSha}`, tree, truncated: false };
  };

  const contentJson = async (p: string, ref: string, sha: string, withContent: boolean): Promise<Json> => {
    const blob = (await run(["cat-file", "blob", sha])).raw;
    const url = `${repoPath()}/contents/${p}?ref=${encodeURIComponent(ref)}`;
    return {
      type: "file",
      encoding: "base64",
      size: blob.length,
      name: path.posix.basename(p),
      path: p,
      ...(withContent ? { content: wrapBase64(blob) } : {}),
      sha,
      url,
      git_url: `${repoPath()}/git/blobs/${sha}`,
      html_url: `${htmlBase}/${owner}/${repo}/blob/${ref}/${p}`,
      download_url: `${htmlBase}/${owner}/${repo}/raw/${ref}/${p}`,
      _links: { self: url, git: `${repoPath()}/git/blobs/${sha}`, html: `${htmlBase}/${owner}/${repo}/blob/${ref}/${p}` },
    };
  };

  // ---------- pull requests ----------
  const liveShas = async (pr: PullRequestRecord): Promise<{ head: string; base: string }> => {
    if (pr.state !== "open") return { head: pr.headSha, base: pr.baseSha };
    return { head: (await branchSha(pr.headRef)) ?? pr.headSha, base: (await branchSha(pr.baseRef)) ?? pr.baseSha };
  };

  const mergedTree = async (base: string, head: string): Promise<string | null> => {
    const r = await run(["merge-tree", "--write-tree", "--no-messages", base, head]);
    return r.code === 0 ? r.stdout.split("\n")[0].trim() : null;
  };

  const prJson = async (pr: PullRequestRecord): Promise<Json> => {
    const { head, base } = await liveShas(pr);
    const repoObj = await repoJson();
    const mergeable = pr.state === "open" ? (await mergedTree(base, head)) !== null : null;
    const html = `${htmlBase}/${owner}/${repo}/pull/${pr.number}`;
    return {
      url: `${repoPath()}/pulls/${pr.number}`,
      id: 90000 + pr.number,
      node_id: `PR_${pr.number}`,
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      issue_url: `${repoPath()}/issues/${pr.number}`,
      number: pr.number,
      state: pr.state,
      locked: false,
      title: pr.title,
      body: pr.body,
      user: { login: pr.user, type: "User" },
      draft: pr.draft,
      created_at: pr.createdAt,
      updated_at: pr.updatedAt,
      closed_at: pr.closedAt,
      merged_at: pr.mergedAt,
      merge_commit_sha: pr.mergeCommitSha,
      merged: pr.merged,
      merged_by: pr.mergedBy ? { login: pr.mergedBy } : null,
      mergeable,
      mergeable_state: mergeable === null ? "unknown" : mergeable ? "clean" : "dirty",
      comments: pr.comments.length,
      head: { label: `${owner}:${pr.headRef}`, ref: pr.headRef, sha: head, user: { login: owner }, repo: repoObj },
      base: { label: `${owner}:${pr.baseRef}`, ref: pr.baseRef, sha: base, user: { login: owner }, repo: repoObj },
    };
  };

  const findPull = (n: number): PullRequestRecord => {
    const pr = pulls.find((p) => p.number === n);
    if (!pr) throw notFound();
    return pr;
  };

  const doMerge = async (
    pr: PullRequestRecord,
    o: { method?: MergeMethod; title?: string; message?: string; sha?: string; by: string },
  ): Promise<string> => {
    if (pr.state !== "open") throw new ApiError(405, "Pull Request is not mergeable");
    const head = await branchSha(pr.headRef);
    const base = await branchSha(pr.baseRef);
    if (!head || !base) throw new ApiError(405, "Pull Request is not mergeable");
    if (o.sha && o.sha !== head) throw new ApiError(409, "Head branch was modified. Review and try the merge again.");
    const method = o.method ?? "merge";
    let newTip: string;
    if (method === "rebase") {
      // Only the fast-forward case: the head already contains the base.
      if (!(await isAncestor(base, head))) throw new ApiError(405, "This branch can't be rebased");
      newTip = head;
    } else {
      const tree = await mergedTree(base, head);
      if (!tree) throw new ApiError(405, "Pull Request is not mergeable");
      if (method === "squash") {
        const title = o.title ?? `${pr.title} (#${pr.number})`;
        newTip = await commitTree(tree, [base], o.message ? `${title}\n\n${o.message}` : title, defaultIdent(), webIdent());
      } else {
        const title = o.title ?? `Merge pull request #${pr.number} from ${owner}/${pr.headRef}`;
        const message = o.message ?? pr.title;
        newTip = await commitTree(tree, [base, head], `${title}\n\n${message}`, defaultIdent(), webIdent());
      }
    }
    if (!(await casRef(`refs/heads/${pr.baseRef}`, newTip, base))) throw new ApiError(409, "Base branch was modified. Review and try the merge again.");
    const t = now();
    Object.assign(pr, {
      state: "closed",
      merged: true,
      mergedAt: t,
      closedAt: t,
      updatedAt: t,
      mergedBy: o.by,
      headSha: head,
      baseSha: base,
      mergeCommitSha: newTip,
    } satisfies Partial<PullRequestRecord>);
    return newTip;
  };

  const closePr = async (pr: PullRequestRecord): Promise<void> => {
    if (pr.state === "closed") return;
    const { head, base } = await liveShas(pr);
    const t = now();
    Object.assign(pr, { state: "closed", closedAt: t, updatedAt: t, headSha: head, baseSha: base } satisfies Partial<PullRequestRecord>);
  };

  // ---------- routes ----------
  const normalizeRef = (ref: string): string => `refs/${ref.replace(/^refs\//, "")}`;

  const validRefName = async (ref: string): Promise<boolean> =>
    ref.startsWith("refs/") && ref.split("/").length >= 3 && (await run(["check-ref-format", ref])).code === 0;

  async function route(method: string, segs: string[], query: URLSearchParams, body: Json): Promise<[number, unknown]> {
    if (method === "GET" && segs.length === 1 && segs[0] === "user") {
      return [200, { login, id: 42, type: "User", name: login, html_url: `${htmlBase}/${login}` }];
    }
    if (segs[0] !== "repos" || segs.length < 3) throw notFound();
    const [, o, r, ...rest] = segs;
    if (decodeURIComponent(o) !== owner || decodeURIComponent(r) !== repo) throw notFound();
    const param = (from: number): string => decodeURIComponent(rest.slice(from).join("/"));
    const key = `${method} ${rest.slice(0, 2).join("/")}`;

    if (rest.length === 0 && method === "GET") return [200, await repoJson()];

    // Branches
    if (method === "GET" && rest[0] === "branches" && rest.length >= 2) {
      const name = param(1);
      const sha = await branchSha(name);
      if (!sha) throw new ApiError(404, "Branch not found");
      return [200, { name, commit: { sha, url: `${repoPath()}/commits/${sha}`, commit: await commitJson(sha) }, protected: false }];
    }

    // References
    if (key === "GET git/ref" && rest.length >= 3) {
      const ref = normalizeRef(param(2));
      const sha = await revParse(ref);
      if (!sha) throw notFound();
      return [200, await refJson(ref, sha)];
    }
    if (key === "GET git/matching-refs") {
      const wanted = rest.length >= 3 ? normalizeRef(param(2)) : "refs/";
      const list = await out(["for-each-ref", "--format=%(refname) %(objectname)"]);
      const refs: Json[] = [];
      for (const line of list.split("\n").filter(Boolean)) {
        const [name, sha] = line.split(" ");
        if (name.startsWith(wanted)) refs.push(await refJson(name, sha));
      }
      return [200, refs];
    }
    if (method === "POST" && rest[0] === "git" && rest[1] === "refs" && rest.length === 2) {
      const ref = str(body.ref);
      const sha = str(body.sha);
      if (!ref || !(await validRefName(ref))) throw new ApiError(422, "Reference name is invalid");
      if (!isSha(sha) || !(await objectType(sha))) throw new ApiError(422, "Object does not exist");
      if (await revParse(ref)) throw new ApiError(422, "Reference already exists");
      if (!(await casRef(ref, sha, null))) throw new ApiError(422, "Reference already exists");
      return [201, await refJson(ref, sha)];
    }
    if ((method === "PATCH" || method === "DELETE") && rest[0] === "git" && rest[1] === "refs" && rest.length >= 3) {
      const ref = normalizeRef(param(2));
      const old = await revParse(ref);
      if (!old) throw new ApiError(422, "Reference does not exist");
      if (method === "DELETE") {
        await out(["update-ref", "-d", ref, old]);
        return [204, undefined];
      }
      const sha = str(body.sha);
      if (!isSha(sha) || !(await objectType(sha))) throw new ApiError(422, "Object does not exist");
      if (body.force !== true && !(await isAncestor(old, sha))) throw new ApiError(422, "Update is not a fast forward");
      if (!(await casRef(ref, sha, old))) throw new ApiError(422, "Reference cannot be updated");
      return [200, await refJson(ref, sha)];
    }

    // Blobs
    if (key === "POST git/blobs" && rest.length === 2) {
      const content = str(body.content);
      if (content === undefined) throw validation([{ resource: "Blob", field: "content", code: "missing_field" }]);
      const encoding = str(body.encoding) ?? "utf-8";
      if (encoding !== "utf-8" && encoding !== "utf8" && encoding !== "base64") throw new ApiError(422, `encoding must be utf-8 or base64`);
      const sha = await writeBlob(encoding === "base64" ? Buffer.from(content, "base64") : content);
      return [201, { sha, url: `${repoPath()}/git/blobs/${sha}` }];
    }
    if (key === "GET git/blobs" && rest.length === 3) {
      const sha = param(2);
      if (!isSha(sha) || (await objectType(sha)) !== "blob") throw notFound();
      const blob = (await run(["cat-file", "blob", sha])).raw;
      return [200, { sha, node_id: `B_${sha}`, size: blob.length, url: `${repoPath()}/git/blobs/${sha}`, content: wrapBase64(blob), encoding: "base64" }];
    }

    // Trees
    if (key === "POST git/trees" && rest.length === 2) {
      const tree = body.tree;
      if (!Array.isArray(tree)) throw validation([{ resource: "Tree", field: "tree", code: "missing_field" }]);
      const baseTree = str(body.base_tree);
      let entries = new Map<string, TreeEntry>();
      if (baseTree) {
        const t = await revParse(`${baseTree}^{tree}`);
        if (!t) throw new ApiError(422, "Invalid tree info");
        entries = await readTree(t);
      }
      for (const raw of tree as unknown[]) {
        const e = (raw ?? {}) as Json;
        const p = str(e.path)?.replace(/^\/+|\/+$/g, "");
        const mode = str(e.mode) ?? "100644";
        const type = str(e.type) ?? (mode === "040000" ? "tree" : mode === "160000" ? "commit" : "blob");
        if (!p || !["100644", "100755", "040000", "160000", "120000"].includes(mode)) {
          throw new ApiError(422, "tree.path and tree.mode are required; mode must be one of 100644, 100755, 040000, 160000, 120000");
        }
        if (e.content !== undefined && e.sha !== undefined) throw new ApiError(422, "Only one of tree.sha or tree.content may be given");
        const under = `${p}/`;
        const removeUnder = (): void => {
          for (const k of [...entries.keys()]) if (k === p || k.startsWith(under)) entries.delete(k);
        };
        if (e.sha === null) {
          removeUnder();
          continue;
        }
        if (typeof e.content === "string") {
          removeUnder();
          entries.set(p, { mode, type: "blob", sha: await writeBlob(e.content) });
          continue;
        }
        const sha = str(e.sha);
        if (!isSha(sha)) throw new ApiError(422, "tree.sha is invalid");
        const actual = await objectType(sha);
        if (type !== "commit" && actual !== type) throw new ApiError(422, `tree.sha ${sha} is not a valid ${type}`);
        removeUnder();
        if (type === "tree") {
          for (const [sub, se] of await readTree(sha)) entries.set(`${p}/${sub}`, se);
        } else {
          entries.set(p, { mode, type, sha });
        }
      }
      return [201, await treeJson(await writeTree(entries), false)];
    }
    if (key === "GET git/trees" && rest.length >= 3) {
      const t = await revParse(`${param(2)}^{tree}`);
      if (!t) throw notFound();
      const rec = query.get("recursive");
      return [200, await treeJson(t, rec !== null && rec !== "" && rec !== "0" && rec !== "false")];
    }

    // Commits
    if (key === "POST git/commits" && rest.length === 2) {
      const message = str(body.message);
      const tree = str(body.tree);
      const parents = Array.isArray(body.parents) ? (body.parents as unknown[]) : [];
      if (message === undefined) throw validation([{ resource: "Commit", field: "message", code: "missing_field" }]);
      if (!isSha(tree) || (await objectType(tree)) !== "tree") throw new ApiError(422, "Tree SHA does not exist");
      for (const p of parents) {
        if (!isSha(p) || (await objectType(p)) !== "commit") throw new ApiError(422, "Parent SHA does not exist or is not a commit object");
      }
      const ident = (v: unknown, fallback: GitIdent): GitIdent => {
        const o = (v ?? {}) as Json;
        return { name: str(o.name) ?? fallback.name, email: str(o.email) ?? fallback.email, date: str(o.date) ?? fallback.date };
      };
      const author = ident(body.author, defaultIdent());
      const committer = ident(body.committer, author);
      const sha = await commitTree(tree, parents as string[], message, author, committer);
      return [201, await commitJson(sha)];
    }
    if (key === "GET git/commits" && rest.length === 3) {
      const sha = param(2);
      if (!isSha(sha) || (await objectType(sha)) !== "commit") throw notFound();
      return [200, await commitJson(sha)];
    }

    // Contents
    if (rest[0] === "contents") {
      const p = param(1).replace(/^\/+|\/+$/g, "");
      if (method === "GET") {
        const ref = query.get("ref") ?? (await defaultBranch());
        const commit = await revParse(`${ref}^{commit}`);
        if (!commit) throw new ApiError(404, `No commit found for the ref ${ref}`);
        const obj = await revParse(p ? `${commit}:${p}` : `${commit}^{tree}`);
        if (!obj) throw notFound();
        const type = await objectType(obj);
        if (type === "blob") return [200, await contentJson(p, ref, obj, true)];
        const listing = await treeJson(obj, false);
        const items: Json[] = [];
        for (const e of listing.tree as Json[]) {
          const ep = p ? `${p}/${String(e.path)}` : String(e.path);
          if (e.type === "blob") items.push(await contentJson(ep, ref, String(e.sha), false));
          else items.push({ type: e.type === "tree" ? "dir" : "submodule", name: e.path, path: ep, sha: e.sha, size: 0, url: `${repoPath()}/contents/${ep}?ref=${ref}` });
        }
        return [200, items];
      }
      if (method === "PUT" || method === "DELETE") {
        if (!p) throw notFound();
        const message = str(body.message);
        if (message === undefined) throw new ApiError(422, 'Invalid request.\n\n"message" wasn\'t supplied.');
        const content = str(body.content);
        if (method === "PUT" && content === undefined) throw new ApiError(422, 'Invalid request.\n\n"content" wasn\'t supplied.');
        const branch = str(body.branch) ?? (await defaultBranch());
        const tip = await branchSha(branch);
        const empty = (await out(["for-each-ref", "--count=1", "refs/heads"])) === "";
        if (!tip && !(empty && method === "PUT")) throw new ApiError(404, `Branch ${branch} not found`);
        const entries = await readTree(tip);
        const existing = entries.get(p);
        const given = str(body.sha);
        if (method === "DELETE" && !existing) throw notFound();
        if (existing && given === undefined) throw new ApiError(422, 'Invalid request.\n\n"sha" wasn\'t supplied.');
        if (existing && given !== existing.sha) throw new ApiError(409, `${p} does not match ${given}`);
        let blob: string | null = null;
        if (method === "PUT") {
          blob = await writeBlob(Buffer.from(content ?? "", "base64"));
          entries.set(p, { mode: existing?.mode ?? "100644", type: "blob", sha: blob });
        } else {
          entries.delete(p);
        }
        const ident = (v: unknown): GitIdent | undefined => {
          const o = (v ?? undefined) as Json | undefined;
          const name = str(o?.name);
          const email = str(o?.email);
          return name && email ? { name, email, date: str(o?.date) ?? now() } : undefined;
        };
        const committer = ident(body.committer) ?? defaultIdent();
        const author = ident(body.author) ?? committer;
        const sha = await commitTree(await writeTree(entries), tip ? [tip] : [], message, author, committer);
        if (!(await casRef(`refs/heads/${branch}`, sha, tip))) throw new ApiError(409, `${p} does not match ${given ?? ""}`);
        const commit = await commitJson(sha);
        if (method === "DELETE") return [200, { content: null, commit }];
        return [existing ? 200 : 201, { content: await contentJson(p, branch, blob ?? "", false), commit }];
      }
    }

    // Pull requests
    if (rest[0] === "pulls") {
      if (rest.length === 1 && method === "GET") {
        const state = query.get("state") ?? "open";
        const head = query.get("head");
        const base = query.get("base");
        let list = pulls.filter((p) => state === "all" || p.state === state);
        if (head) {
          const [hOwner, hRef] = head.includes(":") ? head.split(/:(.*)/s, 2) : [owner, head];
          list = hOwner === owner ? list.filter((p) => p.headRef === hRef) : [];
        }
        if (base) list = list.filter((p) => p.baseRef === base);
        const direction = query.get("direction") ?? "desc";
        list = [...list].sort((a, b) => (direction === "asc" ? a.number - b.number : b.number - a.number));
        const perPage = Math.min(100, Number(query.get("per_page") ?? 30) || 30);
        const page = Math.max(1, Number(query.get("page") ?? 1) || 1);
        list = list.slice((page - 1) * perPage, page * perPage);
        return [200, await Promise.all(list.map(prJson))];
      }
      if (rest.length === 1 && method === "POST") {
        const title = str(body.title);
        const headIn = str(body.head);
        const baseRef = str(body.base);
        if (!title) throw validation([{ resource: "PullRequest", field: "title", code: "missing_field" }]);
        if (!headIn) throw validation([{ resource: "PullRequest", field: "head", code: "missing_field" }]);
        if (!baseRef) throw validation([{ resource: "PullRequest", field: "base", code: "missing_field" }]);
        const [hOwner, headRef] = headIn.includes(":") ? headIn.split(/:(.*)/s, 2) : [owner, headIn];
        const headSha = hOwner === owner ? await branchSha(headRef) : null;
        if (!headSha) throw validation([{ resource: "PullRequest", field: "head", code: "invalid" }]);
        const baseSha = await branchSha(baseRef);
        if (!baseSha) throw validation([{ resource: "PullRequest", field: "base", code: "invalid" }]);
        if (pulls.some((p) => p.state === "open" && p.headRef === headRef && p.baseRef === baseRef)) {
          throw validation([{ resource: "PullRequest", code: "custom", message: `A pull request already exists for ${owner}:${headRef}.` }]);
        }
        if (await isAncestor(headSha, baseSha)) {
          throw validation([{ resource: "PullRequest", code: "custom", message: `No commits between ${baseRef} and ${headRef}` }]);
        }
        const t = now();
        const pr: PullRequestRecord = {
          number: pulls.length + 1,
          title,
          body: str(body.body) ?? null,
          state: "open",
          merged: false,
          draft: body.draft === true,
          headRef,
          baseRef,
          headSha,
          baseSha,
          mergeCommitSha: null,
          createdAt: t,
          updatedAt: t,
          closedAt: null,
          mergedAt: null,
          mergedBy: null,
          user: login,
          comments: [],
        };
        pulls.push(pr);
        return [201, await prJson(pr)];
      }
      const n = Number(rest[1]);
      if (!Number.isInteger(n)) throw notFound();
      const pr = findPull(n);
      if (rest.length === 2 && method === "GET") return [200, await prJson(pr)];
      if (rest.length === 2 && method === "PATCH") {
        if (str(body.title) !== undefined) pr.title = str(body.title) ?? pr.title;
        if (body.body !== undefined) pr.body = str(body.body) ?? null;
        if (str(body.base)) {
          if (!(await branchSha(str(body.base) ?? ""))) throw validation([{ resource: "PullRequest", field: "base", code: "invalid" }]);
          pr.baseRef = str(body.base) ?? pr.baseRef;
        }
        if (body.state === "closed") await closePr(pr);
        if (body.state === "open" && pr.state === "closed") {
          if (pr.merged) throw new ApiError(422, "Cannot reopen a merged pull request");
          Object.assign(pr, { state: "open", closedAt: null } satisfies Partial<PullRequestRecord>);
        }
        pr.updatedAt = now();
        return [200, await prJson(pr)];
      }
      if (rest.length === 3 && rest[2] === "merge") {
        if (method === "GET") {
          if (!pr.merged) throw notFound();
          return [204, undefined];
        }
        if (method === "PUT") {
          const m = str(body.merge_method) ?? "merge";
          if (m !== "merge" && m !== "squash" && m !== "rebase") throw validation([{ resource: "PullRequest", field: "merge_method", code: "invalid" }]);
          const sha = await doMerge(pr, { method: m, title: str(body.commit_title), message: str(body.commit_message), sha: str(body.sha), by: login });
          return [200, { sha, merged: true, message: "Pull Request successfully merged" }];
        }
      }
    }

    // Issue comments (on pull requests; this fake has no plain issues)
    if (rest[0] === "issues" && rest.length === 3 && rest[2] === "comments") {
      const pr = findPull(Number(rest[1]));
      if (method === "GET") return [200, pr.comments.map((c) => commentJson(pr, c))];
      if (method === "POST") {
        const text = str(body.body);
        if (!text) throw validation([{ resource: "IssueComment", field: "body", code: "missing_field" }]);
        const c: IssueComment = { id: ++commentId, body: text, user: login, createdAt: now() };
        pr.comments.push(c);
        return [201, commentJson(pr, c)];
      }
    }
    throw notFound();
  }

  const commentJson = (pr: PullRequestRecord, c: IssueComment): Json => ({
    id: c.id,
    node_id: `IC_${c.id}`,
    url: `${repoPath()}/issues/comments/${c.id}`,
    html_url: `${htmlBase}/${owner}/${repo}/pull/${pr.number}#issuecomment-${c.id}`,
    issue_url: `${repoPath()}/issues/${pr.number}`,
    body: c.body,
    user: { login: c.user, type: "User" },
    created_at: c.createdAt,
    updated_at: c.createdAt,
  });

  // One request at a time: keeps ref compare-and-swap and PR numbering simple.
  let chain: Promise<unknown> = Promise.resolve();
  const serialized = <T>(fn: () => Promise<T>): Promise<T> => {
    const p = chain.then(fn);
    chain = p.catch(() => undefined);
    return p;
  };

  const handler: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const entry: GitHubRequestLogEntry = { method: req.method ?? "GET", path: req.url ?? "/", status: 0 };
      requests.push(entry);
      const send = (status: number, payload: unknown): void => {
        entry.status = status;
        const headers: Record<string, string> = {
          "x-github-request-id": randomUUID(),
          "x-github-api-version-selected": "2022-11-28",
          "x-ratelimit-limit": "5000",
          "x-ratelimit-remaining": "4999",
        };
        if (payload === undefined) {
          res.writeHead(status, headers).end();
        } else {
          res.writeHead(status, { ...headers, "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(payload));
        }
      };
      const fail = (e: ApiError): void =>
        send(e.status, { message: e.message, ...(e.errors ? { errors: e.errors } : {}), documentation_url: DOCS, status: String(e.status) });

      void serialized(async () => {
        try {
          const url = new URL(req.url ?? "/", "http://127.0.0.1");
          let p = url.pathname;
          if (prefix) {
            if (!p.startsWith(`${prefix}/`)) throw notFound();
            p = p.slice(prefix.length);
          }
          // Split the raw (still encoded) path so that `heads%2Fmain` stays one segment until decoded by the route.
          const segs = p.split("/").filter(Boolean);

          const auth = req.headers.authorization;
          if (!auth) throw new ApiError(401, "Requires authentication");
          const m = /^(?:token|bearer)\s+(.+)$/i.exec(auth);
          if (!m || m[1].trim() !== token) throw new ApiError(401, "Bad credentials");

          let body: Json = {};
          const text = Buffer.concat(chunks).toString("utf8");
          if (text.trim()) {
            try {
              const parsed: unknown = JSON.parse(text);
              if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) body = parsed as Json;
            } catch {
              throw new ApiError(400, "Problems parsing JSON");
            }
            entry.body = body;
          }
          const [status, payload] = await route(req.method ?? "GET", segs, url.searchParams, body);
          send(status, payload);
        } catch (e) {
          if (e instanceof ApiError) fail(e);
          else if (e instanceof URIError) fail(notFound());
          else {
            entry.status = 500;
            send(500, { message: `fake GitHub: ${(e as Error).message}`, documentation_url: DOCS });
          }
        }
      });
    });
  };
  const server = opts.tls ? https.createServer({ key: opts.tls.keyPem, cert: opts.tls.certPem }, handler) : http.createServer(handler);

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  htmlBase = `${opts.tls ? "https" : "http"}://127.0.0.1:${port}`;
  apiBase = `${htmlBase}${prefix}`;

  return {
    url: apiBase,
    htmlBase,
    owner,
    repo,
    token,
    requests,
    pulls: () => pulls.map((p) => ({ ...p, comments: [...p.comments] })),
    pull: (n) => {
      const p = pulls.find((x) => x.number === n);
      return p ? { ...p, comments: [...p.comments] } : undefined;
    },
    mergePull: (n, o = {}) =>
      serialized(async () => {
        try {
          return await doMerge(findPull(n), { ...o, by: "reviewer" });
        } catch (e) {
          if (e instanceof ApiError) throw new Error(`cannot merge #${n}: ${e.status} ${e.message}`);
          throw e;
        }
      }),
    closePull: (n) => serialized(() => closePr(findPull(n))),
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
