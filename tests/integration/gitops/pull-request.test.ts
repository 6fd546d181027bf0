// Write-back in pull-request mode: a new branch hfm/<fabric>/<changeSetId> with one commit and a pull request opened
// through Octokit against the GitHub API test server (github.com style and GitHub Enterprise /api/v3); merge → the
// change set is merged and the objects committed; closed → the edits go back to the pending change set; a host
// without an API gets the branch and a note on where to open the request.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HhObject } from "@/lib/hedgehog/types";
import type { PrismaClient } from "@/server/db";
import {
  fabricGitopsStatus,
  getPendingChangeSet,
  parseGitHubRepo,
  queueFabricSync,
  queueSubmit,
  revertChangeSet,
  runFabricSync,
  runSubmit,
  type SubmitResult,
} from "@/server/services/gitops";
import { writeResource } from "@/server/services/resources";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startGitHubApi, type GitHubApiHandle } from "../../support/github-api";
import { makeTestCertificates } from "../../support/git-server";
import { filesByKind, smallFabric } from "./fabric-fixture";
import { ALICE, gitopsEnv, type GitopsEnv } from "./setup";

const TOKEN = "ghp_hfmTestToken";

async function sync(db: PrismaClient, fabricId: string) {
  const opId = await queueFabricSync(db, fabricId, ALICE);
  const r = await runFabricSync(db, fabricId, { operationId: opId, actor: ALICE });
  if (!r) throw new Error(`sync failed: ${(await db.syncOperation.findUniqueOrThrow({ where: { id: opId } })).error}`);
  return r;
}

async function submitPr(db: PrismaClient, fabricId: string, message: string): Promise<SubmitResult> {
  const { changeSetId, syncOperationId } = await queueSubmit(db, fabricId, { mode: "pull-request", message, actor: ALICE });
  return runSubmit(db, changeSetId, { operationId: syncOperationId, actor: ALICE });
}

async function relabel(db: PrismaClient, fabricId: string, name: string, team: string): Promise<void> {
  const row = await db.hedgehogResource.findFirstOrThrow({ where: { fabricId, kind: "VPC", name } });
  const vpc = row.desired as unknown as HhObject;
  await writeResource(db, ALICE, fabricId, { object: { ...vpc, metadata: { ...vpc.metadata, labels: { team } } } }, { op: "update", kind: "VPC", name });
}

async function state(db: PrismaClient, fabricId: string, name: string) {
  return db.hedgehogResource.findFirstOrThrow({ where: { fabricId, kind: "VPC", name } });
}

describe("pull-request mode with the GitHub API", () => {
  let env: GitopsEnv;
  let api: GitHubApiHandle;
  let fabricId: string;
  beforeAll(async () => {
    env = await gitopsEnv({ tokens: [TOKEN] });
    await env.server.createRepo("fabric", { files: filesByKind(smallFabric(), "dc1") });
    // The clone URL has no owner segment (http://127.0.0.1:PORT/fabric.git): the owner is the token's user.
    api = await startGitHubApi({ git: env.server, repo: "fabric", owner: "acme", login: "acme", token: TOKEN });
    const repoId = await env.repo("gh", env.server.url("fabric"), { token: TOKEN, apiUrl: api.url });
    fabricId = await env.fabric("dc1", repoId, { gitPath: "dc1" });
    await sync(env.db, fabricId);
  });
  afterAll(async () => {
    await api?.close();
    await env?.close();
  });

  it("pushes a branch with one commit and opens a pull request; merge → change set merged, objects committed", async () => {
    const main = await env.server.resolveRef("fabric", "main");
    await relabel(env.db, fabricId, "vpc-1", "blue");
    const result = await submitPr(env.db, fabricId, "Label vpc-1 blue");
    expect(result.status).toBe("submitted");
    const branch = `hfm/dc1/${result.changeSetId}`;
    expect(result.branch).toBe(branch);
    expect(result.pullRequest).toEqual({ number: 1, url: `${api.htmlBase}/acme/fabric/pull/1` });
    expect(await env.server.resolveRef("fabric", "main")).toBe(main); // main untouched
    const [top] = await env.server.log("fabric", branch);
    expect(top).toMatchObject({ sha: result.commit, parents: [main], files: ["dc1/vpcs.yaml"], author: { name: "alice", email: "alice@hfm.local" } });
    const pr = api.pull(1)!;
    expect(pr).toMatchObject({ state: "open", headRef: branch, baseRef: "main", title: "Label vpc-1 blue" });
    expect(pr.body).toContain("1 updated");

    const set = await env.db.changeSet.findUniqueOrThrow({ where: { id: result.changeSetId } });
    expect(set).toMatchObject({ status: "submitted", mode: "pull_request", pullRequestNumber: 1, pullRequestState: "open", branch });
    const status = await fabricGitopsStatus(env.db, fabricId);
    expect(status.openPullRequests).toEqual([expect.objectContaining({ changeSetId: result.changeSetId, number: 1, url: pr && `${api.htmlBase}/acme/fabric/pull/1`, state: "open" })]);
    expect(status.pendingChangeSet).toBeNull();

    // A sync while the PR is open changes nothing.
    const open = await sync(env.db, fabricId);
    expect(open.pullRequests).toEqual({ open: 1, merged: 0, closed: 0 });

    const mergeSha = await api.mergePull(1);
    const merged = await sync(env.db, fabricId);
    expect(merged.commit).toBe(mergeSha);
    expect(merged.pullRequests).toEqual({ open: 0, merged: 1, closed: 0 });
    expect(await env.db.changeSet.findUniqueOrThrow({ where: { id: result.changeSetId } })).toMatchObject({ status: "merged", pullRequestState: "merged" });
    const row = await state(env.db, fabricId, "vpc-1");
    expect(row.state).toBe("committed");
    expect((row.git as unknown as HhObject).metadata.labels).toEqual({ team: "blue" });
    expect((await fabricGitopsStatus(env.db, fabricId)).openPullRequests).toEqual([]);
  });

  it("a pull request closed without merge puts the edits back into the pending change set", async () => {
    await relabel(env.db, fabricId, "vpc-2", "red");
    const result = await submitPr(env.db, fabricId, "Red vpc-2");
    expect(result.pullRequest?.number).toBe(2);
    await api.closePull(2);
    const r = await sync(env.db, fabricId);
    expect(r.pullRequests).toEqual({ open: 0, merged: 0, closed: 1 });
    expect(await env.db.changeSet.findUniqueOrThrow({ where: { id: result.changeSetId } })).toMatchObject({ status: "closed", pullRequestState: "closed" });
    const pending = (await getPendingChangeSet(env.db, fabricId))!;
    expect(pending.items.map((i) => [i.action, i.name])).toEqual([["update", "vpc-2"]]);
    const row = await state(env.db, fabricId, "vpc-2");
    expect(row.state).toBe("draft");
    expect((row.desired as unknown as HhObject).metadata.labels).toEqual({ team: "red" });
    // Drop it again so later tests start clean.
    const { discardItem } = await import("@/server/services/gitops");
    expect(await discardItem(env.db, ALICE, fabricId, pending.items[0]!.id)).toMatchObject({ itemCount: 0 });
    expect((await state(env.db, fabricId, "vpc-2")).state).toBe("committed");
  });

  it("reverts a merged change set as a new change set with the inverse", async () => {
    const merged = await env.db.changeSet.findFirstOrThrow({ where: { fabricId, status: "merged" } });
    const revert = await revertChangeSet(env.db, ALICE, merged.id);
    expect(revert).toMatchObject({ status: "pending", revertOfId: merged.id });
    expect(revert.items.map((i) => [i.action, i.name])).toEqual([["update", "vpc-1"]]);
    expect(revert.items[0]!.afterYaml).not.toContain("team: blue");
    const result = await submitPr(env.db, fabricId, "Revert blue label");
    await api.mergePull(result.pullRequest!.number);
    await sync(env.db, fabricId);
    const row = await state(env.db, fabricId, "vpc-1");
    expect(row.state).toBe("committed");
    expect((row.git as unknown as HhObject).metadata.labels).toBeUndefined();
  });
});

describe("pull-request mode with GitHub Enterprise and without an API", () => {
  let env: GitopsEnv;
  let ghe: GitHubApiHandle;
  beforeAll(async () => {
    env = await gitopsEnv({ tokens: [TOKEN] });
    await env.server.createRepo("fabric2", { files: filesByKind(smallFabric(), "site") });
  });
  afterAll(async () => {
    await ghe?.close();
    await env?.close();
  });

  it("owner/repo come from the clone URL", () => {
    expect(parseGitHubRepo("https://github.example.com/corp/fabric.git")).toEqual({ owner: "corp", repo: "fabric" });
    expect(parseGitHubRepo("https://github.com/acme/net-config")).toEqual({ owner: "acme", repo: "net-config" });
    expect(parseGitHubRepo("http://127.0.0.1:8080/fabric.git")).toEqual({ owner: null, repo: "fabric" });
  });

  it("opens the pull request through the Enterprise base path", async () => {
    ghe = await startGitHubApi({ git: env.server, repo: "fabric2", owner: "corp", login: "corp", token: TOKEN, enterprise: true });
    expect(ghe.url).toMatch(/\/api\/v3$/);
    const repoId = await env.repo("ghe", env.server.url("fabric2"), { token: TOKEN, apiUrl: ghe.url });
    const fabricId = await env.fabric("site", repoId, { gitPath: "site" });
    await sync(env.db, fabricId);
    await relabel(env.db, fabricId, "vpc-3", "ops");
    const result = await submitPr(env.db, fabricId, "Ops label");
    expect(result).toMatchObject({ status: "submitted", pullRequest: { number: 1 } });
    expect(ghe.requests.some((r) => r.method === "POST" && r.path === "/api/v3/repos/corp/fabric2/pulls")).toBe(true);
  });

  it("reaches a GitHub Enterprise API behind a private CA with the repository's CA; without it, says the certificate is not trusted", async () => {
    const certs = await makeTestCertificates(path.join(await mkdtemp(path.join(os.tmpdir(), "hfm-ghe-ca-")), "tls"));
    const privateGhe = await startGitHubApi({ git: env.server, repo: "fabric2", owner: "corp", login: "corp", token: TOKEN, enterprise: true, tls: certs });
    try {
      expect(privateGhe.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/api\/v3$/);
      const untrusted = await env.repo("ghe-no-ca", env.server.url("fabric2"), { token: TOKEN, apiUrl: privateGhe.url });
      const f1 = await env.fabric("no-ca", untrusted, { gitPath: "site" });
      await sync(env.db, f1);
      await relabel(env.db, f1, "vpc-2", "sec");
      const refused = await submitPr(env.db, f1, "No CA");
      expect(refused.status).toBe("failed");
      expect(refused.message).toMatch(/could not be opened through https:\/\/127\.0\.0\.1:\d+\/api\/v3: the TLS certificate of 127\.0\.0\.1:\d+ is not trusted .*add the server's CA certificate to the repository settings/);
      expect(privateGhe.requests.length).toBe(0);

      const trusted = await env.repo("ghe-ca", env.server.url("fabric2"), { token: TOKEN, apiUrl: privateGhe.url, caCert: certs.caPem });
      const f2 = await env.fabric("with-ca", trusted, { gitPath: "site" });
      await sync(env.db, f2);
      await relabel(env.db, f2, "vpc-2", "sec");
      const opened = await submitPr(env.db, f2, "With CA");
      expect(opened).toMatchObject({ status: "submitted", pullRequest: { number: 1 } });
      expect(privateGhe.requests.some((r) => r.method === "POST" && r.path === "/api/v3/repos/corp/fabric2/pulls" && r.status === 201)).toBe(true);
      expect(privateGhe.pulls()[0]).toMatchObject({ title: "With CA", baseRef: "main", state: "open" });
    } finally {
      await privateGhe.close();
    }
  });

  it("pushes the branch and says where to open the request when the repository has no API", async () => {
    const repoId = await env.repo("plain", env.server.url("fabric2"), { token: TOKEN });
    const fabricId = await env.fabric("plain", repoId, { gitPath: "site" });
    await sync(env.db, fabricId);
    await relabel(env.db, fabricId, "vpc-4", "plain");
    const result = await submitPr(env.db, fabricId, "Plain host");
    expect(result.status).toBe("submitted");
    expect(result.pullRequest).toBeNull();
    expect(result.note).toMatch(new RegExp(`open a pull/merge request from hfm/plain/${result.changeSetId} into main on 127\\.0\\.0\\.1:\\d+`));
    expect(await env.server.branches("fabric2")).toContain(`hfm/plain/${result.changeSetId}`);
    expect(await env.db.changeSet.findUniqueOrThrow({ where: { id: result.changeSetId } })).toMatchObject({ pullRequestState: "branch-pushed", pullRequestNumber: null });
  });
});
