// The Git and GitHub test servers, exercised with the real clients HFM uses (isomorphic-git, @octokit/rest).
// No database needed.
import fs from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import { Octokit } from "@octokit/rest";
import git, { Errors, type GitHttpRequest, type HttpClient } from "isomorphic-git";
import http, { request as nodeGitRequest } from "isomorphic-git/http/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mixedLayout, objectsIn, sampleFiles, samplesAvailable } from "../support/git-fixtures";
import { startGitServer, type GitServerHandle } from "../support/git-server";
import { startGitHubApi, type GitHubApiHandle } from "../support/github-api";

const USER = "hfm-bot";
const PASSWORD = "hfm-bot-password";
const onAuth = () => ({ username: USER, password: PASSWORD });
const author = { name: "HFM", email: "hfm@example.com" };

/**
 * How HFM should reach a Git server whose certificate is signed by a custom CA. isomorphic-git's clone/fetch/push
 * take no agent or TLS option, but its Node client (`isomorphic-git/http/node`, simple-get → https.request) forwards
 * a per-request `agent`. So wrap that client and add an `https.Agent({ ca })` to every https: request (never to
 * http: ones: an https.Agent there throws). `ca` replaces Node's built-in roots for that agent; when the same client
 * must also reach publicly signed hosts, pass `ca: [...tls.rootCertificates, customPem]`.
 */
function httpWithCa(caPem: string): HttpClient {
  const agent = new https.Agent({ ca: caPem });
  return {
    request: (req: GitHttpRequest) => nodeGitRequest(req.url.startsWith("https:") ? { ...req, agent } : req),
  };
}

const tmpDirs: string[] = [];
async function tmp(prefix: string): Promise<string> {
  const d = await mkdtemp(path.join(os.tmpdir(), `hfm-git-test-${prefix}-`));
  tmpDirs.push(d);
  return d;
}

afterAll(async () => {
  await Promise.all(tmpDirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function cloneRepo(url: string, opts: { ref?: string; httpClient?: HttpClient } = {}): Promise<string> {
  const dir = await tmp("clone");
  await git.clone({ fs, http: opts.httpClient ?? http, dir, url, ref: opts.ref ?? "main", singleBranch: true, onAuth });
  return dir;
}

async function caught(p: Promise<unknown>): Promise<Error & { code?: string; data?: unknown; status?: number }> {
  try {
    await p;
  } catch (e) {
    return e as Error & { code?: string; data?: unknown; status?: number };
  }
  throw new Error("expected a rejection");
}

describe("git server (git http-backend behind Node http)", () => {
  let server: GitServerHandle;

  beforeAll(async () => {
    server = await startGitServer({ tokens: ["ghs_installation_token"] });
    await server.createRepo("envs", { files: { "fabric/wiring.yaml": "kind: Connection\n", "README.md": "# envs\n" } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("clones, commits and pushes with isomorphic-git; the bare repository has the commit", async () => {
    const dir = await cloneRepo(server.url("envs"));
    expect(await readFile(path.join(dir, "fabric/wiring.yaml"), "utf8")).toBe("kind: Connection\n");

    await writeFile(path.join(dir, "fabric/wiring.yaml"), "kind: Connection # changed\n");
    await fs.promises.mkdir(path.join(dir, "envs"), { recursive: true });
    await writeFile(path.join(dir, "envs/dev.yaml"), "kind: VPC\n");
    await git.add({ fs, dir, filepath: "fabric/wiring.yaml" });
    await git.add({ fs, dir, filepath: "envs/dev.yaml" });
    await git.remove({ fs, dir, filepath: "README.md" });
    await fs.promises.unlink(path.join(dir, "README.md"));
    const sha = await git.commit({ fs, dir, message: "HFM: update dev", author });
    const res = await git.push({ fs, http, dir, remote: "origin", ref: "main", onAuth });
    expect(res.ok).toBe(true);

    const [top] = await server.log("envs", "main");
    expect(top.sha).toBe(sha);
    expect(top.message).toBe("HFM: update dev");
    expect(top.author).toEqual(author);
    expect(top.files.sort()).toEqual(["README.md", "envs/dev.yaml", "fabric/wiring.yaml"]);
    expect(await server.readFile("envs", "main", "envs/dev.yaml")).toBe("kind: VPC\n");
    expect(await server.readFile("envs", "main", "README.md")).toBeNull();
    expect(await server.listFiles("envs", "main")).toEqual(["envs/dev.yaml", "fabric/wiring.yaml"]);
    expect(await server.listFiles("envs", "main", "envs")).toEqual(["envs/dev.yaml"]);

    const pushes = server.requests.filter((r) => r.method === "POST" && r.path.endsWith("/git-receive-pack"));
    expect(pushes.at(-1)).toMatchObject({ user: USER, status: 200 });
  });

  it("pushes a new branch and fetches a change made outside", async () => {
    const dir = await cloneRepo(server.url("envs"));
    await git.branch({ fs, dir, ref: "hfm/feature", checkout: true });
    await writeFile(path.join(dir, "feature.yaml"), "a: 1\n");
    await git.add({ fs, dir, filepath: "feature.yaml" });
    await git.commit({ fs, dir, message: "feature", author });
    await git.push({ fs, http, dir, remote: "origin", ref: "hfm/feature", onAuth });
    expect((await server.branches("envs")).sort()).toEqual(["hfm/feature", "main"]);

    const outside = await server.commitFiles("envs", {
      branch: "main",
      files: { "envs/prod.yaml": "kind: VPC\n", "fabric/wiring.yaml": null },
      message: "Someone else",
    });
    await git.fetch({ fs, http, dir, remote: "origin", ref: "main", singleBranch: true, onAuth });
    expect(await git.resolveRef({ fs, dir, ref: "refs/remotes/origin/main" })).toBe(outside);
    const [top] = await server.log("envs", "main");
    expect(top).toMatchObject({ sha: outside, message: "Someone else", author: { name: "Outside Engineer" } });
    expect(top.files.sort()).toEqual(["envs/prod.yaml", "fabric/wiring.yaml"]);
  });

  it("answers a wrong password with 401 (HttpError) and asks for Basic auth", async () => {
    const dir = await tmp("badauth");
    const err = await caught(
      git.clone({ fs, http, dir, url: server.url("envs"), onAuth: () => ({ username: USER, password: "wrong" }) }),
    );
    expect(err).toBeInstanceOf(Errors.HttpError);
    expect((err.data as { statusCode: number }).statusCode).toBe(401);
    const anon = await caught(git.clone({ fs, http, dir: await tmp("anon"), url: server.url("envs") }));
    expect(anon).toBeInstanceOf(Errors.HttpError);

    const raw = await fetch(`${server.url("envs")}/info/refs?service=git-upload-pack`);
    expect(raw.status).toBe(401);
    expect(raw.headers.get("www-authenticate")).toBe('Basic realm="git"');
    expect(server.requests.some((r) => r.status === 401 && r.user === null)).toBe(true);
  });

  it("accepts an access token as the Basic password (x-access-token:<token>) or as Bearer", async () => {
    const dir = await tmp("token");
    await git.clone({
      fs,
      http,
      dir,
      url: server.url("envs"),
      singleBranch: true,
      onAuth: () => ({ username: "x-access-token", password: "ghs_installation_token" }),
    });
    expect(fs.existsSync(path.join(dir, "envs/prod.yaml"))).toBe(true);
    const bearer = await fetch(`${server.url("envs")}/info/refs?service=git-upload-pack`, {
      headers: { authorization: "Bearer ghs_installation_token" },
    });
    expect(bearer.status).toBe(200);
    await bearer.arrayBuffer();
  });

  it("rejects a stale push with PushRejectedError (not-fast-forward)", async () => {
    const dir = await cloneRepo(server.url("envs"));
    await server.commitFiles("envs", { branch: "main", files: { "race.yaml": "x: 1\n" }, message: "won the race" });
    await writeFile(path.join(dir, "race.yaml"), "x: 2\n");
    await git.add({ fs, dir, filepath: "race.yaml" });
    await git.commit({ fs, dir, message: "lost the race", author });
    const err = await caught(git.push({ fs, http, dir, remote: "origin", ref: "main", onAuth }));
    expect(err).toBeInstanceOf(Errors.PushRejectedError);
    expect((err.data as { reason: string }).reason).toBe("not-fast-forward");
    expect(await server.readFile("envs", "main", "race.yaml")).toBe("x: 1\n");
  });

  it("surfaces a pre-receive hook's message when the server declines the push", async () => {
    await server.createRepo("protected");
    await server.rejectPushes("protected", "GL-HOOK-ERR: main is protected, open a merge request");
    const dir = await cloneRepo(server.url("protected"));
    await writeFile(path.join(dir, "x.yaml"), "x: 1\n");
    await git.add({ fs, dir, filepath: "x.yaml" });
    await git.commit({ fs, dir, message: "x", author });
    const messages: string[] = [];
    const err = await caught(
      git.push({ fs, http, dir, remote: "origin", ref: "main", onAuth, onMessage: (m) => void messages.push(m) }),
    );
    expect(err).toBeInstanceOf(Errors.GitPushError);
    expect(err.message).toMatch(/pre-receive hook declined/);
    expect(messages.join("")).toContain("GL-HOOK-ERR: main is protected, open a merge request");

    await server.acceptPushes("protected");
    expect((await git.push({ fs, http, dir, remote: "origin", ref: "main", onAuth })).ok).toBe(true);
  });

  it("serves anonymous reads only where allowed, never anonymous pushes", async () => {
    await server.createRepo("public", { anonymousRead: true });
    const dir = await tmp("public");
    await git.clone({ fs, http, dir, url: server.url("public"), singleBranch: true });
    expect(await readFile(path.join(dir, "README.md"), "utf8")).toBe("# public\n");
    await writeFile(path.join(dir, "README.md"), "changed\n");
    await git.add({ fs, dir, filepath: "README.md" });
    await git.commit({ fs, dir, message: "anon", author });
    const err = await caught(git.push({ fs, http, dir, remote: "origin", ref: "main" }));
    expect(err).toBeInstanceOf(Errors.HttpError);
    expect((err.data as { statusCode: number }).statusCode).toBe(401);
  });

  it("creates an empty repository that HFM can initialise with a first push", async () => {
    await server.createRepo("blank", { empty: true, branch: "trunk" });
    expect(await server.branches("blank")).toEqual([]);
    expect(await server.defaultBranch("blank")).toBe("trunk");
    // Cloning an empty repository works (nothing to check out) ...
    await git.clone({ fs, http, dir: await tmp("blank-clone"), url: server.url("blank"), onAuth });
    // ... and the first commit is made in a fresh repository and pushed to the URL.
    const dir = await tmp("blank");
    await git.init({ fs, dir, defaultBranch: "trunk" });
    await writeFile(path.join(dir, "a.yaml"), "a: 1\n");
    await git.add({ fs, dir, filepath: "a.yaml" });
    await git.commit({ fs, dir, message: "first", author });
    await git.push({ fs, http, dir, url: server.url("blank"), ref: "trunk", onAuth });
    expect(await server.listFiles("blank", "trunk")).toEqual(["a.yaml"]);
  });

  it.skipIf(!samplesAvailable())("holds the Hedgehog samples and the mixed layout", async () => {
    const files = sampleFiles({ prefix: "samples/" });
    const layout = mixedLayout();
    await server.createRepo("samples", { files: { ...files, ...layout.files } });
    const dir = await cloneRepo(server.url("samples"));
    for (const [p, content] of Object.entries({ ...files, ...layout.files })) {
      expect(await readFile(path.join(dir, p), "utf8")).toBe(content);
    }
    expect(objectsIn(await readFile(path.join(dir, "envs/dev/mixed.yaml"), "utf8")).map((o) => o.kind)).toEqual([
      "VPC",
      "ConfigMap",
    ]);
    expect((await server.listFiles("samples", "main", "envs/prod/objects")).length).toBeGreaterThan(2);
  });
});

describe("git server over HTTPS with a custom CA", () => {
  let server: GitServerHandle;

  beforeAll(async () => {
    server = await startGitServer({ tls: true });
    await server.createRepo("secure", { files: { "a.yaml": "a: 1\n" } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("verifies the certificate against the CA given through an https.Agent", async () => {
    expect(server.url("secure")).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/secure\.git$/);
    expect(server.caPem).toContain("BEGIN CERTIFICATE");
    const client = httpWithCa(server.caPem ?? "");
    const dir = await cloneRepo(server.url("secure"), { httpClient: client });
    await writeFile(path.join(dir, "b.yaml"), "b: 1\n");
    await git.add({ fs, dir, filepath: "b.yaml" });
    await git.commit({ fs, dir, message: "over tls", author });
    expect((await git.push({ fs, http: client, dir, remote: "origin", ref: "main", onAuth })).ok).toBe(true);
    expect(await server.readFile("secure", "main", "b.yaml")).toBe("b: 1\n");
  });

  it("fails without the CA (the certificate is not trusted by default)", async () => {
    const err = await caught(git.clone({ fs, http, dir: await tmp("untrusted"), url: server.url("secure"), onAuth }));
    expect(err.message + String((err as { code?: string }).code)).toMatch(/self[- ]signed|unable to (get|verify)|UNABLE_TO|SELF_SIGNED/i);
  });
});

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const newOctokit = (auth: string, baseUrl: string): Octokit => new Octokit({ auth, baseUrl, log: quiet });

type RequestErrorLike = Error & { status: number; response?: { data: { message: string; documentation_url?: string } } };

async function httpError(p: Promise<unknown>): Promise<RequestErrorLike> {
  const err = await caught(p);
  expect(err.name).toBe("HttpError");
  return err as RequestErrorLike;
}

describe("fake GitHub REST API with @octokit/rest", () => {
  let server: GitServerHandle;
  let api: GitHubApiHandle;
  let octokit: Octokit;
  const owner = "acme";
  const repo = "fabric";

  beforeAll(async () => {
    server = await startGitServer({ tokens: ["ghp_hfmTestToken"] });
    await server.createRepo(repo, {
      files: { "README.md": "# fabric\n", "envs/dev/vpcs.yaml": "kind: VPC\nmetadata:\n  name: a\n", "envs/prod/vpcs.yaml": "kind: VPC\n" },
    });
    api = await startGitHubApi({ git: server, repo, owner });
    octokit = newOctokit(api.token, api.url);
  });
  afterAll(async () => {
    await api?.close();
    await server?.close();
  });

  it("repos.get reports the default branch and the git server's clone URL", async () => {
    const { data } = await octokit.repos.get({ owner, repo });
    expect(data.default_branch).toBe("main");
    expect(data.full_name).toBe("acme/fabric");
    expect(data.clone_url).toBe(server.url(repo));
    expect(data.html_url).toBe(`${api.htmlBase}/acme/fabric`);
  });

  it("git.getRef decodes the encoded ref and agrees with the bare repository; 404 for a missing ref", async () => {
    const { data } = await octokit.git.getRef({ owner, repo, ref: "heads/main" });
    expect(data.ref).toBe("refs/heads/main");
    expect(data.object.sha).toBe(await server.resolveRef(repo, "main"));
    expect(api.requests.some((r) => r.path.endsWith("/git/ref/heads%2Fmain") && r.status === 200)).toBe(true);

    const missing = await httpError(octokit.git.getRef({ owner, repo, ref: "heads/nope" }));
    expect(missing.status).toBe(404);
    expect(missing.response?.data).toMatchObject({ message: "Not Found", documentation_url: "https://docs.github.com/rest" });
  });

  it("answers a bad token with 401 Bad credentials and an unknown repository with 404", async () => {
    const bad = newOctokit("ghp_wrong", api.url);
    const err = await httpError(bad.repos.get({ owner, repo }));
    expect(err.status).toBe(401);
    expect(err.response?.data).toEqual({ message: "Bad credentials", documentation_url: "https://docs.github.com/rest", status: "401" });
    const unknown = await httpError(octokit.repos.get({ owner, repo: "other" }));
    expect(unknown.status).toBe(404);
    expect(unknown.response?.data.message).toBe("Not Found");
  });

  it("makes a multi-file commit on a new branch with createRef + createTree + createCommit + updateRef", async () => {
    const main = await octokit.git.getRef({ owner, repo, ref: "heads/main" });
    const baseSha = main.data.object.sha;
    const created = await octokit.git.createRef({ owner, repo, ref: "refs/heads/hfm/change-1", sha: baseSha });
    expect(created.status).toBe(201);
    const dup = await httpError(octokit.git.createRef({ owner, repo, ref: "refs/heads/hfm/change-1", sha: baseSha }));
    expect(dup.status).toBe(422);
    expect(dup.message).toMatch(/Reference already exists/);

    const baseCommit = await octokit.git.getCommit({ owner, repo, commit_sha: baseSha });
    const blob = await octokit.git.createBlob({ owner, repo, content: Buffer.from("kind: Switch\n").toString("base64"), encoding: "base64" });
    expect(blob.status).toBe(201);
    const tree = await octokit.git.createTree({
      owner,
      repo,
      base_tree: baseCommit.data.tree.sha,
      tree: [
        { path: "envs/dev/vpcs.yaml", mode: "100644", type: "blob", content: "kind: VPC\nmetadata:\n  name: b\n" },
        { path: "envs/dev/switches/leaf-1.yaml", mode: "100644", type: "blob", sha: blob.data.sha },
        { path: "envs/prod/vpcs.yaml", mode: "100644", type: "blob", sha: null },
      ],
    });
    expect(tree.status).toBe(201);
    const commit = await octokit.git.createCommit({
      owner,
      repo,
      message: "HFM: apply dev changes",
      tree: tree.data.sha,
      parents: [baseSha],
      author: { name: "HFM", email: "hfm@example.com", date: "2026-02-01T10:00:00Z" },
    });
    expect(commit.status).toBe(201);
    expect(commit.data.parents.map((p) => p.sha)).toEqual([baseSha]);
    const updated = await octokit.git.updateRef({ owner, repo, ref: "heads/hfm/change-1", sha: commit.data.sha, force: false });
    expect(updated.data.object.sha).toBe(commit.data.sha);

    const [top] = await server.log(repo, "hfm/change-1");
    expect(top).toMatchObject({ sha: commit.data.sha, message: "HFM: apply dev changes", author: { name: "HFM", email: "hfm@example.com" } });
    expect(top.files.sort()).toEqual(["envs/dev/switches/leaf-1.yaml", "envs/dev/vpcs.yaml", "envs/prod/vpcs.yaml"]);
    expect(await server.readFile(repo, "hfm/change-1", "envs/dev/switches/leaf-1.yaml")).toBe("kind: Switch\n");
    expect(await server.readFile(repo, "hfm/change-1", "envs/prod/vpcs.yaml")).toBeNull();

    // Not a fast-forward without force → 422; reading the tree back works.
    const back = await httpError(octokit.git.updateRef({ owner, repo, ref: "heads/hfm/change-1", sha: baseSha }));
    expect(back.status).toBe(422);
    expect(back.message).toMatch(/not a fast forward/);
    const listed = await octokit.git.getTree({ owner, repo, tree_sha: tree.data.sha, recursive: "1" });
    expect(listed.data.tree.filter((e) => e.type === "blob").map((e) => e.path).sort()).toEqual([
      "README.md",
      "envs/dev/switches/leaf-1.yaml",
      "envs/dev/vpcs.yaml",
    ]);
    const matching = await octokit.git.listMatchingRefs({ owner, repo, ref: "heads/hfm/" });
    expect(matching.data.map((r) => r.ref)).toEqual(["refs/heads/hfm/change-1"]);
  });

  it("reads blobs, reuses subtrees by sha, deletes refs, and accepts Bearer auth", async () => {
    const mainSha = await server.resolveRef(repo, "main");
    const root = await octokit.git.getTree({ owner, repo, tree_sha: mainSha ?? "" });
    const envs = root.data.tree.find((e) => e.path === "envs");
    expect(envs?.type).toBe("tree");
    // A new root tree that holds the existing envs/ subtree twice (once renamed) plus one new file.
    const tree = await octokit.git.createTree({
      owner,
      repo,
      tree: [
        { path: "envs", mode: "040000", type: "tree", sha: envs?.sha },
        { path: "archive/envs", mode: "040000", type: "tree", sha: envs?.sha },
        { path: "NOTE.txt", mode: "100644", type: "blob", content: "note\n" },
      ],
    });
    const full = await octokit.git.getTree({ owner, repo, tree_sha: tree.data.sha, recursive: "true" });
    const blobs = full.data.tree.filter((e) => e.type === "blob");
    expect(blobs.map((e) => e.path)).toContain("archive/envs/dev/vpcs.yaml");
    expect(blobs.map((e) => e.path)).not.toContain("README.md");
    const note = blobs.find((e) => e.path === "NOTE.txt");
    const blob = await octokit.git.getBlob({ owner, repo, file_sha: note?.sha ?? "" });
    expect(Buffer.from(blob.data.content, "base64").toString()).toBe("note\n");

    await octokit.git.createRef({ owner, repo, ref: "refs/heads/tmp/delete-me", sha: mainSha ?? "" });
    expect((await octokit.git.deleteRef({ owner, repo, ref: "heads/tmp/delete-me" })).status).toBe(204);
    expect(await server.branches(repo)).not.toContain("tmp/delete-me");
    expect((await httpError(octokit.git.deleteRef({ owner, repo, ref: "heads/tmp/delete-me" }))).status).toBe(422);

    const bearer = await fetch(`${api.url}/repos/${owner}/${repo}`, { headers: { authorization: `Bearer ${api.token}` } });
    expect(bearer.status).toBe(200);
    expect(((await bearer.json()) as { default_branch: string }).default_branch).toBe("main");
    const anonymous = await fetch(`${api.url}/repos/${owner}/${repo}`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ message: "Requires authentication" });
  });

  it("reads and writes single files through the contents API (sha required; stale sha → 409)", async () => {
    const got = await octokit.repos.getContent({ owner, repo, path: "README.md", ref: "main" });
    const file = got.data as { sha: string; content: string; encoding: string };
    expect(file.encoding).toBe("base64");
    expect(Buffer.from(file.content, "base64").toString()).toBe("# fabric\n");
    const content = Buffer.from("# fabric, edited\n").toString("base64");

    const noSha = await httpError(octokit.repos.createOrUpdateFileContents({ owner, repo, path: "README.md", message: "m", content }));
    expect(noSha.status).toBe(422);
    const stale = await httpError(
      octokit.repos.createOrUpdateFileContents({ owner, repo, path: "README.md", message: "m", content, sha: "1".repeat(40) }),
    );
    expect(stale.status).toBe(409);
    const ok = await octokit.repos.createOrUpdateFileContents({
      owner,
      repo,
      path: "README.md",
      message: "update via contents",
      content,
      sha: file.sha,
      branch: "hfm/contents",
    }).catch((e: unknown) => e as RequestErrorLike);
    // The branch must exist first, as on GitHub.
    expect((ok as RequestErrorLike).status).toBe(404);
    const done = await octokit.repos.createOrUpdateFileContents({ owner, repo, path: "README.md", message: "update via contents", content, sha: file.sha });
    expect(done.status).toBe(200);
    expect(await server.readFile(repo, "main", "README.md")).toBe("# fabric, edited\n");
    const created = await octokit.repos.createOrUpdateFileContents({ owner, repo, path: "envs/new.yaml", message: "new", content });
    expect(created.status).toBe(201);
    const dir = await octokit.repos.getContent({ owner, repo, path: "envs" });
    expect((dir.data as Array<{ name: string; type: string }>).map((e) => `${e.type}:${e.name}`).sort()).toEqual([
      "dir:dev",
      "dir:prod",
      "file:new.yaml",
    ]);
  });

  it("opens a pull request, refuses a duplicate like GitHub, lists it by head, comments and merges it", async () => {
    const pr = await octokit.pulls.create({ owner, repo, title: "HFM: dev changes", head: "hfm/change-1", base: "main", body: "from HFM" });
    expect(pr.status).toBe(201);
    expect(pr.data).toMatchObject({ number: 1, state: "open", merged: false, html_url: `${api.htmlBase}/acme/fabric/pull/1` });
    expect(pr.data.head.sha).toBe(await server.resolveRef(repo, "hfm/change-1"));

    const dup = await httpError(octokit.pulls.create({ owner, repo, title: "again", head: "acme:hfm/change-1", base: "main" }));
    expect(dup.status).toBe(422);
    expect(dup.message).toContain("A pull request already exists for acme:hfm/change-1.");

    const listed = await octokit.pulls.list({ owner, repo, state: "open", head: "acme:hfm/change-1" });
    expect(listed.data.map((p) => p.number)).toEqual([1]);
    expect((await octokit.pulls.list({ owner, repo, head: "acme:other" })).data).toEqual([]);
    expect((await octokit.pulls.list({ owner, repo, base: "develop" })).data).toEqual([]);

    const comment = await octokit.issues.createComment({ owner, repo, issue_number: 1, body: "Plan: 3 changes" });
    expect(comment.status).toBe(201);
    expect(api.pull(1)?.comments.map((c) => c.body)).toEqual(["Plan: 3 changes"]);

    const got = await octokit.pulls.get({ owner, repo, pull_number: 1 });
    expect(got.data.mergeable).toBe(true);
    const merged = await octokit.pulls.merge({ owner, repo, pull_number: 1, merge_method: "merge" });
    expect(merged.data.merged).toBe(true);
    const after = await octokit.pulls.get({ owner, repo, pull_number: 1 });
    expect(after.data).toMatchObject({ state: "closed", merged: true, merge_commit_sha: merged.data.sha });
    expect(after.data.merged_at).toBeTruthy();
    const again = await httpError(octokit.pulls.merge({ owner, repo, pull_number: 1 }));
    expect(again.status).toBe(405);

    // The base branch in the bare repository has the merge commit: fetch it with isomorphic-git.
    const dir = await tmp("after-merge");
    await git.clone({ fs, http, dir, url: server.url(repo), ref: "main", singleBranch: true, onAuth: () => ({ username: "x-access-token", password: api.token }) });
    const [head] = await git.log({ fs, dir, depth: 1 });
    expect(head.oid).toBe(merged.data.sha);
    expect(head.commit.parent).toHaveLength(2);
    expect(head.commit.message).toMatch(/^Merge pull request #1 from acme\/hfm\/change-1/);
    expect(await readFile(path.join(dir, "envs/dev/switches/leaf-1.yaml"), "utf8")).toBe("kind: Switch\n");
  });

  it("lets a reviewer merge (fast-forward via rebase) or close from the handle; PR state follows", async () => {
    // A branch pushed with isomorphic-git; the API sees it at once because both share the bare repository.
    const dir = await tmp("pr2");
    const creds = () => ({ username: "x-access-token", password: api.token });
    await git.clone({ fs, http, dir, url: server.url(repo), ref: "main", singleBranch: true, onAuth: creds });
    await git.branch({ fs, dir, ref: "hfm/change-2", checkout: true });
    await writeFile(path.join(dir, "envs/dev/extra.yaml"), "kind: VPC\n");
    await git.add({ fs, dir, filepath: "envs/dev/extra.yaml" });
    const pushed = await git.commit({ fs, dir, message: "extra", author });
    await git.push({ fs, http, dir, remote: "origin", ref: "hfm/change-2", onAuth: creds });
    expect((await octokit.git.getRef({ owner, repo, ref: "heads/hfm/change-2" })).data.object.sha).toBe(pushed);

    const pr = await octokit.pulls.create({ owner, repo, title: "second", head: "hfm/change-2", base: "main" });
    const tip = await api.mergePull(pr.data.number, { method: "rebase" });
    expect(tip).toBe(pushed);
    expect(await server.resolveRef(repo, "main")).toBe(pushed);
    expect(api.pull(pr.data.number)).toMatchObject({ state: "closed", merged: true, mergedBy: "reviewer" });
    await git.fetch({ fs, http, dir, remote: "origin", ref: "main", singleBranch: true, onAuth: creds });
    expect(await git.resolveRef({ fs, dir, ref: "refs/remotes/origin/main" })).toBe(pushed);

    // No commits between → 422; a declined PR is closed and no longer listed as open.
    const none = await httpError(octokit.pulls.create({ owner, repo, title: "empty", head: "hfm/change-2", base: "main" }));
    expect(none.message).toMatch(/No commits between main and hfm\/change-2/);
    await server.commitFiles(repo, { branch: "hfm/change-3", files: { "c.yaml": "c: 1\n" }, message: "c" });
    const third = await octokit.pulls.create({ owner, repo, title: "third", head: "hfm/change-3", base: "main" });
    await api.closePull(third.data.number);
    expect((await octokit.pulls.list({ owner, repo, head: "acme:hfm/change-3" })).data).toEqual([]);
    const closed = await octokit.pulls.list({ owner, repo, state: "closed", head: "acme:hfm/change-3" });
    expect(closed.data.map((p) => [p.number, p.state, p.merged_at])).toEqual([[third.data.number, "closed", null]]);

    // Closing through the API, too; and a closed PR can be opened again for the same head.
    await server.commitFiles(repo, { branch: "hfm/change-4", files: { "d.yaml": "d: 1\n" }, message: "d" });
    const fourth = await octokit.pulls.create({ owner, repo, title: "fourth", head: "hfm/change-4", base: "main" });
    const upd = await octokit.pulls.update({ owner, repo, pull_number: fourth.data.number, state: "closed" });
    expect(upd.data.state).toBe("closed");
    expect((await octokit.pulls.create({ owner, repo, title: "fourth again", head: "hfm/change-4", base: "main" })).status).toBe(201);
  });

  it("refuses to merge a conflicting pull request with 405", async () => {
    await server.commitFiles(repo, { branch: "hfm/conflict", files: { "README.md": "ours\n" }, message: "ours" });
    await server.commitFiles(repo, { branch: "main", files: { "README.md": "theirs\n" }, message: "theirs" });
    const pr = await octokit.pulls.create({ owner, repo, title: "conflict", head: "hfm/conflict", base: "main" });
    expect((await octokit.pulls.get({ owner, repo, pull_number: pr.data.number })).data.mergeable).toBe(false);
    const err = await httpError(octokit.pulls.merge({ owner, repo, pull_number: pr.data.number }));
    expect(err.status).toBe(405);
    expect(err.response?.data.message).toBe("Pull Request is not mergeable");
    await expect(api.mergePull(pr.data.number)).rejects.toThrow(/405/);
  });

  it("serves GitHub Enterprise under /api/v3", async () => {
    const ghe = await startGitHubApi({ git: server, repo, owner: "corp", token: "ghe_token", enterprise: true });
    try {
      expect(ghe.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v3$/);
      const client = newOctokit("ghe_token", ghe.url);
      const { data } = await client.repos.get({ owner: "corp", repo });
      expect(data.default_branch).toBe("main");
      const ref = await client.git.getRef({ owner: "corp", repo, ref: "heads/main" });
      expect(ref.data.object.sha).toBe(await server.resolveRef(repo, "main"));
      const root = newOctokit("ghe_token", ghe.htmlBase);
      expect((await httpError(root.repos.get({ owner: "corp", repo }))).status).toBe(404);
      expect(ghe.requests[0].path).toBe("/api/v3/repos/corp/fabric");
    } finally {
      await ghe.close();
    }
  });
});
