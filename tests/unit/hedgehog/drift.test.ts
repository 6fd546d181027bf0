/**
 * Drift normalization and diff (lib/hedgehog/drift): quiet on what the server and the fabric's webhooks add, exact on
 * real changes, deterministic, and ignore rules that speak the diff's own paths.
 */
import { describe, expect, test } from "vitest";
import {
  checkIgnorePath,
  deepEqual,
  diffObjects,
  ignoreAppliesTo,
  ignoreCovers,
  naturalKey,
  normalizeForCompare,
  valueAtDiffPath,
} from "@/lib/hedgehog/drift";
import { fabricOptionsForSize, generateFabric } from "@/lib/hedgehog/generator";
import type { HhObject } from "@/lib/hedgehog/types";
import { parseYamlDocuments } from "@/lib/hedgehog/yaml";
import { asServed } from "@/tests/support/served";
import { readSample, sampleFiles } from "./helpers";


function vpc(extra: Record<string, unknown> = {}): HhObject {
  return {
    apiVersion: "vpc.githedgehog.com/v1beta1",
    kind: "VPC",
    metadata: { name: "vpc-1", namespace: "default" },
    spec: {
      subnets: {
        default: { subnet: "10.0.1.0/24", vlan: 1001, dhcp: { enable: true } },
        backend: { subnet: "10.0.2.0/24", vlan: 1002 },
      },
      staticRoutes: [
        { prefix: "10.9.0.0/24", nextHops: ["10.0.1.10"] },
        { prefix: "10.8.0.0/24", nextHops: ["10.0.1.11", "10.0.1.12"] },
      ],
      ...extra,
    },
  } as unknown as HhObject;
}

function mclag(ports: string[]): HhObject {
  return {
    apiVersion: "wiring.githedgehog.com/v1beta1",
    kind: "Connection",
    metadata: { name: "server-1--mclag--leaf-01--leaf-02", namespace: "default" },
    spec: { mclag: { links: ports.map((p, i) => ({ server: { port: `server-1/enp2s${i}` }, switch: { port: p } })) } },
  } as unknown as HhObject;
}

describe("zero drift", () => {
  const files = sampleFiles();
  test.each(files)("%s: every object equals its served form", (file) => {
    const { documents } = parseYamlDocuments(readSample(file), file);
    expect(documents.length).toBeGreaterThan(0);
    documents.forEach((d, i) => {
      expect(diffObjects(d.object, asServed(d.object, i))).toEqual([]);
    });
  });

  test("generated fabric objects equal their served form", () => {
    const objs = generateFabric(fabricOptionsForSize(400, 7));
    for (const [i, o] of objs.entries()) expect(diffObjects(o, asServed(o, i))).toEqual([]);
  });

  test("key order, nulls, empty maps and lists, and system labels do not count", () => {
    const git = vpc();
    const live = JSON.parse(JSON.stringify(vpc({ permit: [], extra: null }))) as HhObject;
    const liveMd = live.metadata as unknown as Record<string, unknown>;
    liveMd.labels = { "fabric.githedgehog.com/ipv4ns": "default", "vpc.fabric.githedgehog.com/x": "true" };
    liveMd.annotations = {};
    const reversed = Object.fromEntries(Object.entries(live.spec as Record<string, unknown>).reverse());
    expect(diffObjects(git, { ...live, spec: reversed } as HhObject)).toEqual([]);
  });

  test("keyed lists in another order are equal", () => {
    const a = mclag(["leaf-01/E1/1", "leaf-02/E1/1"]);
    const b = JSON.parse(JSON.stringify(a)) as { spec: { mclag: { links: unknown[] } } };
    b.spec.mclag.links.reverse();
    expect(diffObjects(a, b as unknown as HhObject)).toEqual([]);
  });
});

describe("exact diffs", () => {
  test("one changed field → exactly one entry at its path", () => {
    const live = asServed(vpc());
    (live.spec as { subnets: { default: { vlan: number } } }).subnets.default.vlan = 1999;
    expect(diffObjects(vpc(), live)).toEqual([{ path: "/spec/subnets/default/vlan", git: 1001, live: 1999 }]);
  });

  test("a defaulted field set to another value live is drift", () => {
    const live = asServed(vpc());
    (live.spec as { subnets: { default: { gateway: string } } }).subnets.default.gateway = "10.0.1.254";
    expect(diffObjects(vpc(), live)).toEqual([{ path: "/spec/subnets/default/gateway", git: "10.0.1.1", live: "10.0.1.254" }]);
  });

  test("added and removed members report null on the other side", () => {
    const live = vpc({ defaultIsolated: true });
    delete (live.spec as { subnets: Record<string, unknown> }).subnets.backend;
    const d = diffObjects(vpc(), live);
    expect(d.map((e) => e.path)).toEqual(["/spec/defaultIsolated", "/spec/subnets/backend"]);
    expect(d[0]).toMatchObject({ git: null, live: true });
    expect(d[1]!.live).toBeNull();
  });

  test("keyed list items are addressed by their key (escaped), not their position", () => {
    const live = vpc();
    const routes = (live.spec as { staticRoutes: Array<{ prefix: string; nextHops: string[] }> }).staticRoutes;
    routes.reverse();
    routes[0]!.nextHops = ["10.0.1.99"];
    expect(diffObjects(vpc(), live)).toEqual([{ path: "/spec/staticRoutes/10.8.0.0~124/nextHops", git: ["10.0.1.11", "10.0.1.12"], live: ["10.0.1.99"] }]);
  });

  test("link lists are keyed by the switch port", () => {
    const d = diffObjects(mclag(["leaf-01/E1/1", "leaf-02/E1/1"]), mclag(["leaf-01/E1/1", "leaf-02/E1/2"]));
    expect(d.map((e) => e.path)).toEqual(["/spec/mclag/links/leaf-02~1E1~11", "/spec/mclag/links/leaf-02~1E1~12"]);
  });

  test("a scalar list is one entry", () => {
    const d = diffObjects(vpc({ permit: [["default", "backend"]] }), vpc({ permit: [["backend"]] }));
    expect(d).toEqual([{ path: "/spec/permit/0", git: ["default", "backend"], live: ["backend"] }]);
  });

  test("deterministic: the same inputs in any key order give the same entries in the same order", () => {
    const git = vpc({ defaultIsolated: true });
    const live = vpc({ defaultIsolated: false, restricted: true });
    (live.spec as { subnets: { default: { vlan: number } } }).subnets.default.vlan = 5;
    const reverseKeys = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(reverseKeys) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverseKeys(x)])) : v;
    const a = diffObjects(git, live);
    expect(a.map((e) => e.path)).toEqual(["/spec/defaultIsolated", "/spec/restricted", "/spec/subnets/default/vlan"]);
    expect(diffObjects(reverseKeys(git) as HhObject, reverseKeys(live) as HhObject)).toEqual(a);
  });

  test("desired values are carried when HFM's version differs from Git's", () => {
    const live = vpc();
    (live.spec as { subnets: { default: { vlan: number } } }).subnets.default.vlan = 1999;
    const desired = vpc();
    (desired.spec as { subnets: { default: { vlan: number } } }).subnets.default.vlan = 1500;
    expect(diffObjects(vpc(), live, { desired })).toEqual([{ path: "/spec/subnets/default/vlan", git: 1001, live: 1999, desired: 1500 }]);
    expect(diffObjects(vpc(), live, { desired: vpc() })[0]).not.toHaveProperty("desired");
  });
});

describe("ignore rules", () => {
  const live = (): HhObject => {
    const l = vpc();
    const s = l.spec as { subnets: { default: { vlan: number }; backend: { vlan: number } }; staticRoutes: Array<{ nextHops: string[] }> };
    s.subnets.default.vlan = 1;
    s.subnets.backend.vlan = 2;
    s.staticRoutes[0]!.nextHops = ["1.1.1.1"];
    return l;
  };

  test("an exact path silences that field only", () => {
    const d = diffObjects(vpc(), live(), { ignore: [{ path: "/spec/subnets/default/vlan" }] });
    expect(d.map((e) => e.path)).toEqual(["/spec/staticRoutes/10.9.0.0~124/nextHops", "/spec/subnets/backend/vlan"]);
  });

  test("`*` matches one segment; a pattern covers its subtree", () => {
    expect(diffObjects(vpc(), live(), { ignore: [{ path: "/spec/subnets/*/vlan" }, { path: "/spec/staticRoutes" }] })).toEqual([]);
  });

  test("a keyed list item can be ignored by its key or its index", () => {
    expect(diffObjects(vpc(), live(), { ignore: [{ path: "/spec/subnets" }, { path: "/spec/staticRoutes/10.9.0.0~124" }] })).toEqual([]);
    expect(diffObjects(vpc(), live(), { ignore: [{ path: "/spec/subnets" }, { path: "/spec/staticRoutes/0/nextHops" }] })).toEqual([]);
  });

  test("rules for another kind do not apply; kind matching is case-insensitive", () => {
    const rule = [{ kind: "Connection", path: "/spec" }];
    expect(diffObjects(vpc(), live(), { ignore: rule })).toHaveLength(3);
    expect(diffObjects(vpc(), live(), { ignore: [{ kind: "vpc", path: "/spec" }] })).toEqual([]);
    expect(ignoreAppliesTo({ kind: null, path: "/x" }, "VPC")).toBe(true);
  });

  test("ignoreCovers and checkIgnorePath", () => {
    expect(ignoreCovers("/spec/subnets/*/vlan", "/spec/subnets/a/vlan")).toBe(true);
    expect(ignoreCovers("/spec/subnets", "/spec/subnets/a/vlan")).toBe(true);
    expect(ignoreCovers("/spec/subnets/a/vlan", "/spec/subnets")).toBe(false);
    expect(ignoreCovers("/spec/x~1y", "/spec/x~1y/z")).toBe(true);
    expect(checkIgnorePath("/spec/a")).toBeNull();
    expect(checkIgnorePath("spec/a")).toMatch(/starting with/);
    expect(checkIgnorePath("/")).toMatch(/whole object/);
    expect(checkIgnorePath("/spec/a~2")).toMatch(/~0/);
  });

  test("ignored fields are gone from the normalized form", () => {
    const n = normalizeForCompare(vpc(), { ignore: [{ path: "/spec/subnets/*/dhcp" }] }) as unknown as { spec: { subnets: Record<string, object> } };
    expect(Object.values(n.spec.subnets).every((s) => !("dhcp" in s))).toBe(true);
  });
});

describe("helpers", () => {
  test("naturalKey", () => {
    expect(naturalKey([{ name: "a" }, { name: "b" }])).toBe("name");
    expect(naturalKey([{ name: "a" }, { name: "a" }])).toBeUndefined();
    expect(naturalKey([{ from: 1, to: 2 }, { from: 5, to: 9 }])).toBe("from");
    expect(naturalKey([{ leaf: { port: "l/E1/1" }, spine: { port: "s/E1/1" } }])).toBe("leaf.port");
    expect(naturalKey(["a", "b"])).toBeUndefined();
  });

  test("valueAtDiffPath resolves keyed items", () => {
    const n = normalizeForCompare(vpc());
    expect(valueAtDiffPath(n, "/spec/staticRoutes/10.8.0.0~124/nextHops")).toEqual(["10.0.1.11", "10.0.1.12"]);
    expect(valueAtDiffPath(n, "/spec/subnets/default/vlan")).toBe(1001);
    expect(valueAtDiffPath(n, "/spec/nope/x")).toBeUndefined();
  });

  test("deepEqual", () => {
    expect(deepEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(deepEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(deepEqual({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(deepEqual([1], { 0: 1 })).toBe(false);
  });
});
