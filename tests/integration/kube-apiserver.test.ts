// The test Kubernetes API server (tests/support/kube-apiserver) driven by the real, unmodified @kubernetes/client-node.
import https from "node:https";
import * as k8s from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startKubeApiServer, type KubeApiServer, type KubeObject, type ManagedFieldsEntry } from "@/tests/support/kube-apiserver";

const VPC = { group: "vpc.githedgehog.com", version: "v1beta1", plural: "vpcs" } as const;
const SWITCH = { group: "wiring.githedgehog.com", version: "v1beta1", plural: "switches" } as const;
const NS = "default";

type Obj = Record<string, unknown>;

function kubeConfig(srv: KubeApiServer, token = srv.token, withCa = true): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  const opts = srv.kubeConfig(token);
  if (!withCa) opts.clusters = opts.clusters.map(({ caData, ...c }) => (void caData, c)) as typeof opts.clusters;
  kc.loadFromOptions(opts);
  return kc;
}

function customApi(srv: KubeApiServer, token?: string): k8s.CustomObjectsApi {
  return kubeConfig(srv, token).makeApiClient(k8s.CustomObjectsApi);
}

/** The ApiException of a rejected call, with its Status body parsed. */
async function apiError(p: Promise<unknown>): Promise<{ code: number; body: Obj; headers: Record<string, string> }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof k8s.ApiException) {
      const raw: unknown = e.body;
      let body: Obj;
      try {
        body = (typeof raw === "string" ? JSON.parse(raw) : raw) as Obj;
      } catch {
        body = { text: raw };
      }
      return { code: e.code, body, headers: e.headers };
    }
    throw e;
  }
  throw new Error("expected the call to fail");
}

/** A plain HTTPS request (for things client-node has no typed call for). */
function raw(
  srv: KubeApiServer,
  method: string,
  path: string,
  opts: { token?: string | null; body?: unknown; contentType?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string; json: () => Obj }> {
  return new Promise((resolve, reject) => {
    const token = opts.token === undefined ? srv.token : opts.token;
    const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const req = https.request(
      `${srv.url}${path}`,
      {
        method,
        ca: srv.caPem,
        headers: {
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(body ? { "Content-Type": opts.contentType ?? "application/json" } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) as Obj });
        });
      },
    );
    req.on("error", reject);
    if (body) req.write(body);
    req.end();
  });
}

function vpc(name: string, extra: Obj = {}, labels?: Record<string, string>): Obj {
  return {
    apiVersion: "vpc.githedgehog.com/v1beta1",
    kind: "VPC",
    metadata: { name, namespace: NS, ...(labels ? { labels } : {}) },
    spec: { subnets: { default: { subnet: "10.0.1.0/24", vlan: 1001 } }, ...extra },
  };
}

interface WatchEvent {
  type: string;
  object: KubeObject;
}

/** Starts a watch and collects its events; `until` resolves once a predicate holds over the events seen. */
async function collectWatch(kc: k8s.KubeConfig, path: string, params: Record<string, string | boolean>) {
  const events: WatchEvent[] = [];
  let doneErr: unknown = "not done";
  const waiters: Array<() => void> = [];
  const controller = await new k8s.Watch(kc).watch(
    path,
    params,
    (type: string, object: KubeObject) => {
      events.push({ type, object });
      for (const w of waiters.splice(0)) w();
    },
    (err: unknown) => {
      doneErr = err;
      for (const w of waiters.splice(0)) w();
    },
  );
  const until = async (pred: (ev: WatchEvent[]) => boolean, ms = 5000): Promise<WatchEvent[]> => {
    const deadline = Date.now() + ms;
    while (!pred(events)) {
      if (Date.now() > deadline) throw new Error(`watch timed out; events so far: ${events.map((e) => `${e.type}:${String(e.object.metadata?.name)}`).join(" ")}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 50);
      });
    }
    return events;
  };
  return { events, until, stop: () => controller.abort(), done: () => doneErr };
}

const names = (items: unknown[]): string[] => items.map((o) => String(((o as KubeObject).metadata ?? {}).name));

describe("kube-apiserver test server with @kubernetes/client-node", () => {
  let srv: KubeApiServer;

  beforeAll(async () => {
    srv = await startKubeApiServer({
      tokens: {
        "no-vpc-list": { user: "viewer", deny: [{ verbs: ["list", "watch", "patch"], apiGroups: ["vpc.githedgehog.com"], resources: ["vpcs"] }] },
        "read-only": { user: "reader", rules: [{ verbs: ["get", "list", "watch"] }] },
      },
      bookmarkIntervalMs: 100,
    });
  });
  afterAll(async () => {
    await srv?.close();
  });

  it("serves /version, lists and gets over TLS with the admin token", async () => {
    const kc = kubeConfig(srv);
    const version = await kc.makeApiClient(k8s.VersionApi).getCode();
    expect(version.gitVersion).toMatch(/^v1\.\d+\.\d+/);
    expect(version.major).toBe("1");
    const api = customApi(srv);
    const list = (await api.listNamespacedCustomObject({ ...VPC, namespace: NS })) as Obj;
    expect(list).toMatchObject({ apiVersion: "vpc.githedgehog.com/v1beta1", kind: "VPCList", items: [] });
    expect((list.metadata as Obj).resourceVersion).toMatch(/^\d+$/);
    const ns = await kc.makeApiClient(k8s.CoreV1Api).readNamespace({ name: "default" });
    expect(ns.status?.phase).toBe("Active");
  });

  it("answers 401 with kube's exact Status for a bad token, and for an expired one", async () => {
    const e = await apiError(customApi(srv, "wrong-token").listNamespacedCustomObject({ ...VPC, namespace: NS }));
    expect(e.code).toBe(401);
    const r = await raw(srv, "GET", "/apis/vpc.githedgehog.com/v1beta1/vpcs", { token: "wrong-token" });
    expect(r.text).toBe('{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}');

    srv.setToken("short-lived", { user: "temp" });
    await customApi(srv, "short-lived").listNamespacedCustomObject({ ...VPC, namespace: NS });
    srv.faults.expireToken("short-lived");
    expect((await apiError(customApi(srv, "short-lived").listNamespacedCustomObject({ ...VPC, namespace: NS }))).code).toBe(401);
  });

  it("fails TLS verification without the CA", async () => {
    const api = kubeConfig(srv, srv.token, false).makeApiClient(k8s.CustomObjectsApi);
    await expect(api.listNamespacedCustomObject({ ...VPC, namespace: NS })).rejects.toThrow(/certificate/i);
  });

  it("forbids what a token's rules do not allow, and SelfSubjectAccessReview agrees", async () => {
    const e = await apiError(customApi(srv, "no-vpc-list").listNamespacedCustomObject({ ...VPC, namespace: NS }));
    expect(e.code).toBe(403);
    expect(e.body).toMatchObject({
      kind: "Status",
      status: "Failure",
      reason: "Forbidden",
      code: 403,
      message: 'vpcs.vpc.githedgehog.com is forbidden: User "viewer" cannot list resource "vpcs" in API group "vpc.githedgehog.com" in the namespace "default"',
      details: { group: "vpc.githedgehog.com", kind: "vpcs" },
    });
    const all = await apiError(customApi(srv, "no-vpc-list").listClusterCustomObject({ ...VPC }));
    expect(all.body.message).toBe('vpcs.vpc.githedgehog.com is forbidden: User "viewer" cannot list resource "vpcs" in API group "vpc.githedgehog.com" at the cluster scope');
    // Other kinds are fine.
    await customApi(srv, "no-vpc-list").listNamespacedCustomObject({ ...SWITCH, namespace: NS });
    const ro = await apiError(customApi(srv, "read-only").createNamespacedCustomObject({ ...VPC, namespace: NS, body: vpc("ro-1") }));
    expect(ro.code).toBe(403);

    const authz = (token: string) => kubeConfig(srv, token).makeApiClient(k8s.AuthorizationV1Api);
    const review = async (token: string, verb: string, resource: string, group: string) =>
      (
        await authz(token).createSelfSubjectAccessReview({
          body: { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", spec: { resourceAttributes: { namespace: NS, verb, group, resource } } },
        })
      ).status?.allowed;
    expect(await review("no-vpc-list", "list", "vpcs", "vpc.githedgehog.com")).toBe(false);
    expect(await review("no-vpc-list", "get", "vpcs", "vpc.githedgehog.com")).toBe(true);
    expect(await review("no-vpc-list", "list", "switches", "wiring.githedgehog.com")).toBe(true);
    expect(await review("read-only", "patch", "vpcs", "vpc.githedgehog.com")).toBe(false);
    expect(await review(srv.token, "patch", "vpcs", "vpc.githedgehog.com")).toBe(true);
  });

  it("serves discovery: groups, resources with plurals, short names, verbs; KubernetesObjectApi works from it", async () => {
    const kc = kubeConfig(srv);
    const groups = await kc.makeApiClient(k8s.ApisApi).getAPIVersions();
    const groupNames = groups.groups.map((g) => g.name);
    expect(groupNames).toEqual(expect.arrayContaining(["vpc.githedgehog.com", "wiring.githedgehog.com", "gateway.githedgehog.com", "authorization.k8s.io"]));
    expect(groups.groups.find((g) => g.name === "vpc.githedgehog.com")?.preferredVersion?.groupVersion).toBe("vpc.githedgehog.com/v1beta1");
    const core = await kc.makeApiClient(k8s.CoreApi).getAPIVersions();
    expect(core.versions).toEqual(["v1"]);

    const r = await raw(srv, "GET", "/apis/vpc.githedgehog.com/v1beta1");
    const list = r.json() as { kind: string; groupVersion: string; resources: Array<Obj> };
    expect(list.kind).toBe("APIResourceList");
    expect(list.groupVersion).toBe("vpc.githedgehog.com/v1beta1");
    const attach = list.resources.find((x) => x.name === "vpcattachments");
    expect(attach).toMatchObject({ kind: "VPCAttachment", singularName: "vpcattachment", namespaced: true, shortNames: ["vpcattach"] });
    expect(attach?.verbs).toEqual(expect.arrayContaining(["get", "list", "watch", "create", "update", "patch", "delete"]));
    expect(list.resources.some((x) => x.name === "vpcs/status")).toBe(true);

    const objects = k8s.KubernetesObjectApi.makeApiClient(kc);
    const spec: k8s.KubernetesObject & { spec: Obj } = { apiVersion: "vpc.githedgehog.com/v1beta1", kind: "VPC", metadata: { name: "disc-1", namespace: NS }, spec: {} };
    const created = await objects.create(spec);
    expect(created.metadata?.uid).toBeTruthy();
    const listed = await objects.list("vpc.githedgehog.com/v1beta1", "VPC", NS);
    expect(names(listed.items)).toContain("disc-1");
    await objects.delete({ apiVersion: "vpc.githedgehog.com/v1beta1", kind: "VPC", metadata: { name: "disc-1", namespace: NS } });
  });

  it("adds server fields and the Hedgehog defaulting to a created VPC", async () => {
    const api = customApi(srv);
    const before = Number(srv.store.resourceVersion);
    const body = vpc("def-1", {
      subnets: { default: { subnet: "10.0.1.0/24", vlan: 1001, dhcp: { enable: true, options: { dnsServers: ["8.8.8.8"] } } } },
    });
    const o = (await api.createNamespacedCustomObject({ ...VPC, namespace: NS, body, fieldManager: "hfm" })) as KubeObject;
    const md = o.metadata;
    expect(md.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(md.generation).toBe(1);
    expect(Number(md.resourceVersion)).toBeGreaterThan(before);
    expect(md.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(o.status).toEqual({});
    const mf = md.managedFields as ManagedFieldsEntry[];
    expect(mf).toHaveLength(1);
    expect(mf[0]).toMatchObject({ manager: "hfm", operation: "Update", apiVersion: "vpc.githedgehog.com/v1beta1", fieldsType: "FieldsV1" });
    expect(mf[0].fieldsV1).toHaveProperty(["f:spec", "f:subnets", "f:default", "f:vlan"]);
    const spec = o.spec as Obj;
    expect(spec.ipv4Namespace).toBe("default");
    expect(spec.vlanNamespace).toBe("default");
    const subnet = (spec.subnets as Record<string, Obj>).default;
    expect(subnet.gateway).toBe("10.0.1.1");
    expect(subnet.dhcp).toMatchObject({ enable: true, range: { start: "10.0.1.2", end: "10.0.1.255" }, options: { interfaceMTU: 9036, leaseTimeSeconds: 3600, dnsServers: ["8.8.8.8"] } });
    expect(md.labels).toEqual({ "fabric.githedgehog.com/ipv4ns": "default", "fabric.githedgehog.com/vlanns": "default" });

    // System labels on a VPCAttachment.
    const att = (await api.createNamespacedCustomObject({
      ...VPC,
      plural: "vpcattachments",
      namespace: NS,
      body: { apiVersion: "vpc.githedgehog.com/v1beta1", kind: "VPCAttachment", metadata: { name: "def-1--conn" }, spec: { subnet: "def-1", connection: "server-01--unbundled--leaf-01" } },
    })) as KubeObject;
    expect((att.spec as Obj).subnet).toBe("def-1/default");
    expect(att.metadata.labels).toMatchObject({
      "fabric.githedgehog.com/vpc": "def-1",
      "fabric.githedgehog.com/subnet": "default",
      "fabric.githedgehog.com/connection": "server-01--unbundled--leaf-01",
    });
    // The store sees the same.
    expect(srv.store.get("VPC", "def-1")?.metadata.uid).toBe(md.uid);
  });

  it("rejects duplicate creates (409 AlreadyExists) and stale replaces (409 Conflict); bumps generation on spec change only", async () => {
    const api = customApi(srv);
    const o = (await api.createNamespacedCustomObject({ ...VPC, namespace: NS, body: vpc("cr-1") })) as KubeObject;
    const dup = await apiError(api.createNamespacedCustomObject({ ...VPC, namespace: NS, body: vpc("cr-1") }));
    expect(dup.code).toBe(409);
    expect(dup.body).toMatchObject({ reason: "AlreadyExists", message: 'vpcs.vpc.githedgehog.com "cr-1" already exists', details: { name: "cr-1", kind: "vpcs" } });

    const updated = structuredClone(o);
    (updated.spec as Obj).defaultIsolated = true;
    const r1 = (await api.replaceNamespacedCustomObject({ ...VPC, namespace: NS, name: "cr-1", body: updated })) as KubeObject;
    expect(r1.metadata.generation).toBe(2);
    expect(Number(r1.metadata.resourceVersion)).toBeGreaterThan(Number(o.metadata.resourceVersion));
    const stale = await apiError(api.replaceNamespacedCustomObject({ ...VPC, namespace: NS, name: "cr-1", body: updated }));
    expect(stale.code).toBe(409);
    expect(stale.body).toMatchObject({
      reason: "Conflict",
      message: 'Operation cannot be fulfilled on vpcs.vpc.githedgehog.com "cr-1": the object has been modified; please apply your changes to the latest version and try again',
    });
    // A label-only change keeps the generation.
    const relabel = structuredClone(r1);
    relabel.metadata.labels = { ...(relabel.metadata.labels as Record<string, string>), team: "a" };
    const r2 = (await api.replaceNamespacedCustomObject({ ...VPC, namespace: NS, name: "cr-1", body: relabel })) as KubeObject;
    expect(r2.metadata.generation).toBe(2);
    // Writing the same object again is a no-op (no new resourceVersion).
    const r3 = (await api.replaceNamespacedCustomObject({ ...VPC, namespace: NS, name: "cr-1", body: r2 })) as KubeObject;
    expect(r3.metadata.resourceVersion).toBe(r2.metadata.resourceVersion);
    expect((await apiError(api.getNamespacedCustomObject({ ...VPC, namespace: NS, name: "missing" }))).body).toMatchObject({
      code: 404,
      reason: "NotFound",
      message: 'vpcs.vpc.githedgehog.com "missing" not found',
    });
  });

  it("applies JSON merge patches (and rejects a stale resourceVersion in one)", async () => {
    const api = customApi(srv);
    const o = (await api.createNamespacedCustomObject({ ...VPC, namespace: NS, body: vpc("mp-1", {}, { a: "1", b: "2" }) })) as KubeObject;
    const merge = k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch);
    const p = (await api.patchNamespacedCustomObject(
      { ...VPC, namespace: NS, name: "mp-1", body: { metadata: { labels: { b: null, c: "3" } }, spec: { defaultRestricted: true } } },
      merge,
    )) as KubeObject;
    expect(p.metadata.labels).toMatchObject({ a: "1", c: "3" });
    expect(p.metadata.labels).not.toHaveProperty("b");
    expect((p.spec as Obj).defaultRestricted).toBe(true);
    expect(p.metadata.generation).toBe(2);
    const stale = await apiError(
      api.patchNamespacedCustomObject({ ...VPC, namespace: NS, name: "mp-1", body: { metadata: { resourceVersion: o.metadata.resourceVersion }, spec: { mode: "l3vni" } } }, merge),
    );
    expect(stale.code).toBe(409);
    const jp = (await api.patchNamespacedCustomObject({ ...VPC, namespace: NS, name: "mp-1", body: [{ op: "replace", path: "/spec/defaultRestricted", value: false }] })) as KubeObject;
    expect((jp.spec as Obj).defaultRestricted).toBe(false);
  });

  it("server-side apply: tracks managedFields, reports conflicts like kube, and force takes ownership", async () => {
    const api = customApi(srv);
    const ssa = k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.ServerSideApply);
    const apply = (manager: string, body: Obj, force?: boolean) =>
      api.patchNamespacedCustomObject({ ...VPC, namespace: NS, name: "ssa-1", body, fieldManager: manager, ...(force ? { force } : {}) }, ssa) as Promise<KubeObject>;

    const created = await apply("hfm", vpc("ssa-1", { defaultIsolated: true }));
    expect(created.metadata.generation).toBe(1);
    const mf = created.metadata.managedFields as ManagedFieldsEntry[];
    expect(mf.map((m) => [m.manager, m.operation])).toEqual([["hfm", "Apply"]]);
    expect(mf[0].fieldsV1).toEqual({ "f:spec": { "f:defaultIsolated": {}, "f:subnets": { "f:default": { "f:subnet": {}, "f:vlan": {} } } } });

    // Without fieldManager: 422.
    const noMgr = await apiError(api.patchNamespacedCustomObject({ ...VPC, namespace: NS, name: "ssa-1", body: vpc("ssa-1") }, ssa));
    expect(noMgr.code).toBe(422);

    // Same values from another manager: shared ownership, no conflict.
    await apply("other", { apiVersion: "vpc.githedgehog.com/v1beta1", kind: "VPC", metadata: { name: "ssa-1", namespace: NS }, spec: { defaultIsolated: true } });
    // A different value: conflict.
    const conflictBody = { apiVersion: "vpc.githedgehog.com/v1beta1", kind: "VPC", metadata: { name: "ssa-1", namespace: NS }, spec: { defaultIsolated: false, subnets: { default: { vlan: 1002 } } } };
    const c = await apiError(apply("kubectl", conflictBody));
    expect(c.code).toBe(409);
    expect(c.body.reason).toBe("Conflict");
    expect(c.body.message).toBe('Apply failed with 3 conflicts: conflicts with "hfm":\n- .spec.defaultIsolated\n- .spec.subnets.default.vlan\nconflicts with "other":\n- .spec.defaultIsolated');
    expect((c.body.details as Obj).causes).toEqual(
      expect.arrayContaining([{ reason: "FieldManagerConflict", message: 'conflict with "hfm"', field: ".spec.subnets.default.vlan" }]),
    );
    const one = await apiError(apply("kubectl", { ...conflictBody, spec: { subnets: { default: { vlan: 1002 } } } }));
    expect(one.body.message).toBe('Apply failed with 1 conflict: conflict with "hfm": .spec.subnets.default.vlan');

    // An Update manager is named with its apiVersion.
    await api.patchNamespacedCustomObject(
      { ...VPC, namespace: NS, name: "ssa-1", body: { spec: { mode: "l3vni" } }, fieldManager: "editor" },
      k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch),
    );
    const u = await apiError(apply("kubectl", { ...conflictBody, spec: { mode: "" } }));
    expect(u.body.message).toBe('Apply failed with 1 conflict: conflict with "editor" using vpc.githedgehog.com/v1beta1: .spec.mode');

    // force: kubectl takes the fields.
    const forced = await apply("kubectl", conflictBody, true);
    expect((forced.spec as Obj).defaultIsolated).toBe(false);
    const subnet = ((forced.spec as Obj).subnets as Record<string, Obj>).default;
    expect(subnet.vlan).toBe(1002);
    expect(subnet.subnet).toBe("10.0.1.0/24");
    const after = forced.metadata.managedFields as ManagedFieldsEntry[];
    const owner = (m: string) => after.find((e) => e.manager === m)?.fieldsV1 as Obj | undefined;
    expect(owner("kubectl")).toHaveProperty(["f:spec", "f:defaultIsolated"]);
    expect(owner("hfm")).not.toHaveProperty(["f:spec", "f:defaultIsolated"]);
    expect(owner("hfm")).toHaveProperty(["f:spec", "f:subnets", "f:default", "f:subnet"]);
    expect(owner("other")).toBeUndefined(); // its only field was taken

    // Re-applying without a field releases and removes it.
    const hfm2 = await apply("hfm", { apiVersion: "vpc.githedgehog.com/v1beta1", kind: "VPC", metadata: { name: "ssa-1", namespace: NS }, spec: {} });
    expect(((hfm2.spec as Obj).subnets as Record<string, Obj>).default).toEqual(expect.objectContaining({ vlan: 1002 }));
    expect(((hfm2.spec as Obj).subnets as Record<string, Obj>).default).not.toHaveProperty("subnet");
    // Idempotent apply: no new resourceVersion.
    const again = await apply("hfm", { apiVersion: "vpc.githedgehog.com/v1beta1", kind: "VPC", metadata: { name: "ssa-1", namespace: NS }, spec: {} });
    expect(again.metadata.resourceVersion).toBe(hfm2.metadata.resourceVersion);
  });

  it("dryRun=All validates and returns the result but stores nothing", async () => {
    const api = customApi(srv);
    const rv = srv.store.resourceVersion;
    const o = (await api.createNamespacedCustomObject({ ...VPC, namespace: NS, body: vpc("dry-1"), dryRun: "All" })) as KubeObject;
    expect((o.spec as Obj).ipv4Namespace).toBe("default");
    expect(o.metadata.uid).toBeTruthy();
    expect((await apiError(api.getNamespacedCustomObject({ ...VPC, namespace: NS, name: "dry-1" }))).code).toBe(404);
    await api.createNamespacedCustomObject({ ...VPC, namespace: NS, body: vpc("dry-2") });
    const rv2 = srv.store.resourceVersion;
    expect(Number(rv2)).toBe(Number(rv) + 1);
    const ssa = k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.ServerSideApply);
    const applied = (await api.patchNamespacedCustomObject(
      { ...VPC, namespace: NS, name: "dry-2", body: vpc("dry-2", { defaultIsolated: true }), fieldManager: "hfm", dryRun: "All" },
      ssa,
    )) as KubeObject;
    expect((applied.spec as Obj).defaultIsolated).toBe(true);
    await api.deleteNamespacedCustomObject({ ...VPC, namespace: NS, name: "dry-2", dryRun: "All" });
    const still = (await api.getNamespacedCustomObject({ ...VPC, namespace: NS, name: "dry-2" })) as KubeObject;
    expect((still.spec as Obj).defaultIsolated).toBeUndefined();
    expect(srv.store.resourceVersion).toBe(rv2);
    // A dry run still validates.
    expect((await apiError(api.createNamespacedCustomObject({ ...VPC, namespace: NS, body: vpc("dry-3", { defaultIsolated: "yes" }), dryRun: "All" }))).code).toBe(422);
  });

  it("validates against the CRD schema: 422 Invalid with causes; unknown fields pruned (Warn) or rejected (Strict)", async () => {
    const api = customApi(srv);
    const bad = await apiError(
      api.createNamespacedCustomObject({ ...VPC, namespace: NS, body: vpc("bad-1", { subnets: { default: { subnet: "10.0.1.0/24", vlan: "1001" } }, defaultIsolated: "yes" }) }),
    );
    expect(bad.code).toBe(422);
    expect(bad.body).toMatchObject({ kind: "Status", status: "Failure", reason: "Invalid", code: 422, details: { name: "bad-1", group: "vpc.githedgehog.com", kind: "VPC" } });
    expect(bad.body.message).toMatch(/^VPC\.vpc\.githedgehog\.com "bad-1" is invalid: \[/);
    expect((bad.body.details as Obj).causes).toEqual(
      expect.arrayContaining([
        { reason: "FieldValueTypeInvalid", message: 'Invalid value: "string": spec.subnets.default.vlan in body must be of type integer: "string"', field: "spec.subnets.default.vlan" },
        { reason: "FieldValueTypeInvalid", message: 'Invalid value: "string": spec.defaultIsolated in body must be of type boolean: "string"', field: "spec.defaultIsolated" },
      ]),
    );
    const sw = await apiError(
      api.createNamespacedCustomObject({
        ...SWITCH,
        namespace: NS,
        body: { apiVersion: "wiring.githedgehog.com/v1beta1", kind: "Switch", metadata: { name: "leaf-9" }, spec: { role: "router" } },
      }),
    );
    expect((sw.body.details as Obj).causes).toEqual([
      { reason: "FieldValueNotSupported", message: 'Unsupported value: "router": supported values: "spine", "server-leaf", "border-leaf", "mixed-leaf", "virtual-edge"', field: "spec.role" },
    ]);
    const badName = await apiError(api.createNamespacedCustomObject({ ...VPC, namespace: NS, body: vpc("Bad_Name") }));
    expect(((badName.body.details as Obj).causes as Obj[])[0]).toMatchObject({ reason: "FieldValueInvalid", field: "metadata.name" });

    // Unknown fields: pruned with a warning by default, rejected with fieldValidation=Strict.
    const pruned = (await api.createNamespacedCustomObject({ ...VPC, namespace: NS, body: vpc("unk-1", { bogus: 1 }) })) as KubeObject;
    expect(pruned.spec).not.toHaveProperty("bogus");
    const r = await raw(srv, "POST", "/apis/vpc.githedgehog.com/v1beta1/namespaces/default/vpcs", { body: vpc("unk-2", { bogus: 1 }) });
    expect(r.status).toBe(201);
    expect(r.headers.warning).toBe('299 - "unknown field \\"spec.bogus\\""');
    const strict = await apiError(api.createNamespacedCustomObject({ ...VPC, namespace: NS, body: vpc("unk-3", { bogus: 1 }), fieldValidation: "Strict" }));
    expect(strict.code).toBe(400);
    expect(strict.body.message).toBe('VPC in version "v1beta1" cannot be handled as a VPC: strict decoding error: unknown field "spec.bogus"');
  });

  it("filters lists with label selectors (=, !=, exists, !exists, in, notin)", async () => {
    const api = customApi(srv);
    const mk = (name: string, labels: Record<string, string>) => api.createNamespacedCustomObject({ ...VPC, namespace: NS, body: vpc(name, {}, labels) });
    await mk("sel-a", { tier: "web", env: "prod" });
    await mk("sel-b", { tier: "db", env: "prod" });
    await mk("sel-c", { tier: "web", env: "dev" });
    await mk("sel-d", { env: "dev" });
    const q = async (labelSelector: string) =>
      names(((await api.listNamespacedCustomObject({ ...VPC, namespace: NS, labelSelector })) as { items: unknown[] }).items).filter((n) => n.startsWith("sel-"));
    expect(await q("tier=web")).toEqual(["sel-a", "sel-c"]);
    expect(await q("tier==web,env=prod")).toEqual(["sel-a"]);
    expect(await q("env,tier!=web")).toEqual(["sel-b", "sel-d"]);
    expect(await q("tier")).toEqual(["sel-a", "sel-b", "sel-c"]);
    expect(await q("!tier")).toEqual(["sel-d"]);
    expect(await q("tier in (db, web),env notin (dev)")).toEqual(["sel-a", "sel-b"]);
    expect(await q("fabric.githedgehog.com/ipv4ns=default,env=dev")).toEqual(["sel-c", "sel-d"]);
    const bad = await apiError(api.listNamespacedCustomObject({ ...VPC, namespace: NS, labelSelector: "tier in (web" }));
    expect(bad.code).toBe(400);
  });

  it("watches: initial ADDED events, live events, resume from a resourceVersion, bookmarks, 410 after compaction", async () => {
    const kc = kubeConfig(srv);
    const api = customApi(srv);
    const path = "/apis/vpc.githedgehog.com/v1beta1/namespaces/default/vpcs";
    await api.createNamespacedCustomObject({ ...VPC, namespace: NS, body: vpc("w-1", {}, { watch: "yes" }) });

    const w = await collectWatch(kc, path, { resourceVersion: "0", labelSelector: "watch=yes", allowWatchBookmarks: true });
    await w.until((ev) => ev.some((e) => e.type === "ADDED" && e.object.metadata.name === "w-1"));
    const created = (await api.createNamespacedCustomObject({ ...VPC, namespace: NS, body: vpc("w-2", {}, { watch: "yes" }) })) as KubeObject;
    const resumeFrom = created.metadata.resourceVersion as string;
    await api.patchNamespacedCustomObject(
      { ...VPC, namespace: NS, name: "w-2", body: { spec: { defaultIsolated: true } } },
      k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch),
    );
    await api.deleteNamespacedCustomObject({ ...VPC, namespace: NS, name: "w-1" });
    // Leaving the selector is a DELETED for this watch.
    await api.patchNamespacedCustomObject(
      { ...VPC, namespace: NS, name: "w-2", body: { metadata: { labels: { watch: "no" } } } },
      k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch),
    );
    const seen = await w.until((ev) => ev.filter((e) => e.type === "DELETED").length >= 2 && ev.some((e) => e.type === "BOOKMARK"));
    const sequence = seen.filter((e) => e.type !== "BOOKMARK").map((e) => `${e.type}:${String(e.object.metadata.name)}`);
    expect(sequence).toEqual(["ADDED:w-1", "ADDED:w-2", "MODIFIED:w-2", "DELETED:w-1", "DELETED:w-2"]);
    const bookmark = seen.find((e) => e.type === "BOOKMARK");
    expect(bookmark?.object).toMatchObject({ kind: "VPC", apiVersion: "vpc.githedgehog.com/v1beta1" });
    expect(bookmark?.object.metadata.resourceVersion).toMatch(/^\d+$/);
    w.stop();

    // Resume: only what happened after resumeFrom, no initial ADDED.
    const r = await collectWatch(kc, path, { resourceVersion: resumeFrom });
    const resumed = await r.until((ev) => ev.length >= 3);
    expect(resumed.map((e) => `${e.type}:${String(e.object.metadata.name)}`).slice(0, 3)).toEqual(["MODIFIED:w-2", "DELETED:w-1", "MODIFIED:w-2"]);
    r.stop();

    // Compaction: an old resourceVersion gets a 410 ERROR event and the stream ends.
    srv.store.compact();
    const g = await collectWatch(kc, path, { resourceVersion: resumeFrom });
    const gone = await g.until((ev) => ev.length >= 1);
    expect(gone[0].type).toBe("ERROR");
    expect(gone[0].object).toMatchObject({ kind: "Status", status: "Failure", reason: "Expired", code: 410 });
    expect((gone[0].object as unknown as Obj).message).toMatch(/^too old resource version: \d+ \(\d+\)$/);
    await g.until(() => g.done() !== "not done");
  });

  it("watches across all namespaces and ends watches from the server side", async () => {
    const kc = kubeConfig(srv);
    const api = customApi(srv);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: "team-b" } } });
    const w = await collectWatch(kc, "/apis/vpc.githedgehog.com/v1beta1/vpcs", { resourceVersion: srv.store.resourceVersion });
    await api.createNamespacedCustomObject({ ...VPC, namespace: "team-b", body: { ...vpc("x-1"), metadata: { name: "x-1" } } });
    const ev = await w.until((e) => e.length >= 1);
    expect(ev[0].object.metadata.namespace).toBe("team-b");
    const missingNs = await apiError(api.createNamespacedCustomObject({ ...VPC, namespace: "nope", body: { ...vpc("x-2"), metadata: { name: "x-2" } } }));
    expect(missingNs.body).toMatchObject({ code: 404, message: 'namespaces "nope" not found' });
    expect(srv.openWatches).toBeGreaterThan(0);
    srv.closeWatches();
    await w.until(() => w.done() !== "not done");
    expect(w.done()).toBeNull();
  });

  it("keeps a client-node informer in sync, including a relist after a server-side close with a compacted history", async () => {
    const kc = kubeConfig(srv);
    const api = customApi(srv);
    await kc.makeApiClient(k8s.CoreV1Api).createNamespace({ body: { metadata: { name: "inf" } } });
    const G = { ...VPC, namespace: "inf" };
    const informer = k8s.makeInformer(
      kc,
      "/apis/vpc.githedgehog.com/v1beta1/namespaces/inf/vpcs",
      () => api.listNamespacedCustomObject(G) as Promise<k8s.KubernetesListObject<k8s.KubernetesObject>>,
    );
    const log: string[] = [];
    informer.on("add", (o) => log.push(`add:${String(o.metadata?.name)}`));
    informer.on("update", (o) => log.push(`update:${String(o.metadata?.name)}`));
    informer.on("delete", (o) => log.push(`delete:${String(o.metadata?.name)}`));
    const waitFor = async (pred: () => boolean): Promise<void> => {
      const deadline = Date.now() + 5000;
      while (!pred()) {
        if (Date.now() > deadline) throw new Error(`informer timed out: ${log.join(" ")}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const body = (name: string) => ({ ...vpc(name), metadata: { name } });
    await api.createNamespacedCustomObject({ ...G, body: body("i-1") });
    await informer.start();
    await waitFor(() => log.includes("add:i-1"));
    await api.createNamespacedCustomObject({ ...G, body: body("i-2") });
    await api.patchNamespacedCustomObject({ ...G, name: "i-1", body: { spec: { defaultIsolated: true } } }, k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch));
    await api.deleteNamespacedCustomObject({ ...G, name: "i-2" });
    await waitFor(() => log.includes("delete:i-2"));
    expect(log).toEqual(["add:i-1", "add:i-2", "update:i-1", "delete:i-2"]);

    // The server ends the watch and forgets history; the informer re-watches, gets 410, relists.
    srv.clearRequests();
    srv.closeWatches();
    srv.store.put({ ...vpc("i-3"), metadata: { name: "i-3", namespace: "inf" } });
    srv.store.compact();
    await waitFor(() => log.includes("add:i-3"));
    expect(informer.list("inf").map((o) => o.metadata?.name).sort()).toEqual(["i-1", "i-3"]);
    expect(srv.requests.filter((r) => r.verb === "list").length).toBe(1);
    await informer.stop();
  });

  it("injects faults: 503 twice then ok, 429 with Retry-After, dropped sockets, delays; logs every request", async () => {
    const api = customApi(srv);
    srv.clearRequests();
    // Faults and the log are scoped to this list, so a watch reconnecting from the test before cannot take them.
    const vpcList = { method: "GET", path: /\/namespaces\/default\/vpcs$/ };
    srv.faults.failNext(2, 503, { match: vpcList });
    const codes: number[] = [];
    let list: unknown;
    for (let i = 0; i < 3 && list === undefined; i++) {
      try {
        list = await api.listNamespacedCustomObject({ ...VPC, namespace: NS });
      } catch (e) {
        codes.push(e instanceof k8s.ApiException ? e.code : -1);
      }
    }
    expect(codes).toEqual([503, 503]);
    expect(list).toMatchObject({ kind: "VPCList" });
    expect(srv.requests.filter((r) => vpcList.path.test(r.path)).map((r) => [r.method, r.path, r.verb ?? r.fault, r.status])).toEqual([
      ["GET", "/apis/vpc.githedgehog.com/v1beta1/namespaces/default/vpcs", "fail", 503],
      ["GET", "/apis/vpc.githedgehog.com/v1beta1/namespaces/default/vpcs", "fail", 503],
      ["GET", "/apis/vpc.githedgehog.com/v1beta1/namespaces/default/vpcs", "list", 200],
    ]);

    srv.faults.failNext(1, 429, { retryAfterSeconds: 2, match: vpcList });
    const tooMany = await apiError(api.listNamespacedCustomObject({ ...VPC, namespace: NS }));
    expect(tooMany.code).toBe(429);
    expect(tooMany.headers["retry-after"]).toBe("2");
    expect(tooMany.body).toMatchObject({ reason: "TooManyRequests", details: { retryAfterSeconds: 2 } });

    srv.faults.dropNext(1, { match: { method: "GET", path: /\/vpcs$/ } });
    await expect(api.listNamespacedCustomObject({ ...VPC, namespace: NS })).rejects.toThrow(/socket hang up|ECONNRESET|closed/i);
    await api.listNamespacedCustomObject({ ...VPC, namespace: NS });

    srv.faults.delay(150, 1);
    const t0 = Date.now();
    await api.listNamespacedCustomObject({ ...VPC, namespace: NS });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    srv.faults.reset();
    const list2 = srv.requests.filter((r) => r.verb === "list");
    expect(list2.length).toBeGreaterThanOrEqual(3);
    expect(list2[0].query).toEqual({});
  });

  it("serves the status subresource: the main resource ignores status, /status changes only status; unknown status fields are pruned", async () => {
    const api = customApi(srv);
    const GW = { group: "gateway.githedgehog.com", version: "v1alpha1", plural: "vpcinfos", namespace: NS };
    const body = { apiVersion: "gateway.githedgehog.com/v1alpha1", kind: "VPCInfo", metadata: { name: "st-1" }, spec: { vni: 100 }, status: { internalID: "x" } };
    const o = (await api.createNamespacedCustomObject({ ...GW, body })) as KubeObject;
    expect(o.status).toEqual({});
    const withStatus = (await api.patchNamespacedCustomObjectStatus(
      { ...GW, name: "st-1", body: { status: { internalID: "id-7" }, spec: { vni: 200 } } },
      k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch),
    )) as KubeObject;
    expect(withStatus.status).toEqual({ internalID: "id-7" });
    expect((withStatus.spec as Obj).vni).toBe(100);
    expect(withStatus.metadata.generation).toBe(1);
    const main = structuredClone(withStatus);
    main.status = { internalID: "other" };
    (main.spec as Obj).vni = 300;
    const replaced = (await api.replaceNamespacedCustomObject({ ...GW, name: "st-1", body: main })) as KubeObject;
    expect(replaced.status).toEqual({ internalID: "id-7" });
    expect((replaced.spec as Obj).vni).toBe(300);
    expect(replaced.metadata.generation).toBe(2);
    const st = (await api.getNamespacedCustomObjectStatus({ ...GW, name: "st-1" })) as KubeObject;
    expect(st.status).toEqual({ internalID: "id-7" });
    // VPC's status schema is empty (API-NOTES §1): whatever is written there is pruned.
    await api.createNamespacedCustomObject({ ...VPC, namespace: NS, body: vpc("st-2") });
    const vs = (await api.patchNamespacedCustomObjectStatus(
      { ...VPC, namespace: NS, name: "st-2", body: { status: { vni: 5 } } },
      k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch),
    )) as KubeObject;
    expect(vs.status).toEqual({});
  });

  it("deletes: 200 with the object, preconditions, finalizers keep the object until removed", async () => {
    const api = customApi(srv);
    await api.createNamespacedCustomObject({ ...VPC, namespace: NS, body: vpc("del-1") });
    const d = (await api.deleteNamespacedCustomObject({ ...VPC, namespace: NS, name: "del-1" })) as KubeObject;
    expect(d.metadata.name).toBe("del-1");
    expect((await apiError(api.getNamespacedCustomObject({ ...VPC, namespace: NS, name: "del-1" }))).code).toBe(404);

    const f = (await api.createNamespacedCustomObject({ ...VPC, namespace: NS, body: { ...vpc("del-2"), metadata: { name: "del-2", finalizers: ["hfm.example/hold"] } } })) as KubeObject;
    const pre = await apiError(api.deleteNamespacedCustomObject({ ...VPC, namespace: NS, name: "del-2", body: { preconditions: { resourceVersion: "1" } } }));
    expect(pre.code).toBe(409);
    const marked = (await api.deleteNamespacedCustomObject({ ...VPC, namespace: NS, name: "del-2" })) as KubeObject;
    expect(marked.metadata.deletionTimestamp).toBeTruthy();
    expect(Number(marked.metadata.resourceVersion)).toBeGreaterThan(Number(f.metadata.resourceVersion));
    await api.patchNamespacedCustomObject(
      { ...VPC, namespace: NS, name: "del-2", body: { metadata: { finalizers: null } } },
      k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch),
    );
    expect((await apiError(api.getNamespacedCustomObject({ ...VPC, namespace: NS, name: "del-2" }))).code).toBe(404);
  });
});

describe("kube-apiserver test server: paging a big fabric", () => {
  let srv: KubeApiServer;
  const N = 5000;

  beforeAll(async () => {
    const objects = Array.from({ length: N }, (_, i) => ({
      apiVersion: "wiring.githedgehog.com/v1beta1",
      kind: "Server",
      metadata: { name: `server-${String(i).padStart(4, "0")}`, namespace: NS, labels: { rack: `r${i % 10}` } },
      spec: { description: `server ${i}` },
    }));
    srv = await startKubeApiServer({ objects });
  });
  afterAll(async () => {
    await srv?.close();
  });

  it("pages through 5,000 objects with limit=500 and continue tokens over a consistent snapshot", async () => {
    const api = customApi(srv);
    const seen: string[] = [];
    let cont: string | undefined;
    let pages = 0;
    let firstRv: string | undefined;
    do {
      const page = (await api.listNamespacedCustomObject({ group: "wiring.githedgehog.com", version: "v1beta1", plural: "servers", namespace: NS, limit: 500, _continue: cont })) as {
        items: KubeObject[];
        metadata: { continue?: string; remainingItemCount?: number; resourceVersion: string };
      };
      pages++;
      expect(page.items.length).toBe(500);
      firstRv ??= page.metadata.resourceVersion;
      expect(page.metadata.resourceVersion).toBe(firstRv);
      if (pages === 1) {
        expect(page.metadata.remainingItemCount).toBe(N - 500);
        // Changes after the first page do not show up in later pages.
        srv.store.put({ apiVersion: "wiring.githedgehog.com/v1beta1", kind: "Server", metadata: { name: "server-9999", namespace: NS }, spec: {} });
        srv.store.delete("Server", "server-4999");
      }
      seen.push(...names(page.items));
      cont = page.metadata.continue;
    } while (cont);
    expect(pages).toBe(10);
    expect(new Set(seen).size).toBe(N);
    expect(seen[0]).toBe("server-0000");
    expect(seen[N - 1]).toBe("server-4999");
    // Paging with a selector.
    const r3 = (await api.listClusterCustomObject({ group: "wiring.githedgehog.com", version: "v1beta1", plural: "servers", labelSelector: "rack=r3", limit: 200 })) as {
      items: KubeObject[];
      metadata: { continue?: string };
    };
    expect(r3.items.length).toBe(200);
    expect(r3.metadata.continue).toBeTruthy();
    // A continue token whose snapshot was compacted away: 410 Expired.
    srv.store.put({ apiVersion: "wiring.githedgehog.com/v1beta1", kind: "Server", metadata: { name: "server-9998", namespace: NS }, spec: {} });
    srv.store.compact();
    const e = await apiError(
      api.listClusterCustomObject({ group: "wiring.githedgehog.com", version: "v1beta1", plural: "servers", labelSelector: "rack=r3", limit: 200, _continue: r3.metadata.continue }),
    );
    expect(e.code).toBe(410);
    expect(e.body.reason).toBe("Expired");
  });
});

describe("kube-apiserver test server without the Hedgehog CRDs", () => {
  let srv: KubeApiServer;
  beforeAll(async () => {
    srv = await startKubeApiServer({ crdsDir: false });
  });
  afterAll(async () => {
    await srv?.close();
  });

  it("is not a Hedgehog cluster: no groups in discovery, 404 for the kinds", async () => {
    const kc = kubeConfig(srv);
    const groups = (await kc.makeApiClient(k8s.ApisApi).getAPIVersions()).groups.map((g) => g.name);
    expect(groups).not.toContain("vpc.githedgehog.com");
    expect(groups).toContain("authorization.k8s.io");
    const e = await apiError(customApi(srv).listNamespacedCustomObject({ ...VPC, namespace: NS }));
    expect(e.code).toBe(404);
    expect(e.body).toEqual({ text: "404 page not found\n" });
    const crds = await kc.makeApiClient(k8s.ApiextensionsV1Api).listCustomResourceDefinition();
    expect(crds.items).toEqual([]);
  });
});

describe("kube-apiserver test server with CRDs loaded from a directory", () => {
  it("loads /work/shared/hedgehog/crds-style YAML and serves the CRD objects", async () => {
    const { existsSync } = await import("node:fs");
    const dir = "/work/shared/hedgehog/crds";
    if (!existsSync(dir)) return;
    const srv = await startKubeApiServer({ crdsDir: dir, crdGroups: ["vpc.githedgehog.com"] });
    try {
      const kc = kubeConfig(srv);
      const crds = await kc.makeApiClient(k8s.ApiextensionsV1Api).listCustomResourceDefinition();
      expect(crds.items.map((c) => c.metadata?.name)).toContain("vpcs.vpc.githedgehog.com");
      expect(crds.items.every((c) => c.spec.group === "vpc.githedgehog.com")).toBe(true);
      const o = (await customApi(srv).createNamespacedCustomObject({ ...VPC, namespace: NS, body: vpc("dir-1") })) as KubeObject;
      expect((o.spec as Obj).vlanNamespace).toBe("default");
    } finally {
      await srv.close();
    }
  });
});
