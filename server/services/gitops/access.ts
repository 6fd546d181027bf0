/**
 * Repository access with isomorphic-git: credentials from the encrypted store, an HTTP client that verifies TLS
 * (optionally against the repository's own CA), one cached working copy per repository under
 * `<HFM_DATA_DIR>/git/<repositoryId>` (never a temp folder), and error messages a user can act on.
 *
 * The working copy has no checked-out files: HFM reads blobs and writes blobs/trees/commits directly in the object
 * database, so a working copy is never "dirty" and several fabrics (different directories or branches) share it.
 */
import fs from "node:fs";
import https from "node:https";
import path from "node:path";
import tls from "node:tls";
import git, { Errors, type AuthCallback, type GitHttpRequest, type HttpClient } from "isomorphic-git";
import { request as nodeHttpRequest } from "isomorphic-git/http/node";
import type { GitRepository } from "@/server/db";
import { dataDir } from "@/server/env";
import { registerSecret, redactSecrets } from "@/server/logger";
import { decryptSecret } from "@/server/services/crypto";

export interface RepositoryAccess {
  repositoryId: string;
  url: string;
  /** `host[:port]` of the URL, for messages. */
  host: string;
  http: HttpClient;
  /** `fetch` for the host's API (GitHub): TLS verified against the public roots plus the repository's CA, like `http`. */
  fetch: typeof fetch;
  onAuth?: AuthCallback;
  onAuthFailure: () => { cancel: true };
  /** Working copy folder (its .git holds the objects). */
  dir: string;
  apiUrl: string | null;
  /** Token (token auth) or password (basic auth) for the GitHub API, when there is one. */
  apiToken: string | null;
}

/** Root of the cached working copies: `<HFM_DATA_DIR>/git`. Read at call time (tests point HFM_DATA_DIR elsewhere). */
export function gitWorkRoot(): string {
  const configured = process.env.HFM_DATA_DIR;
  return path.join(configured ? path.resolve(configured) : dataDir(), "git");
}

function httpClient(caCert: string | null): HttpClient {
  if (!caCert) return { request: (req: GitHttpRequest) => nodeHttpRequest(req) };
  // `ca` replaces Node's roots for this agent: keep the public roots too, so a mirror with a public certificate works.
  const agent = new https.Agent({ ca: [...tlsRoots(), caCert] });
  return { request: (req: GitHttpRequest) => nodeHttpRequest(req.url.startsWith("https:") ? { ...req, agent } : req) };
}

/**
 * `fetch` over the repository's HTTP client, so that API calls trust the repository's CA too (Node's own fetch only
 * knows the public roots). Bodies are buffered: API requests and answers are small JSON documents.
 */
function fetchOver(http: HttpClient): typeof fetch {
  return async (input, init) => {
    const req = new Request(input, init);
    const bytes = req.body ? new Uint8Array(await req.arrayBuffer()) : undefined;
    const body = bytes && (async function* () { yield bytes; })();
    const res = await http.request({ url: req.url, method: req.method, headers: Object.fromEntries(req.headers), body });
    const chunks: Uint8Array[] = [];
    if (res.body) for await (const chunk of res.body) chunks.push(chunk);
    const headers = new Headers();
    for (const [k, v] of Object.entries(res.headers ?? {})) headers.set(k, v);
    const noBody = req.method === "HEAD" || res.statusCode === 204 || res.statusCode === 304;
    return new Response(noBody ? null : Buffer.concat(chunks), { status: res.statusCode, statusText: res.statusMessage, headers });
  };
}

function tlsRoots(): string[] {
  return [...tls.rootCertificates];
}

/** Builds the access (decrypted credentials, HTTP client, working-copy folder) for a repository row. */
export function repositoryAccess(repo: GitRepository): RepositoryAccess {
  let username: string | null = null;
  let secret: string | null = null;
  if (repo.authType === "basic") {
    username = repo.username ?? "";
    secret = repo.passwordEncrypted ? decryptSecret(repo.passwordEncrypted) : "";
  } else if (repo.authType === "token") {
    // Git hosts take a token as the Basic password; GitHub ignores the username, GitLab wants "oauth2".
    username = repo.username || "x-access-token";
    secret = repo.tokenEncrypted ? decryptSecret(repo.tokenEncrypted) : "";
  }
  registerSecret(secret);
  const http = httpClient(repo.caCert);
  const onAuth: AuthCallback | undefined = username !== null ? () => ({ username: username ?? "", password: secret ?? "" }) : undefined;
  return {
    repositoryId: repo.id,
    url: repo.url,
    host: hostOf(repo.url),
    http,
    fetch: repo.caCert ? fetchOver(http) : fetch,
    onAuth,
    // Never retry with the same credentials (isomorphic-git would loop): fail with a clear message instead.
    onAuthFailure: () => ({ cancel: true }),
    dir: path.join(gitWorkRoot(), repo.id),
    apiUrl: repo.apiUrl,
    apiToken: secret,
  };
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

// ───────────── errors in words a user can act on ─────────────

const NETWORK_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "ETIMEDOUT", "ECONNRESET", "EAI_AGAIN", "EPIPE", "ECONNABORTED"]);
const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_|ERR_TLS|DEPTH_ZERO|SSL/;

export class GitAccessError extends Error {
  constructor(
    message: string,
    readonly reason: "auth" | "unreachable" | "tls" | "branch" | "not-found" | "rejected" | "other",
    readonly detail?: string,
  ) {
    super(message);
    this.name = "GitAccessError";
  }
}

function errCode(e: unknown): string | undefined {
  const o = e as { code?: unknown; cause?: { code?: unknown }; errno?: unknown } | null;
  if (!o) return undefined;
  if (typeof o.code === "string" && o.code !== "HttpError" && !/Error$/.test(o.code)) return o.code;
  if (o.cause && typeof o.cause.code === "string") return o.cause.code;
  return undefined;
}

/** Translates an isomorphic-git / network error into the messages of the GitOps issue. */
export function describeGitError(e: unknown, url: string): GitAccessError {
  if (e instanceof GitAccessError) return e;
  const host = hostOf(url);
  const raw = redactSecrets(e instanceof Error ? e.message : String(e));
  if (e instanceof Errors.UserCanceledError) {
    return new GitAccessError(`authentication failed for ${url} — check the username/token`, "auth", raw);
  }
  if (e instanceof Errors.HttpError) {
    const status = e.data.statusCode;
    if (status === 401 || status === 403) return new GitAccessError(`authentication failed for ${url} — check the username/token`, "auth", raw);
    if (status === 404) return new GitAccessError(`repository not found at ${url} — check the URL and that the credentials may read it`, "not-found", raw);
    return new GitAccessError(`the Git server at ${host} answered HTTP ${status} ${e.data.statusMessage} — try again later or check the URL`, "other", raw);
  }
  const code = errCode(e);
  if (code && NETWORK_CODES.has(code)) return new GitAccessError(`cannot reach ${host}`, "unreachable", `${code}: ${raw}`);
  if ((code && TLS_CODES.test(code)) || /certificate|self[- ]signed/i.test(raw)) {
    return new GitAccessError(
      `the TLS certificate of ${host} is not trusted (${code ?? raw}) — add the server's CA certificate to the repository settings`,
      "tls",
      raw,
    );
  }
  if (e instanceof Errors.SmartHttpError || e instanceof Errors.UnknownTransportError || e instanceof Errors.UrlParseError) {
    return new GitAccessError(`${url} does not answer like a Git server (${raw}) — check the URL`, "other", raw);
  }
  return new GitAccessError(`Git operation on ${url} failed: ${raw}`, "other", raw);
}

// ───────────── remote refs ─────────────

/** Lists the remote's branches with the credentials: `{branch → sha}`. Contacts the server for real. */
export async function listRemoteBranches(access: RepositoryAccess): Promise<Map<string, string>> {
  try {
    const refs = await git.listServerRefs({
      http: access.http,
      url: access.url,
      onAuth: access.onAuth,
      onAuthFailure: access.onAuthFailure,
      prefix: "refs/heads/",
      protocolVersion: 2,
    });
    return new Map(refs.map((r) => [r.ref.replace(/^refs\/heads\//, ""), r.oid]));
  } catch (e) {
    throw describeGitError(e, access.url);
  }
}

// ───────────── working copy ─────────────

/** Creates the working copy on first use and points its `origin` at the repository URL. */
export async function openWorkingCopy(access: RepositoryAccess): Promise<string> {
  const { dir } = access;
  if (!fs.existsSync(path.join(dir, ".git", "config"))) {
    await fs.promises.mkdir(dir, { recursive: true });
    await git.init({ fs, dir, defaultBranch: "main" });
  }
  const current = await git.getConfig({ fs, dir, path: "remote.origin.url" }).catch(() => undefined);
  if (current !== access.url) await git.addRemote({ fs, dir, remote: "origin", url: access.url, force: true });
  return dir;
}

/**
 * Fetches `branch` and fast-forwards the local branch to it. Returns the remote head commit. Throws a
 * GitAccessError "branch <b> not found" when the remote has no such branch.
 */
export async function fetchBranch(access: RepositoryAccess, branch: string): Promise<string> {
  const dir = await openWorkingCopy(access);
  let head: string | null = null;
  try {
    const res = await git.fetch({
      fs,
      http: access.http,
      dir,
      remote: "origin",
      ref: branch,
      singleBranch: true,
      tags: false,
      onAuth: access.onAuth,
      onAuthFailure: access.onAuthFailure,
    });
    head = res.fetchHead;
  } catch (e) {
    if (e instanceof Errors.NotFoundError || (e instanceof Errors.NoRefspecError)) {
      throw new GitAccessError(`branch ${branch} not found`, "branch", (e as Error).message);
    }
    throw describeGitError(e, access.url);
  }
  if (!head) throw new GitAccessError(`branch ${branch} not found`, "branch");
  await git.writeRef({ fs, dir, ref: `refs/heads/${branch}`, value: head, force: true });
  await git.writeRef({ fs, dir, ref: `refs/remotes/origin/${branch}`, value: head, force: true });
  return head;
}

export interface PushOutcome {
  ok: boolean;
  /** "not-fast-forward" when the remote moved; "rejected" when the server declined (hook, protection). */
  rejected?: "not-fast-forward" | "rejected";
  /** What the server said (pre-receive hook output, ref status). */
  message?: string;
}

/**
 * Pushes a commit to `remoteBranch` (creating it when new). Never force-pushes a shared branch; `force` is only for
 * HFM's own pull-request branches (a re-submit replaces the branch's single commit).
 */
export async function pushCommit(access: RepositoryAccess, commit: string, remoteBranch: string, opts: { force?: boolean } = {}): Promise<PushOutcome> {
  const dir = await openWorkingCopy(access);
  const localRef = `refs/heads/hfm-push/${remoteBranch}`;
  await git.writeRef({ fs, dir, ref: localRef, value: commit, force: true });
  const messages: string[] = [];
  try {
    const res = await git.push({
      fs,
      http: access.http,
      dir,
      remote: "origin",
      ref: localRef,
      remoteRef: `refs/heads/${remoteBranch}`,
      force: opts.force ?? false,
      onAuth: access.onAuth,
      onAuthFailure: access.onAuthFailure,
      onMessage: (m) => void messages.push(m),
    });
    if (!res.ok) {
      const status = Object.values(res.refs ?? {}).map((r) => r.error).filter(Boolean).join("; ");
      return { ok: false, rejected: "rejected", message: serverMessage(messages, status || res.error || "the server declined the push") };
    }
    await git.writeRef({ fs, dir, ref: `refs/remotes/origin/${remoteBranch}`, value: commit, force: true });
    return { ok: true };
  } catch (e) {
    if (e instanceof Errors.PushRejectedError) return { ok: false, rejected: "not-fast-forward", message: e.message };
    if (e instanceof Errors.GitPushError) {
      return { ok: false, rejected: "rejected", message: serverMessage(messages, e.message) };
    }
    throw describeGitError(e, access.url);
  } finally {
    await git.deleteRef({ fs, dir, ref: localRef }).catch(() => undefined);
  }
}

function serverMessage(messages: string[], fallback: string): string {
  const text = messages
    .join("")
    .split(/\r?\n/)
    .map((l) => l.replace(/^remote:\s?/, "").trim())
    .filter((l) => l && !/^(Counting|Compressing|Writing|Total|Resolving|Delta)/.test(l))
    .join("\n");
  return redactSecrets(text ? `${text}${fallback ? ` (${fallback})` : ""}` : fallback);
}
