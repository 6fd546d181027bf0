// The GitOps REST endpoints through the app's real route handler, end to end against the Git test server: register a
// repository, test the connection, sync (202 + poll the operation), read the status, create a VPC through the API and
// submit it: it reaches the remote as exactly one commit in the fabric's directory.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD, startTestApp, type TestApp } from "../../support/app";
import { startGitServer, type GitServerHandle } from "../../support/git-server";
import { filesByKind, smallFabric } from "./fabric-fixture";

type Json = Record<string, unknown>;
const PASSWORD = "hfm-bot-password";

let app: TestApp;
let server: GitServerHandle;
let token: string;
let viewerToken: string;

async function rest(method: string, path: string, body?: unknown, as = token) {
  // POSTs without parameters still send a JSON body ({}), as the REST adapter expects a content type.
  return app.rest(method, path, { token: as, body: body ?? (method === "POST" ? {} : undefined) });
}

/** Polls a sync operation until it is finished (bounded number of polls; no timing assertions). */
async function waitFor(opId: string): Promise<Json> {
  for (let i = 0; i < 600; i++) {
    const res = await rest("GET", `/sync-operations/${opId}`);
    expect(res.status, res.text).toBe(200);
    const op = res.json as Json;
    if (op.status === "succeeded" || op.status === "failed") return op;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`operation ${opId} did not finish`);
}

beforeAll(async () => {
  app = await startTestApp();
  server = await startGitServer();
  await server.createRepo("api", { files: { "README.md": "# api\n", ...filesByKind(smallFabric(), "fabrics/east") } });
  const res = await app.rest("POST", "/auth/tokens", { body: { username: "admin", password: ADMIN_PASSWORD, name: "gitops" } });
  token = (res.json as { token: string }).token;
  const viewer = await rest("POST", "/users", { username: "vic", password: "viewer-password-1", role: "viewer" });
  expect(viewer.status, viewer.text).toBe(201);
  viewerToken = ((await app.rest("POST", "/auth/tokens", { body: { username: "vic", password: "viewer-password-1" } })).json as { token: string }).token;
});

afterAll(async () => {
  await server?.close();
  await app?.close();
});

describe("GitOps REST API", () => {
  let repoId: string;
  let fabricId: string;

  it("POST /git-repositories/{id}/test-connection answers 200 {ok, message} for success and failure; never leaks the password", async () => {
    const good = await rest("POST", "/git-repositories", { name: "api", url: server.url("api"), authType: "basic", username: "hfm-bot", password: PASSWORD });
    expect(good.status, good.text).toBe(201);
    repoId = (good.json as Json).id as string;
    const ok = await rest("POST", `/git-repositories/${repoId}/test-connection`);
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json).toMatchObject({ ok: true });

    const bad = await rest("POST", "/git-repositories", { name: "api-bad", url: server.url("api"), authType: "basic", username: "hfm-bot", password: "not-the-password-4711" });
    const badId = (bad.json as Json).id as string;
    const failed = await rest("POST", `/git-repositories/${badId}/test-connection`);
    expect(failed.status).toBe(200);
    expect(failed.json).toMatchObject({ ok: false, message: `authentication failed for ${server.url("api")} — check the username/token` });
    expect(failed.text).not.toContain("not-the-password-4711");
    const repo = await rest("GET", `/git-repositories/${badId}`);
    expect(repo.json).toMatchObject({ status: "error", statusMessage: (failed.json as Json).message });
    expect((await rest("POST", `/git-repositories/${badId}/test-connection`, undefined, viewerToken)).status).toBe(403);
  });

  it("POST /fabrics/{id}/sync answers 202 {syncOperationId}; the operation has per-step status and counts", async () => {
    const fabric = await rest("POST", "/fabrics", { name: "east", gitRepositoryId: repoId, gitPath: "fabrics/east" });
    expect(fabric.status, fabric.text).toBe(201);
    fabricId = (fabric.json as Json).id as string;
    const res = await rest("POST", `/fabrics/${fabricId}/sync`);
    expect(res.status, res.text).toBe(202);
    const { syncOperationId } = res.json as { syncOperationId: string };
    const op = await waitFor(syncOperationId);
    expect(op).toMatchObject({ status: "succeeded", fabricId, kind: "ingest" });
    expect((op.steps as Json[]).map((s) => [s.name, s.status])).toEqual([
      ["fetch-git", "succeeded"],
      ["ingest", "succeeded"],
      ["pull-requests", "succeeded"],
      // The fabric has no cluster: the workflow skips read-live, then analyses states and alerts.
      ["diff", "succeeded"],
      ["alerts", "succeeded"],
      ["finish", "succeeded"],
    ]);
    const objects = smallFabric().length;
    expect((op.counts as Json).objects).toBe(objects);
    expect(((op.steps as Json[])[1]!.counts as Json).inserted).toBe(objects);

    const list = await rest("GET", `/sync-operations?fabricId=${fabricId}`, undefined, viewerToken);
    expect(list.status).toBe(200);
    expect((list.json as { items: Json[] }).items.map((o) => o.id)).toEqual([syncOperationId]);
    expect((await rest("POST", `/fabrics/${fabricId}/sync`, undefined, viewerToken)).status).toBe(403);
  });

  it("GET /fabrics/{id}/gitops-status and GET /gitops/global-status", async () => {
    const res = await rest("GET", `/fabrics/${fabricId}/gitops-status`, undefined, viewerToken);
    expect(res.status, res.text).toBe(200);
    const head = await server.resolveRef("api", "main");
    expect(res.json).toMatchObject({
      fabricName: "east",
      branch: "main",
      gitPath: "fabrics/east",
      headCommit: head,
      lastIngestCommit: head,
      pendingChangeSet: null,
      openPullRequests: [],
      total: smallFabric().length,
      counts: { committed: smallFabric().length, invalid: 0 },
      files: { invalid: 0 },
    });
    const global = await rest("GET", "/gitops/global-status", undefined, viewerToken);
    expect(global.status, global.text).toBe(200);
    expect((global.json as { fabrics: Json[] }).fabrics).toEqual([expect.objectContaining({ fabricName: "east", total: smallFabric().length })]);
  });

  it("a VPC created through the API reaches the remote as exactly one commit in the fabric's directory", async () => {
    const vpc = { apiVersion: "vpc.githedgehog.com/v1beta1", kind: "VPC", metadata: { name: "api-vpc" }, spec: { subnets: { default: { subnet: "10.6.1.0/24", vlan: 2950 } } } };
    const created = await rest("POST", `/fabrics/${fabricId}/resources`, { object: vpc });
    expect(created.status, created.text).toBe(201);
    const pending = await rest("GET", `/fabrics/${fabricId}/change-set`);
    expect(pending.status, pending.text).toBe(200);
    const cs = (pending.json as { changeSet: Json }).changeSet;
    expect((cs.items as Json[]).map((i) => [i.action, i.kind, i.name])).toEqual([["create", "VPC", "api-vpc"]]);
    expect((cs.items as Json[])[0]!.afterYaml).toContain("name: api-vpc");

    const before = await server.log("api", "main");
    const submit = await rest("POST", `/fabrics/${fabricId}/github-sync`, { mode: "push", message: "Add api-vpc" });
    expect(submit.status, submit.text).toBe(202);
    const { changeSetId, syncOperationId } = submit.json as { changeSetId: string; syncOperationId: string };
    expect(changeSetId).toBe(cs.id);
    const op = await waitFor(syncOperationId);
    expect(op.status, JSON.stringify(op)).toBe("succeeded");

    const after = await server.log("api", "main");
    expect(after.length).toBe(before.length + 1);
    expect(after[0]!.files).toEqual(["fabrics/east/vpcs/api-vpc.yaml"]);
    expect(after[0]!.author).toEqual({ name: "admin", email: "admin@hfm.local" });
    expect(after[0]!.message.startsWith("Add api-vpc\n")).toBe(true);

    const one = await rest("GET", `/change-sets/${changeSetId}`);
    expect(one.json).toMatchObject({ status: "submitted", commitSha: after[0]!.sha });
    const status = await rest("GET", `/fabrics/${fabricId}/gitops-status`);
    expect(status.json).toMatchObject({ pendingChangeSet: null, headCommit: after[0]!.sha });

    // Nothing pending now: a second submit is a 409 that says so.
    const again = await rest("POST", `/fabrics/${fabricId}/github-sync`, { mode: "push" });
    expect(again.status).toBe(409);
    expect((again.json as Json).message).toMatch(/no pending changes/);
  });

  it("revert of the submitted change set → 201 with a new pending change set holding the inverse", async () => {
    const sets = await rest("GET", `/fabrics/${fabricId}/change-sets`);
    const submitted = (sets.json as { items: Json[] }).items.find((s) => s.status === "submitted")!;
    const res = await rest("POST", `/change-sets/${submitted.id as string}/revert`);
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({ status: "pending", revertOfId: submitted.id });
    const item = ((res.json as Json).items as Json[])[0]!;
    expect(item).toMatchObject({ action: "delete", kind: "VPC", name: "api-vpc", afterYaml: "" });
    const discard = await rest("DELETE", `/fabrics/${fabricId}/change-set/items/${item.id as string}`);
    expect(discard.status, discard.text).toBe(200);
    expect(discard.json).toMatchObject({ changeSet: { itemCount: 0 } });
  });
});
