import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { generateFabric, fabricOptionsForSize } from "@/lib/hedgehog/generator";
import { checkStructure, CRD_DATA, getKindSchema, humanPath } from "@/lib/hedgehog/schema";
import { CRDS_DIR, sampleObjects } from "./helpers";

const VPC = "vpc.githedgehog.com/v1beta1";
const WIRING = "wiring.githedgehog.com/v1beta1";

describe("committed CRD schema data", () => {
  it("equals what the CRD files in ../shared/hedgehog/crds contain (regenerate with scripts/extract-crd-schemas.ts)", () => {
    const files = fs.readdirSync(CRDS_DIR).filter((f) => f.endsWith(".yaml")).sort();
    const fromCrds: Record<string, unknown> = {};
    for (const f of files) {
      const doc = parse(fs.readFileSync(path.join(CRDS_DIR, f), "utf8")) as { metadata: { name: string }; spec: unknown };
      fromCrds[doc.metadata.name] = doc.spec;
    }
    expect(Object.keys(CRD_DATA.crds).sort()).toEqual(Object.keys(fromCrds).sort());
    for (const [name, spec] of Object.entries(fromCrds)) expect(CRD_DATA.crds[name], name).toEqual(spec);
  });

  it("adds the v0.129.1 fields the CRD snapshot lacks, without touching the committed data", () => {
    const vpcSubnet = getKindSchema(VPC, "VPC")!.properties!.spec.properties!.subnets.additionalProperties as { properties: Record<string, unknown> };
    expect(Object.keys(vpcSubnet.properties)).toEqual(expect.arrayContaining(["hostBGPMinPrefixLen", "hostBGPMaxPrefixLen", "hostBGPExtraPrefixes"]));
    expect(getKindSchema(WIRING, "Switch")!.properties!.spec.properties!.portLocators).toBeDefined();
    expect(getKindSchema(WIRING, "SwitchProfile")!.properties!.spec.properties!.features.properties!.portLocator).toBeDefined();
    const raw = CRD_DATA.crds["vpcs.vpc.githedgehog.com"].versions[0].schema.openAPIV3Schema;
    expect(JSON.stringify(raw)).not.toContain("hostBGPMinPrefixLen");
  });
});

describe("checkStructure", () => {
  it("accepts the structure of every real sample document", () => {
    const objects = sampleObjects();
    expect(objects.length).toBeGreaterThan(200);
    for (const { file, object } of objects) expect(checkStructure(object, { file }), `${file} ${JSON.stringify(object.metadata)}`).toEqual([]);
  });

  it("rejects the retired v1alpha2 apiVersion, explaining the history and the fix", () => {
    const [f] = checkStructure({ apiVersion: "vpc.githedgehog.com/v1alpha2", kind: "VPC", metadata: { name: "vpc-1" }, spec: {} }, { file: "a.yaml", document: 3, line: 7 });
    expect(f.rule).toBe("schema.unknown-kind");
    expect(f.severity).toBe("error");
    expect(f.message).toContain("vpc.githedgehog.com/v1beta1");
    expect(f.message).toContain("retired");
    expect(f).toMatchObject({ kind: "VPC", name: "vpc-1", path: "/apiVersion", file: "a.yaml", document: 3, line: 7 });
  });

  it("rejects unknown fields anywhere, with the JSON pointer and a spelling hint", () => {
    const findings = checkStructure({
      apiVersion: VPC,
      kind: "VPC",
      metadata: { name: "vpc-1", labelz: { a: "b" } },
      spec: { subnets: { default: { subnet: "10.0.1.0/24", vlan: 1001, dhcp: { enable: true, rnage: {} } } }, extra: 1 },
      other: true,
    });
    const byPath = Object.fromEntries(findings.map((f) => [f.path, f]));
    expect(Object.keys(byPath).sort()).toEqual(["/metadata/labelz", "/other", "/spec/extra", "/spec/subnets/default/dhcp/rnage"]);
    for (const f of findings) expect(f.rule).toBe("schema.unknown-field");
    expect(byPath["/spec/subnets/default/dhcp/rnage"].message).toContain('did you mean "range"');
    expect(byPath["/metadata/labelz"].message).toContain('did you mean "labels"');
  });

  it("rejects fields in objects whose Go struct is empty (SwitchGroup spec)", () => {
    const f = checkStructure({ apiVersion: WIRING, kind: "SwitchGroup", metadata: { name: "g" }, spec: { members: ["a"] } });
    expect(f.map((x) => [x.rule, x.path])).toEqual([["schema.unknown-field", "/spec/members"]]);
  });

  it("checks types, enums, patterns, minimum/maximum and item counts from the CRDs", () => {
    const sw = checkStructure({
      apiVersion: WIRING,
      kind: "Switch",
      metadata: { name: "leaf-1" },
      spec: { role: "leaf", asn: "65101", vlanNamespaces: "default", portFECs: { "E1/1": "rss" }, linkFlapErrDisable: { flapThreshold: 51 } },
    });
    const rules = Object.fromEntries(sw.map((f) => [f.path, f.rule]));
    expect(rules).toEqual({
      "/spec/role": "schema.enum",
      "/spec/asn": "schema.type",
      "/spec/vlanNamespaces": "schema.type",
      "/spec/portFECs/E1~11": "schema.enum",
      "/spec/linkFlapErrDisable/flapThreshold": "schema.maximum",
    });
    expect(sw.find((f) => f.path === "/spec/asn")!.message).toContain("remove the quotes");
    expect(sw.find((f) => f.path === "/spec/portFECs/E1~11")!.message).toContain('spec.portFECs["E1/1"]');

    const conn = checkStructure({
      apiVersion: WIRING,
      kind: "Connection",
      metadata: { name: "c" },
      spec: { fabric: { links: [{ spine: { port: "s/E1/1", ip: "172.30.128.0" }, leaf: { port: "l/E1/1", ip: "172.30.128.1/31" } }] }, eslag: { links: [] } },
    });
    expect(conn.map((f) => [f.path, f.rule])).toEqual([
      ["/spec/fabric/links/0/spine/ip", "schema.pattern"],
      ["/spec/eslag/links", "schema.min-items"],
    ]);

    const ns = checkStructure({ apiVersion: WIRING, kind: "VLANNamespace", metadata: { name: "x" }, spec: { ranges: Array.from({ length: 21 }, (_, i) => ({ from: i + 1, to: i + 1 })) } });
    expect(ns.map((f) => f.rule)).toEqual(["schema.max-items"]);
  });

  it("treats a missing CRD-required field as its Go zero value: an error only when that value is invalid", () => {
    // Switch.spec.role is required and "" is not in its enum.
    const sw = checkStructure({ apiVersion: WIRING, kind: "Switch", metadata: { name: "s" }, spec: { profile: "vs" } });
    expect(sw.map((f) => [f.path, f.rule])).toEqual([["/spec/role", "schema.required"]]);
    expect(sw[0].message).toContain("spine");
    // ExternalAttachment.spec.switch/neighbor are required but serialised as {} for static externals (docs sample).
    const ea = checkStructure({ apiVersion: VPC, kind: "ExternalAttachment", metadata: { name: "a" }, spec: { connection: "c", external: "e", static: { remoteIP: "1.2.3.4", ip: "1.2.3.5/24" } } });
    expect(ea).toEqual([]);
  });

  it("requires metadata.name and string label values", () => {
    const f = checkStructure({ apiVersion: VPC, kind: "IPv4Namespace", metadata: { labels: { team: 5 } }, spec: { subnets: ["10.0.0.0/16"] } });
    expect(f.map((x) => [x.path, x.rule])).toEqual([
      ["/metadata/labels/team", "schema.type"],
      ["/metadata/name", "schema.required"],
    ]);
  });

  it("accepts the v0.129.1 fields and applies their limits", () => {
    const base = { apiVersion: VPC, kind: "VPC", metadata: { name: "v" } };
    const ok = checkStructure({ ...base, spec: { subnets: { a: { subnet: "10.0.0.0/24", hostBGP: true, hostBGPMinPrefixLen: 28, hostBGPMaxPrefixLen: 32, hostBGPExtraPrefixes: { "10.9.0.0/16": { minPrefixLen: 24 } } } } } });
    expect(ok).toEqual([]);
    const bad = checkStructure({ ...base, spec: { subnets: { a: { subnet: "10.0.0.0/24", hostBGPMaxPrefixLen: 33 } } } });
    expect(bad.map((f) => f.rule)).toEqual(["schema.maximum"]);
    expect(checkStructure({ apiVersion: WIRING, kind: "Switch", metadata: { name: "s" }, spec: { role: "spine", portLocators: { "*": "10m" } } })).toEqual([]);
  });

  it("fills kind and name and says what is wrong with non-objects", () => {
    expect(checkStructure("hello")[0].rule).toBe("schema.not-an-object");
    expect(checkStructure({ kind: "VPC", metadata: { name: "a" } })[0]).toMatchObject({ rule: "schema.unknown-kind", path: "/apiVersion", kind: "VPC", name: "a" });
  });

  it("accepts every object of a generated 10,000-object fabric", () => {
    const objects = generateFabric(fabricOptionsForSize(10_000, 3));
    expect(objects.length).toBeGreaterThan(9_000);
    const findings = objects.flatMap((o) => checkStructure(o));
    expect(findings).toEqual([]);
  });

  it("renders readable field paths", () => {
    expect(humanPath("/spec/subnets/default/vlan")).toBe("spec.subnets.default.vlan");
    expect(humanPath("/spec/links/0/leaf")).toBe("spec.links[0].leaf");
    expect(humanPath("/spec/portSpeeds/E1~155")).toBe('spec.portSpeeds["E1/55"]');
  });
});
