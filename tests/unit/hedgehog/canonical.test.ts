import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalize, stableStringify, toCanonicalYaml, toCanonicalYamlStream } from "@/lib/hedgehog/canonical";
import { appendPointer, escapeToken, getPointer, parsePointer, removePointer, setPointer, toPointer, unescapeToken } from "@/lib/hedgehog/pointer";
import type { HhObject } from "@/lib/hedgehog/types";
import { parseYamlDocuments } from "@/lib/hedgehog/yaml";
import { sampleObjects } from "./helpers";

const samples = sampleObjects().map((s) => s.object as unknown as HhObject);

function reparse(text: string): HhObject {
  const { documents, errors } = parseYamlDocuments(text);
  expect(errors).toEqual([]);
  expect(documents).toHaveLength(1);
  return documents[0].object;
}

/** Values that survive JSON: what Kubernetes objects hold. */
const scalar = fc.oneof(
  fc.string(),
  fc.constantFrom("yes", "no", "on", "off", "y", "n", "true", "null", "~", "1000", "0x10", "0o17", "1e3", "2024-01-01", "-", "- a", "a: b", "#x", " lead", "trail ", "multi\nline", "E1/1", "10.0.0.0/24", ""),
  fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
  fc.boolean(),
  fc.constant(null),
);
const key = fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom("on", "yes", "n", "1", "a/b", "fabric.githedgehog.com/x", "~1"));
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: "small" }, scalar, fc.array(tie("v"), { maxLength: 4 }), fc.dictionary(key, tie("v"), { maxKeys: 4 })),
})).v;

/** A real sample with random additions: labels, annotations, spec fields, status and server metadata. */
const objectArb = fc
  .record({
    base: fc.constantFrom(...samples),
    labels: fc.dictionary(key, fc.string(), { maxKeys: 3 }),
    annotations: fc.dictionary(key, fc.string(), { maxKeys: 3 }),
    extra: fc.dictionary(key, value, { maxKeys: 3 }),
    status: fc.option(value),
    server: fc.boolean(),
  })
  .map(({ base, labels, annotations, extra, status, server }) => {
    const o = structuredClone(base) as HhObject;
    o.metadata = { ...o.metadata, labels: { ...(o.metadata.labels ?? {}), ...labels }, annotations: { ...(o.metadata.annotations ?? {}), ...annotations } };
    o.spec = { ...(o.spec ?? {}), ...extra };
    if (status !== null) o.status = status;
    if (server) Object.assign(o.metadata, { uid: "u-1", resourceVersion: "42", generation: 3, creationTimestamp: "2026-01-01T00:00:00Z", managedFields: [{ manager: "kubectl" }] });
    return o;
  });

describe("canonicalize", () => {
  it("drops status, server-populated metadata, the last-applied annotation and empty labels", () => {
    const o = canonicalize({
      status: { vni: 1 },
      spec: { b: 1, a: { d: 1, c: 2 } },
      metadata: {
        annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{}" },
        labels: {},
        uid: "x",
        resourceVersion: "1",
        generation: 2,
        creationTimestamp: "t",
        managedFields: [],
        selfLink: "/x",
        finalizers: ["keep"],
        ownerReferences: [{ name: "owner" }],
        namespace: "default",
        name: "vpc-1",
      },
      kind: "VPC",
      apiVersion: "vpc.githedgehog.com/v1beta1",
    } as unknown as HhObject);
    expect(o).toEqual({
      apiVersion: "vpc.githedgehog.com/v1beta1",
      kind: "VPC",
      metadata: { name: "vpc-1", namespace: "default", finalizers: ["keep"], ownerReferences: [{ name: "owner" }] },
      spec: { a: { c: 2, d: 1 }, b: 1 },
    });
    expect(Object.keys(o)).toEqual(["apiVersion", "kind", "metadata", "spec"]);
    expect(Object.keys(o.metadata)).toEqual(["name", "namespace", "finalizers", "ownerReferences"]);
    expect(Object.keys(o.spec!)).toEqual(["a", "b"]);
  });

  it("does not mutate its input", () => {
    const input = structuredClone(samples[0]);
    const copy = structuredClone(input);
    canonicalize({ ...input, status: {} });
    expect(input).toEqual(copy);
  });
});

describe("toCanonicalYaml", () => {
  it("writes apiVersion, kind, metadata, spec in that order, sorted spec keys, kubectl list style, final newline", () => {
    const text = toCanonicalYaml({
      spec: { subnets: { b: { vlan: 2 }, a: { vlan: 1 } }, permit: [["b", "a"]] },
      metadata: { namespace: "default", name: "v" },
      kind: "VPC",
      apiVersion: "vpc.githedgehog.com/v1beta1",
    });
    expect(text).toBe(
      [
        "apiVersion: vpc.githedgehog.com/v1beta1",
        "kind: VPC",
        "metadata:",
        "  name: v",
        "  namespace: default",
        "spec:",
        "  permit:",
        "  - - b",
        "    - a",
        "  subnets:",
        "    a:",
        "      vlan: 1",
        "    b:",
        "      vlan: 2",
        "",
      ].join("\n"),
    );
  });

  it("quotes strings a YAML 1.1 reader would take for booleans or numbers", () => {
    const text = toCanonicalYaml({ apiVersion: "v", kind: "K", metadata: { name: "n" }, spec: { a: "yes", b: "on", c: "1000", d: "y" } });
    expect(reparse(text)).toEqual({ apiVersion: "v", kind: "K", metadata: { name: "n" }, spec: { a: "yes", b: "on", c: "1000", d: "y" } });
  });

  it("is stable for every sample: serialising the re-parsed canonical YAML gives the same bytes", () => {
    for (const o of samples) {
      const once = toCanonicalYaml(o);
      expect(toCanonicalYaml(reparse(once))).toBe(once);
      expect(reparse(once)).toEqual(canonicalize(o));
    }
  });

  it("property: idempotent and lossless on random objects built from the real samples", () => {
    fc.assert(
      fc.property(objectArb, (o) => {
        const text = toCanonicalYaml(o);
        const back = reparse(text);
        expect(back).toEqual(canonicalize(o));
        expect(toCanonicalYaml(back)).toBe(text);
        expect(canonicalize(canonicalize(o))).toEqual(canonicalize(o));
      }),
      { numRuns: 300 },
    );
  });

  it("joins several objects into one stream", () => {
    const stream = toCanonicalYamlStream(samples.slice(0, 3));
    expect(parseYamlDocuments(stream).documents.map((d) => d.object)).toEqual(samples.slice(0, 3).map(canonicalize));
  });
});

describe("stableStringify", () => {
  it("sorts keys at every level and keeps list order", () => {
    expect(stableStringify({ b: 1, a: [{ d: 1, c: 2 }, 3], u: undefined })).toBe('{"a":[{"c":2,"d":1},3],"b":1}');
  });

  it("property: equal for objects that differ only in key order", () => {
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 6 }), (d) => {
        const reversed = Object.fromEntries(Object.entries(d).reverse());
        expect(stableStringify(reversed)).toBe(stableStringify(d));
        expect(JSON.parse(stableStringify(d))).toEqual(JSON.parse(JSON.stringify(d)));
      }),
    );
  });
});

describe("JSON pointer (RFC 6901)", () => {
  const doc = { spec: { "a/b": { "m~n": [10, 20] }, list: [{ x: 1 }] } };

  it("escapes and unescapes tokens", () => {
    expect(escapeToken("a/b~c")).toBe("a~1b~0c");
    expect(unescapeToken("a~1b~0c")).toBe("a/b~c");
    expect(unescapeToken("~01")).toBe("~1");
    expect(toPointer(["spec", "a/b", 0])).toBe("/spec/a~1b/0");
    expect(parsePointer("/spec/a~1b/0")).toEqual(["spec", "a/b", "0"]);
    expect(parsePointer("")).toEqual([]);
    expect(appendPointer("/spec", "E1/1")).toBe("/spec/E1~11");
    expect(() => parsePointer("spec")).toThrow();
  });

  it("gets, sets and removes without mutating", () => {
    expect(getPointer(doc, "/spec/a~1b/m~0n/1")).toBe(20);
    expect(getPointer(doc, "/spec/missing/x")).toBeUndefined();
    expect(getPointer(doc, "")).toBe(doc);
    const set = setPointer(doc, "/spec/list/0/x", 2);
    expect(getPointer(set, "/spec/list/0/x")).toBe(2);
    expect(doc.spec.list[0].x).toBe(1);
    expect(setPointer(doc, "/spec/list/-", { y: 1 }).spec.list).toEqual([{ x: 1 }, { y: 1 }]);
    expect(setPointer({}, "/a/b", 1)).toEqual({ a: { b: 1 } });
    const removed = removePointer(doc, "/spec/a~1b");
    expect(removed.spec).toEqual({ list: [{ x: 1 }] });
    expect(doc.spec["a/b"]).toBeDefined();
    expect(removePointer(doc, "/spec/list/0").spec.list).toEqual([]);
  });
});
