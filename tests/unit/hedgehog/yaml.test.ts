import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { appendDocument, lineLocator, parseYamlDocuments, removeDocument, replaceDocument } from "@/lib/hedgehog/yaml";
import { readSample, sampleFiles } from "./helpers";

const TWO = `# VPCs of team A
apiVersion: vpc.githedgehog.com/v1beta1
kind: VPC
metadata:
  name: vpc-1 # the first one
spec:
  subnets:
    default:
      subnet: 10.0.1.0/24
      vlan: 1001   # keep this comment
---

# an empty document above and this comment-only one are skipped
---
apiVersion: vpc.githedgehog.com/v1beta1
kind: VPCAttachment
metadata:
  name: server-1--vpc-1
spec:
  connection: server-1--unbundled--leaf-1
  subnet: vpc-1/default
`;

describe("parseYamlDocuments", () => {
  it("decodes every sample like the yaml reference parser, with document indexes and start lines", () => {
    for (const file of sampleFiles()) {
      const text = readSample(file);
      const { documents, errors } = parseYamlDocuments(text, file);
      expect(errors, file).toEqual([]);
      const reference = parseAllDocuments(text)
        .map((d, index) => ({ index, value: d.toJS() as unknown, line: d.contents ? text.slice(0, d.contents.range[0]).split("\n").length : 0 }))
        .filter((d) => d.value !== null);
      expect(documents.map((d) => d.object), file).toEqual(reference.map((r) => r.value));
      expect(documents.map((d) => d.index), file).toEqual(reference.map((r) => r.index));
      expect(documents.map((d) => d.line), file).toEqual(reference.map((r) => r.line));
    }
  });

  it("skips empty documents but keeps counting them", () => {
    const { documents, errors } = parseYamlDocuments(TWO, "a.yaml");
    expect(errors).toEqual([]);
    expect(documents.map((d) => [d.index, d.line, d.object.kind])).toEqual([
      [0, 2, "VPC"],
      [2, 15, "VPCAttachment"],
    ]);
  });

  it("reports syntax errors with file, document index and line, and keeps the other documents", () => {
    const text = "apiVersion: v1\nkind: A\nmetadata: {name: a}\n---\napiVersion: v1\nkind: B\nmetadata:\n  name: [b\n---\napiVersion: v1\nkind: C\nmetadata: {name: c}\n";
    const { documents, errors } = parseYamlDocuments(text, "bad.yaml");
    expect(documents.map((d) => d.object.kind)).toEqual(["A", "C"]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ rule: "yaml.syntax", severity: "error", file: "bad.yaml", document: 1 });
    expect(errors[0].line).toBeGreaterThanOrEqual(8);
    expect(errors[0].message).toMatch(/line \d+/);
  });

  it("rejects duplicate keys", () => {
    const text = "apiVersion: v1\nkind: A\nmetadata:\n  name: a\nspec:\n  vlan: 1\n  vlan: 2\n";
    const { documents, errors } = parseYamlDocuments(text, "dup.yaml");
    expect(documents).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ rule: "yaml.duplicate-key", document: 0, line: 7 })]);
  });

  it("gives a clear finding for documents that are not Kubernetes objects", () => {
    const text = "just a string\n---\n- a\n- b\n---\nkind: VPC\nspec: {}\n";
    const { documents, errors } = parseYamlDocuments(text, "x.yaml");
    expect(documents).toEqual([]);
    expect(errors.map((e) => [e.rule, e.document, e.line])).toEqual([
      ["yaml.not-an-object", 0, 1],
      ["yaml.not-an-object", 1, 3],
      ["yaml.missing-field", 2, 6],
    ]);
    expect(errors[2].message).toContain("apiVersion");
    expect(errors[2].message).toContain("metadata.name");
  });

  it("reads YAML 1.1 booleans like the fabric's decoder, and keeps dates as strings", () => {
    const { documents } = parseYamlDocuments("apiVersion: v\nkind: K\nmetadata: {name: obj}\nspec: {a: yes, b: off, c: 2024-01-01, d: '0x10', e: 0x10, f: n}\n");
    expect(documents[0].object.spec).toEqual({ a: true, b: false, c: "2024-01-01", d: "0x10", e: 16, f: false });
    const unquoted = parseYamlDocuments("apiVersion: v\nkind: K\nmetadata:\n  name: no\n");
    expect(unquoted.errors[0].message).toContain("quote it");
  });

  it("locates the line of a JSON pointer, falling back to the nearest existing node", () => {
    const loc = lineLocator(TWO);
    expect(loc(0, "/spec/subnets/default/vlan")).toBe(10);
    expect(loc(0, "/metadata/name")).toBe(5);
    expect(loc(0, "/spec/subnets/default/gateway")).toBe(8);
    expect(loc(2, "/spec/subnet")).toBe(21);
  });
});

describe("editing one document", () => {
  it("replaces a document keeping the others byte for byte and the comments of unchanged values", () => {
    const { documents } = parseYamlDocuments(TWO);
    const vpc = structuredClone(documents[0].object) as unknown as { spec: { subnets: { default: { vlan: number } } } };
    vpc.spec.subnets.default.vlan = 1002;
    const out = replaceDocument(TWO, { kind: "VPC", name: "vpc-1" }, vpc);
    const before = TWO.split("\n");
    const after = out.split("\n");
    expect(after.length).toBe(before.length);
    const changed = after.map((l, i) => [i + 1, before[i], l]).filter(([, a, b]) => a !== b);
    expect(changed).toEqual([[10, "      vlan: 1001   # keep this comment", "      vlan: 1002 # keep this comment"]]);
  });

  it("is the identity when the object did not change, on every sample", () => {
    for (const file of sampleFiles()) {
      const text = readSample(file);
      for (const d of parseYamlDocuments(text).documents) {
        const o = d.object;
        expect(replaceDocument(text, { kind: o.kind, name: o.metadata.name, namespace: o.metadata.namespace }, o), `${file} ${o.metadata.name}`).toBe(text);
      }
    }
  });

  it("edits one document of a 166-document real file: only the changed value differs", () => {
    const file = "nvidia-air-gpu-rail-2su.hydrated.wiring.yaml";
    const text = readSample(file);
    const sw = parseYamlDocuments(text).documents.find((d) => d.object.kind === "Switch" && d.object.metadata.name === "leaf-su01-r0")!;
    const edited = structuredClone(sw.object) as unknown as { spec: { asn: number } };
    edited.spec.asn = 65200;
    const out = replaceDocument(text, { kind: "Switch", name: "leaf-su01-r0" }, edited);
    const before = text.split("\n");
    const after = out.split("\n");
    expect(after.length).toBe(before.length);
    expect(after.map((l, i) => [l, before[i]]).filter(([a, b]) => a !== b)).toEqual([["  asn: 65200", "  asn: 65105"]]);
  });

  it("adds and removes fields in place", () => {
    const { documents } = parseYamlDocuments(TWO);
    const att = structuredClone(documents[1].object) as { spec: Record<string, unknown> };
    att.spec.nativeVLAN = true;
    delete att.spec.connection;
    const out = replaceDocument(TWO, { kind: "VPCAttachment", name: "server-1--vpc-1", namespace: "default" }, att);
    expect(out.startsWith(TWO.slice(0, TWO.indexOf("kind: VPCAttachment")))).toBe(true);
    const reparsed = parseYamlDocuments(out).documents[1].object;
    expect(reparsed.spec).toEqual({ subnet: "vpc-1/default", nativeVLAN: true });
  });

  it("removes a document and keeps the rest; null when nothing remains", () => {
    const out = removeDocument(TWO, { kind: "VPCAttachment", name: "server-1--vpc-1" })!;
    expect(parseYamlDocuments(out).documents.map((d) => d.object.kind)).toEqual(["VPC"]);
    expect(out).toContain("vlan: 1001   # keep this comment");
    const first = removeDocument(TWO, { kind: "VPC", name: "vpc-1" })!;
    const docs = parseYamlDocuments(first).documents;
    expect(docs.map((d) => d.object.kind)).toEqual(["VPCAttachment"]);
    expect(first.startsWith("# VPCs of team A\n")).toBe(true);
    expect(removeDocument(out, { kind: "VPC", name: "vpc-1" })).toBeNull();
  });

  it("throws when the object is not in the file", () => {
    expect(() => replaceDocument(TWO, { kind: "VPC", name: "nope" }, {})).toThrow(/no document/);
    expect(() => removeDocument(TWO, { kind: "VPC", name: "vpc-1", namespace: "other" })).toThrow(/no document/);
  });

  it("appends a canonical document after a separator", () => {
    const obj = { apiVersion: "vpc.githedgehog.com/v1beta1", kind: "VPC", metadata: { name: "vpc-2" }, spec: { subnets: { default: { subnet: "10.0.2.0/24", vlan: 1002 } } } };
    const out = appendDocument(TWO, obj);
    expect(out.startsWith(TWO)).toBe(true);
    const docs = parseYamlDocuments(out).documents;
    expect(docs.map((d) => d.object.metadata.name)).toEqual(["vpc-1", "server-1--vpc-1", "vpc-2"]);
    expect(docs[2].object).toEqual(obj);
    expect(appendDocument("", obj)).not.toContain("---");
    expect(appendDocument("a: 1", obj)).toMatch(/^a: 1\n---\napiVersion/);
  });
});
