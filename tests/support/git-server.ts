// A real Git smart-HTTP server for tests: Debian git's `git http-backend` run as a CGI behind Node `http`/`https`
// on 127.0.0.1, with Basic auth. Clients (isomorphic-git, the git CLI) talk to it exactly as to a hosted Git server.
// Helpers on the handle create bare repositories and move them "from outside" (another engineer's push) with the
// git CLI, so tests can check what HFM pushed and can make HFM's copy stale.
//
// Needs the `git` CLI (Debian package `git`); the CGI path can be overridden with the env GIT_HTTP_BACKEND.
import { spawn } from "node:child_process";
import { chmod, mkdir, mkdtemp, readFile, rm, unlink, writeFile } from "node:fs/promises";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

export interface GitServerOptions {
  /** username → password for Basic auth. Default `{ "hfm-bot": "hfm-bot-password" }`. */
  users?: Record<string, string>;
  /**
   * Access tokens accepted as the Basic password with any username (GitHub style `x-access-token:<token>`)
   * or as `Authorization: Bearer <token>`. Default none.
   */
  tokens?: string[];
  /** Serve HTTPS with a server certificate signed by a CA made for this server (returned as `caPem`). */
  tls?: boolean;
}

export interface CreateRepoOptions {
  /** Initial branch, also the bare repository's HEAD. Default "main". */
  branch?: string;
  /** Files of the initial commit. Default `{ "README.md": "# <name>\n" }`. */
  files?: Record<string, string>;
  /** Message of the initial commit. Default "Initial commit". */
  message?: string;
  /** Create the bare repository without any commit (HEAD points at the unborn `branch`). */
  empty?: boolean;
  /** Allow clone/fetch without credentials. Pushes always need credentials. */
  anonymousRead?: boolean;
}

export interface GitPerson {
  name: string;
  email: string;
}

export interface CommitFilesOptions {
  /** Branch to move; created (from `from`, or the default branch) when it does not exist. */
  branch: string;
  /** path → new content, or null to delete the file. */
  files: Record<string, string | null>;
  message: string;
  author?: GitPerson;
  /** Start point of a new branch (branch name or sha). Default: the repository's default branch. */
  from?: string;
}

export interface GitLogEntry {
  sha: string;
  parents: string[];
  message: string;
  author: GitPerson;
  committer: GitPerson;
  /** Paths changed against the first parent (all files for a root commit). */
  files: string[];
}

export interface GitRequestLogEntry {
  method: string;
  /** URL path and query, e.g. `/envs.git/info/refs?service=git-upload-pack`. */
  path: string;
  /** Authenticated user, or null for anonymous requests. */
  user: string | null;
  status: number;
}

export interface GitResult {
  code: number;
  stdout: string;
  /** stdout as bytes (blob contents). */
  raw: Buffer;
  stderr: string;
}

export interface GitServerHandle {
  /** `http://127.0.0.1:PORT` (or `https://`). */
  baseUrl: string;
  /** PEM of the CA that signed the HTTPS certificate (only with `tls: true`). */
  caPem?: string;
  /** Temp directory holding the bare repositories (removed by `close()`). */
  root: string;
  users: Record<string, string>;
  /** Clone URL of a repository, e.g. `http://127.0.0.1:PORT/envs.git`. */
  url(repo: string): string;
  /** Path of the bare repository on disk. */
  gitDir(repo: string): string;
  createRepo(name: string, opts?: CreateRepoOptions): Promise<{ url: string; head: string | null }>;
  /** Commits on the server side, as if someone else pushed. Returns the new commit sha. */
  commitFiles(repo: string, opts: CommitFilesOptions): Promise<string>;
  /** Content of a file at a ref (branch, tag or sha), or null when the ref or the file does not exist. */
  readFile(repo: string, ref: string, filePath: string): Promise<string | null>;
  /** Commits reachable from ref, newest first. */
  log(repo: string, ref: string): Promise<GitLogEntry[]>;
  /** Files (recursive) at ref, optionally under dir. */
  listFiles(repo: string, ref: string, dir?: string): Promise<string[]>;
  /** Branch names (without refs/heads/). */
  branches(repo: string): Promise<string[]>;
  /** Sha a ref resolves to, or null. */
  resolveRef(repo: string, ref: string): Promise<string | null>;
  /** Name of the branch HEAD points at. */
  defaultBranch(repo: string): Promise<string>;
  /** Installs a pre-receive hook that prints `message` and declines every push. */
  rejectPushes(repo: string, message: string): Promise<void>;
  /** Removes the hook installed by `rejectPushes`. */
  acceptPushes(repo: string): Promise<void>;
  /** Lets clone/fetch run without credentials (or not). */
  setAnonymousRead(repo: string, allowed: boolean): void;
  /** Runs the git CLI in the bare repository (used by the GitHub API fake). */
  git(repo: string, args: string[], opts?: { input?: string | Buffer; env?: Record<string, string> }): Promise<GitResult>;
  /** Every HTTP request the server answered, in order. */
  requests: GitRequestLogEntry[];
  close(): Promise<void>;
}

const DEFAULT_USERS: Record<string, string> = { "hfm-bot": "hfm-bot-password" };
export const DEFAULT_AUTHOR: GitPerson = { name: "Outside Engineer", email: "outside@example.com" };

const HTTP_BACKEND = process.env.GIT_HTTP_BACKEND ?? "/usr/lib/git-core/git-http-backend";

/** Environment that keeps the user's/system git config out of the test. */
export function isolatedGitEnv(home: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    HOME: home,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_TERMINAL_PROMPT: "0",
    LANG: "C",
    LC_ALL: "C",
  };
}

/** Runs the git CLI and collects its output. Never throws on a non-zero exit; see `gitOk`. */
export function runGit(
  args: string[],
  opts: { cwd: string; env: Record<string, string>; input?: string | Buffer },
): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, { cwd: opts.cwd, env: opts.env as NodeJS.ProcessEnv, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    child.on("error", reject);
    child.on("close", (code) => {
      const raw = Buffer.concat(out);
      resolve({ code: code ?? -1, stdout: raw.toString("utf8"), raw, stderr: Buffer.concat(err).toString("utf8") });
    });
    child.stdin.on("error", () => undefined);
    child.stdin.end(opts.input ?? "");
  });
}

export function gitOk(r: GitResult, what: string): string {
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}): ${r.stderr.trim() || r.stdout.trim()}`);
  return r.stdout;
}

function run(cmd: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
    const err: Buffer[] = [];
    child.stderr.on("data", (c: Buffer) => err.push(c));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} → ${code}: ${Buffer.concat(err).toString()}`)),
    );
  });
}

/** Makes a CA and a server certificate for 127.0.0.1/localhost with Debian's openssl CLI. */
export async function makeTestCertificates(dir: string): Promise<{ caPem: string; keyPem: string; certPem: string }> {
  await mkdir(dir, { recursive: true });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  await run("openssl", ["req", "-x509", ...ec, "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=HFM test CA"], dir);
  await run("openssl", ["req", ...ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1"], dir);
  await writeFile(
    path.join(dir, "ext.cnf"),
    "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
  );
  await run(
    "openssl",
    ["x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", "ext.cnf"],
    dir,
  );
  const [caPem, keyPem, certPem] = await Promise.all(
    ["ca.crt", "server.key", "server.crt"].map((f) => readFile(path.join(dir, f), "utf8")),
  );
  return { caPem, keyPem, certPem };
}

function repoDirName(repo: string): string {
  const name = repo.replace(/^\/+|\/+$/g, "").replace(/\.git$/, "");
  if (!name || name.split("/").some((s) => s === "" || s === "." || s === "..")) throw new Error(`bad repository name "${repo}"`);
  return `${name}.git`;
}

/** Parses `Authorization` into a user name, or null when missing/wrong. */
function authenticate(header: string | undefined, users: Record<string, string>, tokens: Set<string>): string | null {
  if (!header) return null;
  const [scheme, value = ""] = header.split(" ", 2);
  if (/^bearer$/i.test(scheme)) return tokens.has(value.trim()) ? "token" : null;
  if (!/^basic$/i.test(scheme)) return null;
  const decoded = Buffer.from(value.trim(), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  const user = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  if (Object.prototype.hasOwnProperty.call(users, user) && users[user] === password) return user;
  if (tokens.has(password)) return user || "token";
  return null;
}

function isWriteRequest(pathname: string, query: URLSearchParams): boolean {
  return pathname.endsWith("/git-receive-pack") || (pathname.endsWith("/info/refs") && query.get("service") === "git-receive-pack");
}

/** Repository part of a smart-HTTP path: `/team/envs.git/info/refs` → `team/envs.git`. */
function repoOfPath(pathname: string): string | null {
  const m = /^\/(.+?\.git)(?:\/|$)/.exec(pathname);
  return m ? m[1] : null;
}

export async function startGitServer(opts: GitServerOptions = {}): Promise<GitServerHandle> {
  const users = { ...(opts.users ?? DEFAULT_USERS) };
  const tokens = new Set(opts.tokens ?? []);
  const root = await mkdtemp(path.join(os.tmpdir(), "hfm-git-server-"));
  const reposRoot = path.join(root, "repos");
  const home = path.join(root, "home");
  await mkdir(reposRoot, { recursive: true });
  await mkdir(home, { recursive: true });
  const baseEnv = isolatedGitEnv(home);
  const anonymousRead = new Set<string>();
  const requests: GitRequestLogEntry[] = [];
  let commitCounter = 0;

  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const pathname = decodeURIComponent(url.pathname);
    const user = authenticate(req.headers.authorization, users, tokens);
    const entry: GitRequestLogEntry = { method: req.method ?? "GET", path: `${url.pathname}${url.search}`, user, status: 0 };
    requests.push(entry);
    res.on("finish", () => {
      entry.status = res.statusCode;
    });

    const repo = repoOfPath(pathname);
    if (!repo || pathname.includes("/../")) {
      res.writeHead(404, { "content-type": "text/plain" }).end("Repository not found\n");
      return;
    }
    const needsAuth = isWriteRequest(pathname, url.searchParams) || !anonymousRead.has(repo);
    if (needsAuth && !user) {
      req.resume();
      res.writeHead(401, { "www-authenticate": 'Basic realm="git"', "content-type": "text/plain" }).end("Authentication required\n");
      return;
    }

    const env: Record<string, string> = {
      ...baseEnv,
      GIT_PROJECT_ROOT: reposRoot,
      GIT_HTTP_EXPORT_ALL: "1",
      REQUEST_METHOD: req.method ?? "GET",
      PATH_INFO: pathname,
      QUERY_STRING: url.search.replace(/^\?/, ""),
      CONTENT_TYPE: req.headers["content-type"] ?? "",
      REMOTE_ADDR: req.socket.remoteAddress ?? "127.0.0.1",
    };
    // REMOTE_USER makes http-backend enable receive-pack; anonymous readers never get it.
    if (user) env.REMOTE_USER = user;
    if (req.headers["content-encoding"]) env.HTTP_CONTENT_ENCODING = req.headers["content-encoding"];
    if (req.headers["content-length"]) env.CONTENT_LENGTH = req.headers["content-length"];
    const gitProtocol = req.headers["git-protocol"];
    if (typeof gitProtocol === "string") env.GIT_PROTOCOL = gitProtocol;

    const child = spawn(HTTP_BACKEND, [], { env: env as NodeJS.ProcessEnv, stdio: ["pipe", "pipe", "pipe"] });
    const stderr: Buffer[] = [];
    child.stderr.on("data", (c: Buffer) => stderr.push(c));
    child.stdin.on("error", () => undefined);
    req.pipe(child.stdin);

    let head = Buffer.alloc(0);
    let headersDone = false;
    const onData = (chunk: Buffer): void => {
      if (headersDone) return;
      head = Buffer.concat([head, chunk]);
      let end = head.indexOf("\r\n\r\n");
      let sepLen = 4;
      if (end < 0) {
        end = head.indexOf("\n\n");
        sepLen = 2;
      }
      if (end < 0) return;
      headersDone = true;
      child.stdout.off("data", onData);
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of head.subarray(0, end).toString("latin1").split(/\r?\n/)) {
        const i = line.indexOf(":");
        if (i < 0) continue;
        const name = line.slice(0, i).trim();
        const value = line.slice(i + 1).trim();
        if (name.toLowerCase() === "status") status = Number.parseInt(value, 10) || 500;
        else headers[name] = value;
      }
      res.writeHead(status, headers);
      const rest = head.subarray(end + sepLen);
      if (rest.length) res.write(rest);
      child.stdout.pipe(res);
    };
    child.stdout.on("data", onData);
    child.on("error", (e) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" }).end(`git http-backend: ${e.message}\n`);
    });
    child.on("close", (code) => {
      if (!headersDone && !res.headersSent) {
        res
          .writeHead(500, { "content-type": "text/plain" })
          .end(`git http-backend exited ${code}: ${Buffer.concat(stderr).toString()}\n`);
      }
    });
  };

  let caPem: string | undefined;
  let server: http.Server | https.Server;
  if (opts.tls) {
    const certs = await makeTestCertificates(path.join(root, "tls"));
    caPem = certs.caPem;
    server = https.createServer({ key: certs.keyPem, cert: certs.certPem }, handler);
  } else {
    server = http.createServer(handler);
  }
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `${opts.tls ? "https" : "http"}://127.0.0.1:${port}`;

  const gitDir = (repo: string): string => path.join(reposRoot, repoDirName(repo));
  const git: GitServerHandle["git"] = (repo, args, o = {}) =>
    runGit(args, { cwd: gitDir(repo), env: { ...baseEnv, GIT_DIR: gitDir(repo), ...(o.env ?? {}) }, input: o.input });

  /** Fixed, increasing dates so runs are reproducible but commits stay distinct. */
  const personEnv = (author: GitPerson): Record<string, string> => {
    const date = `${1767225600 + commitCounter++ * 60} +0000`; // 2026-01-01T00:00:00Z + n minutes
    return {
      GIT_AUTHOR_NAME: author.name,
      GIT_AUTHOR_EMAIL: author.email,
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_NAME: author.name,
      GIT_COMMITTER_EMAIL: author.email,
      GIT_COMMITTER_DATE: date,
    };
  };

  const resolveRef = async (repo: string, ref: string): Promise<string | null> => {
    const r = await git(repo, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
    return r.code === 0 ? r.stdout.trim() : null;
  };

  const defaultBranch = async (repo: string): Promise<string> =>
    gitOk(await git(repo, ["symbolic-ref", "--short", "HEAD"]), "symbolic-ref").trim();

  const handle: GitServerHandle = {
    baseUrl,
    caPem,
    root,
    users,
    requests,
    url: (repo) => `${baseUrl}/${repoDirName(repo)}`,
    gitDir,
    git,
    resolveRef,
    defaultBranch,

    async createRepo(name, o = {}) {
      const branch = o.branch ?? "main";
      const dir = gitDir(name);
      await mkdir(path.dirname(dir), { recursive: true });
      gitOk(await runGit(["init", "--bare", "--quiet", `--initial-branch=${branch}`, dir], { cwd: root, env: baseEnv }), "git init --bare");
      // This server does its own auth check before any push reaches the backend.
      gitOk(await git(name, ["config", "http.receivepack", "true"]), "git config");
      if (o.anonymousRead) anonymousRead.add(repoDirName(name));
      if (o.empty) return { url: handle.url(name), head: null };

      // Initial commit made the ordinary way: a work tree, add, commit, push to the bare repository.
      const work = await mkdtemp(path.join(root, "work-"));
      try {
        const env = { ...baseEnv, ...personEnv(DEFAULT_AUTHOR) };
        const files = o.files ?? { "README.md": `# ${name}\n` };
        gitOk(await runGit(["init", "--quiet", "-b", branch], { cwd: work, env }), "git init");
        for (const [p, content] of Object.entries(files)) {
          const file = path.join(work, p);
          await mkdir(path.dirname(file), { recursive: true });
          await writeFile(file, content);
        }
        gitOk(await runGit(["add", "-A"], { cwd: work, env }), "git add");
        gitOk(
          await runGit(["commit", "--quiet", "--allow-empty", "-m", o.message ?? "Initial commit"], { cwd: work, env }),
          "git commit",
        );
        gitOk(await runGit(["push", "--quiet", dir, `HEAD:refs/heads/${branch}`], { cwd: work, env }), "git push");
      } finally {
        await rm(work, { recursive: true, force: true });
      }
      return { url: handle.url(name), head: await resolveRef(name, `refs/heads/${branch}`) };
    },

    async commitFiles(repo, o) {
      const ref = `refs/heads/${o.branch}`;
      const old = await resolveRef(repo, ref);
      const parent = old ?? (await resolveRef(repo, o.from ?? (await defaultBranch(repo))));
      const index = path.join(root, `index-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
      const env = { GIT_INDEX_FILE: index };
      try {
        gitOk(await git(repo, parent ? ["read-tree", parent] : ["read-tree", "--empty"], { env }), "read-tree");
        const lines: string[] = [];
        for (const [p, content] of Object.entries(o.files)) {
          if (content === null) {
            lines.push(`0 ${"0".repeat(40)}\t${p}`);
          } else {
            const sha = gitOk(await git(repo, ["hash-object", "-w", "--stdin"], { input: content }), "hash-object").trim();
            lines.push(`100644 ${sha}\t${p}`);
          }
        }
        gitOk(await git(repo, ["update-index", "--index-info"], { env, input: lines.join("\n") + "\n" }), "update-index");
        const tree = gitOk(await git(repo, ["write-tree"], { env }), "write-tree").trim();
        const commit = gitOk(
          await git(repo, ["commit-tree", tree, ...(parent ? ["-p", parent] : []), "-m", o.message], {
            env: personEnv(o.author ?? DEFAULT_AUTHOR),
          }),
          "commit-tree",
        ).trim();
        gitOk(await git(repo, ["update-ref", ref, commit, old ?? ""]), "update-ref");
        return commit;
      } finally {
        await rm(index, { force: true });
      }
    },

    async readFile(repo, ref, filePath) {
      const r = await git(repo, ["cat-file", "blob", `${ref}:${filePath.replace(/^\/+/, "")}`]);
      return r.code === 0 ? r.stdout : null;
    },

    async log(repo, ref) {
      const list = await git(repo, ["rev-list", ref]);
      if (list.code !== 0) return [];
      const shas = list.stdout.split("\n").filter(Boolean);
      const entries: GitLogEntry[] = [];
      for (const sha of shas) {
        const show = gitOk(await git(repo, ["show", "-s", "--format=%P%x00%an%x00%ae%x00%cn%x00%ce%x00%B", sha]), "show");
        const [parentsLine, an, ae, cn, ce, ...body] = show.split("\0");
        const parents = parentsLine.split(" ").filter(Boolean);
        const diff =
          parents.length === 0
            ? await git(repo, ["diff-tree", "--root", "-r", "--name-only", "--no-commit-id", sha])
            : await git(repo, ["diff", "--name-only", parents[0], sha]);
        entries.push({
          sha,
          parents,
          message: body.join("\0").replace(/\n+$/, ""),
          author: { name: an, email: ae },
          committer: { name: cn, email: ce },
          files: gitOk(diff, "diff").split("\n").filter(Boolean),
        });
      }
      return entries;
    },

    async listFiles(repo, ref, dir) {
      const args = ["ls-tree", "-r", "--name-only", "--full-tree", ref];
      if (dir) args.push("--", dir.replace(/^\/+|\/+$/g, ""));
      const r = await git(repo, args);
      return r.code === 0 ? r.stdout.split("\n").filter(Boolean) : [];
    },

    async branches(repo) {
      const r = gitOk(await git(repo, ["for-each-ref", "--format=%(refname:short)", "refs/heads"]), "for-each-ref");
      return r.split("\n").filter(Boolean);
    },

    async rejectPushes(repo, message) {
      const hook = path.join(gitDir(repo), "hooks", "pre-receive");
      await mkdir(path.dirname(hook), { recursive: true });
      const quoted = message.replace(/'/g, `'\\''`);
      await writeFile(hook, `#!/bin/sh\ncat >/dev/null\nprintf '%s\\n' '${quoted}' >&2\nexit 1\n`);
      await chmod(hook, 0o755);
    },

    async acceptPushes(repo) {
      await unlink(path.join(gitDir(repo), "hooks", "pre-receive")).catch(() => undefined);
    },

    setAnonymousRead(repo, allowed) {
      if (allowed) anonymousRead.add(repoDirName(repo));
      else anonymousRead.delete(repoDirName(repo));
    },

    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await rm(root, { recursive: true, force: true });
    },
  };
  return handle;
}
