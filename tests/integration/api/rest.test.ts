import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD, startTestApp, type TestApp } from "../../support/app";

type Json = Record<string, unknown>;
const K8S_TOKEN = "eyJhbGciOiJSUzI1NiIsImtpZCI6InNlY3JldC10ZXN0In0.very-secret-k8s-token-4711";
const GIT_PASSWORD = "git-password-that-must-not-leak-0815";

let app: TestApp;
let adminToken: string;

async function tokenFor(username: string, password: string, ip?: string): Promise<string> {
  const res = await app.rest("POST", "/auth/tokens", { body: { username, password, name: "test" }, ip });
  expect(res.status, res.text).toBe(201);
  return (res.json as { token: string }).token;
}

beforeAll(async () => {
  app = await startTestApp();
  adminToken = await tokenFor("admin", ADMIN_PASSWORD);
});

afterAll(async () => {
  await app?.close();
});

describe("authentication", () => {
  it("answers 401 JSON without credentials, never an HTML login page", async () => {
    const res = await app.rest("GET", "/fabrics");
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ code: "UNAUTHORIZED" });
    expect((res.json as Json).message).toMatch(/Bearer/);
  });

  it("refuses a wrong password with 401 and an unknown token with 401", async () => {
    const wrong = await app.rest("POST", "/auth/tokens", { body: { username: "admin", password: "nope" }, ip: "10.0.0.50" });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toMatchObject({ code: "UNAUTHORIZED", message: "Wrong username or password" });
    const bogus = await app.rest("GET", "/me", { token: "hfm_not-a-real-token" });
    expect(bogus.status).toBe(401);
    expect((bogus.json as Json).message).toMatch(/not valid/);
  });

  it("issues tokens that identify the caller", async () => {
    const me = await app.rest("GET", "/me", { token: adminToken });
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ username: "admin", role: "admin", via: "token" });
  });

  it("rejects an expired token with a message that says so", async () => {
    const res = await app.rest("POST", "/auth/tokens", { body: { username: "admin", password: ADMIN_PASSWORD, expiresInDays: 1 } });
    const { id, token } = res.json as { id: string; token: string };
    const { getDb } = await import("@/server/db");
    const db = await getDb();
    await db.apiToken.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const me = await app.rest("GET", "/me", { token });
    expect(me.status).toBe(401);
    expect((me.json as Json).message).toMatch(/expired/);
  });

  it("locks out brute force per user and address, then lets the right password in after the lock", async () => {
    const ip = "10.0.0.99";
    for (let i = 0; i < 5; i++) {
      const res = await app.rest("POST", "/auth/tokens", { body: { username: "admin", password: `wrong-${i}` }, ip });
      expect(res.status).toBe(401);
    }
    const locked = await app.rest("POST", "/auth/tokens", { body: { username: "admin", password: ADMIN_PASSWORD }, ip });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((locked.json as Json).message).toMatch(/Too many failed logins/);
    // Another address is not locked out.
    const other = await app.rest("POST", "/auth/tokens", { body: { username: "admin", password: ADMIN_PASSWORD }, ip: "10.0.0.100" });
    expect(other.status).toBe(201);
  });
});

describe("fabrics and repositories", () => {
  let repoId: string;
  let fabricId: string;

  it("creates a repository whose password is write-only", async () => {
    const res = await app.rest("POST", "/git-repositories", {
      token: adminToken,
      body: { name: "fabric-config", url: "https://127.0.0.1:9/net/fabric.git", authType: "basic", username: "bot", password: GIT_PASSWORD },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({ name: "fabric-config", branch: "main", authType: "basic", passwordSet: true, tokenSet: false });
    expect(res.text).not.toContain(GIT_PASSWORD);
    repoId = (res.json as Json).id as string;
  });

  it("creates a fabric whose Kubernetes token never appears in any answer", async () => {
    const res = await app.rest("POST", "/fabrics", {
      token: adminToken,
      body: { name: "dc1", kubernetesServer: "https://127.0.0.1:9", kubernetesToken: K8S_TOKEN, gitRepositoryId: repoId, gitPath: "fabrics/dc1/" },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({
      name: "dc1",
      kubernetesTokenSet: true,
      kubernetesNamespace: "default",
      gitPath: "fabrics/dc1",
      gitRepositoryName: "fabric-config",
      applyMode: "gitops",
      syncEnabled: true,
      syncIntervalSeconds: 300,
    });
    fabricId = (res.json as Json).id as string;
    for (const path of ["/fabrics", `/fabrics/${fabricId}`, "/git-repositories", `/git-repositories/${repoId}`]) {
      const r = await app.rest("GET", path, { token: adminToken });
      expect(r.status).toBe(200);
      expect(r.text).not.toContain(K8S_TOKEN);
      expect(r.text).not.toContain(GIT_PASSWORD);
    }
    const patched = await app.rest("PATCH", `/fabrics/${fabricId}`, { token: adminToken, body: { description: "first DC" } });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ description: "first DC", kubernetesTokenSet: true });
    expect(patched.text).not.toContain(K8S_TOKEN);
  });

  it("stores secrets encrypted: not in the database in clear, not in the audit log, not in the log file", async () => {
    const { getDb } = await import("@/server/db");
    const { decryptSecret } = await import("@/server/services/crypto");
    const db = await getDb();
    const row = await db.fabric.findUniqueOrThrow({ where: { id: fabricId } });
    expect(row.kubernetesTokenEncrypted).toBeTruthy();
    expect(row.kubernetesTokenEncrypted).not.toContain(K8S_TOKEN);
    expect(decryptSecret(row.kubernetesTokenEncrypted!)).toBe(K8S_TOKEN);
    const audit = await db.auditLog.findMany();
    expect(audit.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit)).not.toContain(K8S_TOKEN);
    expect(JSON.stringify(audit)).not.toContain(GIT_PASSWORD);
    const { logger } = await import("@/server/logger");
    // Even a careless log call with the secret in a field or in text is scrubbed.
    logger.info({ kubernetesToken: K8S_TOKEN, nested: { password: GIT_PASSWORD } }, `connecting with ${K8S_TOKEN}`);
    logger.flush();
    const log = await readFile(app.logFile, "utf8");
    expect(log).toContain("connecting with");
    expect(log).not.toContain(K8S_TOKEN);
    expect(log).not.toContain(GIT_PASSWORD);
  });

  it("answers 409 for a duplicate name and 400 with the failing fields for bad input", async () => {
    const dup = await app.rest("POST", "/fabrics", { token: adminToken, body: { name: "dc1" } });
    expect(dup.status).toBe(409);
    expect(dup.json).toMatchObject({ code: "CONFLICT" });
    const bad = await app.rest("POST", "/fabrics", {
      token: adminToken,
      body: { name: "DC 2", kubernetesServer: "http://127.0.0.1:9", syncIntervalSeconds: 5 },
    });
    expect(bad.status).toBe(400);
    const issues = ((bad.json as Json).data as { issues: Array<{ path: string }> }).issues.map((i) => i.path).sort();
    expect(issues).toEqual(["kubernetesServer", "name", "syncIntervalSeconds"]);
    const missingRepo = await app.rest("POST", "/fabrics", { token: adminToken, body: { name: "dc3", gitRepositoryId: "nope" } });
    expect(missingRepo.status).toBe(400);
    expect((missingRepo.json as Json).message).toMatch(/Git repository does not exist/);
  });

  it("pages lists with limit and cursor", async () => {
    for (const n of ["a", "b", "c"]) {
      const r = await app.rest("POST", "/fabrics", { token: adminToken, body: { name: `page-${n}`, syncEnabled: false } });
      expect(r.status).toBe(201);
    }
    const names: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q: string = `/fabrics?limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const r = await app.rest("GET", q, { token: adminToken });
      expect(r.status).toBe(200);
      const body = r.json as { items: Array<{ name: string }>; nextCursor: string | null };
      expect(body.items.length).toBeLessThanOrEqual(2);
      names.push(...body.items.map((i) => i.name));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(names).toEqual(["dc1", "page-a", "page-b", "page-c"]);
    expect(pages).toBe(2);
  });

  it("refuses to delete a repository a fabric uses", async () => {
    const res = await app.rest("DELETE", `/git-repositories/${repoId}`, { token: adminToken });
    expect(res.status).toBe(409);
    expect((res.json as Json).message).toMatch(/used by 1 fabric/);
  });
});

describe("roles", () => {
  it("lets a viewer read but answers 403 on every write", async () => {
    const created = await app.rest("POST", "/users", { token: adminToken, body: { username: "vera", password: "viewer-pass-1", role: "viewer" } });
    expect(created.status, created.text).toBe(201);
    const viewer = await tokenFor("vera", "viewer-pass-1");
    const fabrics = await app.rest("GET", "/fabrics", { token: viewer });
    expect(fabrics.status).toBe(200);
    const someFabric = (fabrics.json as { items: Array<{ id: string }> }).items[0]!.id;
    const repos = await app.rest("GET", "/git-repositories", { token: viewer });
    const someRepo = (repos.json as { items: Array<{ id: string }> }).items[0]!.id;
    const writes: Array<[string, string, unknown]> = [
      ["POST", "/fabrics", { name: "x1" }],
      ["PATCH", `/fabrics/${someFabric}`, { description: "x" }],
      ["DELETE", `/fabrics/${someFabric}`, undefined],
      ["POST", "/git-repositories", { name: "x", url: "https://127.0.0.1:9/x.git" }],
      ["PATCH", `/git-repositories/${someRepo}`, { branch: "dev" }],
      ["DELETE", `/git-repositories/${someRepo}`, undefined],
      ["POST", "/users", { username: "mallory", password: "12345678", role: "admin" }],
      ["GET", "/users", undefined],
    ];
    for (const [method, path, body] of writes) {
      const res = await app.rest(method, path, { token: viewer, body });
      expect(res.status, `${method} ${path}: ${res.text}`).toBe(403);
      expect(res.json).toMatchObject({ code: "FORBIDDEN" });
    }
    // Nothing was changed by the refused calls.
    const after = await app.rest("GET", `/fabrics/${someFabric}`, { token: adminToken });
    expect(after.status).toBe(200);
  });

  it("an operator may not manage fabrics (admin only)", async () => {
    await app.rest("POST", "/users", { token: adminToken, body: { username: "otto", password: "operator-pass", role: "operator" } });
    const operator = await tokenFor("otto", "operator-pass");
    const res = await app.rest("POST", "/fabrics", { token: operator, body: { name: "op-fabric" } });
    expect(res.status).toBe(403);
  });

  it("keeps at least one admin", async () => {
    const me = await app.rest("GET", "/me", { token: adminToken });
    const id = (me.json as Json).id as string;
    const demote = await app.rest("PATCH", `/users/${id}`, { token: adminToken, body: { role: "viewer" } });
    expect(demote.status).toBe(409);
    expect((demote.json as Json).message).toMatch(/last active admin/);
  });
});

describe("audit log", () => {
  it("records who changed what, without secrets, for admins only", async () => {
    const res = await app.rest("GET", "/audit-log?limit=200", { token: adminToken });
    expect(res.status).toBe(200);
    const items = (res.json as { items: Array<{ action: string; actor: string; objectName: string | null }> }).items;
    expect(items).toContainEqual(expect.objectContaining({ action: "fabric.create", actor: "admin", objectName: "dc1" }));
    expect(items).toContainEqual(expect.objectContaining({ action: "repository.create", objectName: "fabric-config" }));
    expect(res.text).not.toContain(K8S_TOKEN);
    expect(res.text).not.toContain(GIT_PASSWORD);
    const byObject = await app.rest("GET", "/audit-log?object=dc1", { token: adminToken });
    expect((byObject.json as { items: Array<{ objectName: string }> }).items.every((i) => i.objectName === "dc1")).toBe(true);
    const viewer = await tokenFor("vera", "viewer-pass-1");
    expect((await app.rest("GET", "/audit-log", { token: viewer })).status).toBe(403);
  });
});

describe("OpenAPI", () => {
  it("describes the endpoints", async () => {
    const { GET } = await import("@/app/api/v1/openapi.json/route");
    const doc = (await GET().json()) as { paths: Record<string, Record<string, unknown>> };
    for (const [path, method] of [
      ["/auth/tokens", "post"],
      ["/me", "get"],
      ["/users", "get"],
      ["/users/{id}", "patch"],
      ["/fabrics", "post"],
      ["/fabrics/{id}", "delete"],
      ["/git-repositories", "get"],
      ["/git-repositories/{id}", "patch"],
      ["/alerts", "get"],
      ["/audit-log", "get"],
      ["/fabrics/{id}/resources", "get"],
      ["/fabrics/{id}/resources/{kind}/{name}", "put"],
      ["/validate", "post"],
    ] as const) {
      expect(doc.paths[path]?.[method], `${method.toUpperCase()} ${path}`).toBeDefined();
    }
  });
});
