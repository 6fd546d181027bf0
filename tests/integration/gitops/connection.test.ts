// Repository access: test-connection against the real Git server (ok, wrong password, unreachable host, missing
// branch, token auth) and HTTPS with a custom CA (test-connection and a full sync).
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queueFabricSync, runFabricSync, testRepositoryConnection } from "@/server/services/gitops";
import { startGitServer, type GitServerHandle } from "../../support/git-server";
import { ALICE, gitopsEnv, type GitopsEnv } from "./setup";

async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe("test-connection", () => {
  let env: GitopsEnv;
  beforeAll(async () => {
    env = await gitopsEnv({ tokens: ["ghs_token_123"] });
    await env.server.createRepo("envs", { files: { "README.md": "# envs\n" } });
  });
  afterAll(async () => {
    await env?.close();
  });

  it("lists the remote refs with the credentials and stores the result", async () => {
    const id = await env.repo("ok", env.server.url("envs"));
    const res = await testRepositoryConnection(env.db, id);
    expect(res.ok).toBe(true);
    expect(res.message).toContain("branch main at");
    const row = await env.db.gitRepository.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("ok");
    expect(row.headCommit).toBe(await env.server.resolveRef("envs", "main"));
    expect(row.lastTestedAt).toBeInstanceOf(Date);
    expect(row.statusMessage).toBe(res.message);
    // It really contacted the server, with the credentials.
    expect(env.server.requests.some((r) => r.path.includes("/envs.git/info/refs") && r.user === "hfm-bot" && r.status === 200)).toBe(true);
  });

  it("accepts a token as the credential", async () => {
    const id = await env.repo("tok", env.server.url("envs"), { token: "ghs_token_123" });
    expect(await testRepositoryConnection(env.db, id)).toMatchObject({ ok: true });
  });

  it("wrong password → authentication failed for <url> — check the username/token", async () => {
    const url = env.server.url("envs");
    const id = await env.repo("badpw", url, { password: "wrong-password" });
    const res = await testRepositoryConnection(env.db, id);
    expect(res).toMatchObject({ ok: false, message: `authentication failed for ${url} — check the username/token` });
    expect(JSON.stringify(res)).not.toContain("wrong-password");
    const row = await env.db.gitRepository.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "error", statusMessage: res.message });
  });

  it("unreachable host → cannot reach <host>", async () => {
    const port = await closedPort();
    const id = await env.repo("down", `http://127.0.0.1:${port}/envs.git`);
    const res = await testRepositoryConnection(env.db, id);
    expect(res).toMatchObject({ ok: false, message: `cannot reach 127.0.0.1:${port}` });
  });

  it("missing branch → branch <b> not found", async () => {
    const id = await env.repo("nobranch", env.server.url("envs"), { branch: "release-9" });
    const res = await testRepositoryConnection(env.db, id);
    expect(res).toMatchObject({ ok: false, message: "branch release-9 not found" });
  });

  it("a sync of a fabric on a missing branch fails with the same message", async () => {
    const repoId = await env.repo("nobranch-sync", env.server.url("envs"));
    const fabricId = await env.fabric("nobranch", repoId, { gitBranch: "does-not-exist" });
    const opId = await queueFabricSync(env.db, fabricId, ALICE);
    expect(await runFabricSync(env.db, fabricId, { operationId: opId, actor: ALICE })).toBeNull();
    const op = await env.db.syncOperation.findUniqueOrThrow({ where: { id: opId }, include: { steps: true } });
    expect(op).toMatchObject({ status: "failed", error: "branch does-not-exist not found" });
    expect(op.steps.find((s) => s.name === "fetch-git")).toMatchObject({ status: "failed", error: "branch does-not-exist not found" });
    expect(op.steps.find((s) => s.name === "ingest")?.status).toBe("cancelled");
    const fabric = await env.db.fabric.findUniqueOrThrow({ where: { id: fabricId } });
    expect(fabric).toMatchObject({ lastSyncStatus: "failed", lastSyncError: "branch does-not-exist not found" });
  });
});

describe("HTTPS with a custom CA", () => {
  let env: GitopsEnv;
  let tls: GitServerHandle;
  beforeAll(async () => {
    env = await gitopsEnv();
    tls = await startGitServer({ tls: true });
    await tls.createRepo("secure", {
      files: { "fabric/vpcs.yaml": "apiVersion: vpc.githedgehog.com/v1beta1\nkind: VPC\nmetadata:\n  name: vpc-1\nspec:\n  subnets:\n    default:\n      subnet: 10.0.1.0/24\n      vlan: 1001\n" },
    });
  });
  afterAll(async () => {
    await tls?.close();
    await env?.close();
  });

  it("verifies the certificate with the repository's CA; without it the certificate is refused", async () => {
    const url = tls.url("secure");
    const withCa = await env.repo("tls-ok", url, { caCert: tls.caPem });
    expect(await testRepositoryConnection(env.db, withCa)).toMatchObject({ ok: true });

    const without = await env.repo("tls-untrusted", url);
    const res = await testRepositoryConnection(env.db, without);
    expect(res.ok).toBe(false);
    expect(res.message).toMatch(/TLS certificate of 127\.0\.0\.1:\d+ is not trusted/);

    const fabricId = await env.fabric("tls", withCa, { gitPath: "fabric" });
    const opId = await queueFabricSync(env.db, fabricId, ALICE);
    const result = await runFabricSync(env.db, fabricId, { operationId: opId, actor: ALICE });
    expect(result?.ingest).toMatchObject({ objects: 1, inserted: 1 });
    expect(await env.db.hedgehogResource.findFirstOrThrow({ where: { fabricId } })).toMatchObject({ kind: "VPC", name: "vpc-1", gitFilePath: "fabric/vpcs.yaml" });
  });
});
