import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { toValidateResponse, validateSources } from "@/lib/hedgehog/report";
import { readSample } from "./helpers";

const L3VNI = "fabric-testdata-l3vni-spine-leaf.reconstructed.wiring.yaml";
const GPU = "nvidia-air-gpu-rail-2su.hydrated.wiring.yaml";

function lineOf(text: string, needle: string, from = 0): number {
  const idx = text.indexOf(needle, from);
  if (idx < 0) throw new Error(`${needle} not in text`);
  return text.slice(0, idx).split("\n").length;
}

describe("validateSources", () => {
  it("accepts the reconstructed L3VNI wiring (its Gateway is not in the source data: a warning, not an error)", () => {
    const report = validateSources([{ file: L3VNI, text: readSample(L3VNI) }]);
    expect(report.errors).toEqual([]);
    expect(report.valid).toBe(true);
    expect(report.objects).toBe(41);
    expect(report.warnings.every((w) => w.severity === "warning" && w.file === L3VNI)).toBe(true);
  });

  it("rejects the GPU-rail wiring with the default fab.yaml and accepts it with that repository's config (SOURCES.md)", () => {
    const text = readSample(GPU);
    const byDefault = validateSources([{ file: GPU, text }]);
    expect(byDefault.valid).toBe(false);
    expect(byDefault.objects).toBe(166);
    expect(byDefault.errors.some((e) => e.kind === "Switch" && e.message.includes("cumulus-vx"))).toBe(true);
    expect(byDefault.errors.some((e) => e.kind === "Switch" && e.message.includes("192.168.200."))).toBe(true);
    const withConfig = validateSources([{ file: GPU, text }], { includeCumulus: true, managementSubnet: "192.168.200.0/24", controlVIP: "192.168.200.1/32" });
    expect(withConfig.errors).toEqual([]);
    expect(withConfig.valid).toBe(true);
  });

  it("resolves references across files: the same objects split in two files give the same result", () => {
    const text = readSample(L3VNI);
    const docs = parseAllDocuments(text).map((d) => d.toString());
    const wiring = docs.filter((d) => /apiVersion: wiring/.test(d)).join("---\n");
    const vpcs = docs.filter((d) => /apiVersion: vpc/.test(d)).join("---\n");
    const split = validateSources([
      { file: "wiring.yaml", text: wiring },
      { file: "vpcs.yaml", text: vpcs },
    ]);
    expect(split.errors).toEqual([]);
    expect(split.objects).toBe(41);
    const vpcsOnly = validateSources([{ file: "vpcs.yaml", text: vpcs }]);
    expect(vpcsOnly.valid).toBe(false);
  });

  it("reports a duplicate kind+name across files at the second definition", () => {
    const ns = "apiVersion: vpc.githedgehog.com/v1beta1\nkind: IPv4Namespace\nmetadata:\n  name: default\nspec:\n  subnets: [10.0.0.0/16]\n";
    const report = validateSources([
      { file: "a.yaml", text: ns },
      { file: "b.yaml", text: "# copy\n---\n" + ns },
    ]);
    const dup = report.errors.filter((e) => e.rule === "object.duplicate");
    expect(dup).toEqual([expect.objectContaining({ file: "b.yaml", document: 0, line: 6, kind: "IPv4Namespace", name: "default", severity: "error" })]);
    expect(dup[0].message).toContain("a.yaml");
  });

  it("skips non-Hedgehog documents and fab.yaml objects instead of failing on them", () => {
    const report = validateSources([
      { file: "fab.yaml", text: readSample("docs-fab-config.fabricator.yaml") },
      { file: "cm.yaml", text: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata: {a: b}\n" },
    ]);
    expect(report.valid).toBe(true);
    expect(report.objects).toBe(0);
    expect(report.skipped.map((s) => [s.file, s.document, s.kind])).toEqual([
      ["fab.yaml", 0, "Fabricator"],
      ["fab.yaml", 1, "ControlNode"],
      ["fab.yaml", 2, "FabNode"],
      ["cm.yaml", 0, "ConfigMap"],
    ]);
  });

  it("gives every finding its file, document and the line of the offending node", () => {
    const bad = [
      "apiVersion: wiring.githedgehog.com/v1alpha2",
      "kind: Server",
      "metadata:",
      "  name: old-server",
      "---",
      "apiVersion: wiring.githedgehog.com/v1beta1",
      "kind: Server",
      "metadata:",
      "  name: server-1",
      "spec:",
      "  descripton: typo",
      "---",
      "apiVersion: wiring.githedgehog.com/v1beta1",
      "kind: Connection",
      "metadata:",
      "  name: server-1--unbundled--leaf-99",
      "spec:",
      "  unbundled:",
      "    link:",
      "      server:",
      "        port: server-1/enp2s1",
      "      switch:",
      "        port: leaf-99/E1/1",
      "---",
      "apiVersion: [",
      "",
    ].join("\n");
    const report = validateSources([{ file: "bad.yaml", text: bad }]);
    expect(report.valid).toBe(false);
    for (const e of report.errors) {
      expect(e.file).toBe("bad.yaml");
      expect(typeof e.document).toBe("number");
      expect(typeof e.line).toBe("number");
      expect(e.message.length).toBeGreaterThan(10);
    }
    const retired = report.errors.find((e) => e.rule === "schema.unknown-kind")!;
    expect(retired).toMatchObject({ document: 0, line: 1, kind: "Server", name: "old-server" });
    const typo = report.errors.find((e) => e.rule === "schema.unknown-field")!;
    expect(typo).toMatchObject({ document: 1, line: lineOf(bad, "descripton"), path: "/spec/descripton" });
    expect(typo.message).toContain('"description"');
    const missingSwitch = report.errors.find((e) => e.kind === "Connection" && e.message.includes("leaf-99"))!;
    expect(missingSwitch).toMatchObject({ document: 2, line: lineOf(bad, "port: leaf-99") });
    const syntax = report.errors.find((e) => e.rule === "yaml.syntax")!;
    expect(syntax.document).toBe(3);
    expect(report.objects).toBe(3);
  });

  it("maps to the REST/CLI JSON shape", () => {
    const report = validateSources([{ file: "x.yaml", text: "apiVersion: vpc.githedgehog.com/v1beta1\nkind: VPC\nmetadata:\n  name: v\nspec:\n  subnets: {default: {subnet: 10.0.0.0/24, vlann: 5}}\n" }]);
    const json = toValidateResponse(report);
    expect(Object.keys(json)).toEqual(["valid", "objects", "errors", "warnings", "skipped"]);
    expect(json.valid).toBe(false);
    expect(json.errors[0]).toEqual({
      document: 0,
      kind: "VPC",
      name: "v",
      path: "/spec/subnets/default/vlann",
      rule: "schema.unknown-field",
      message: expect.stringContaining('did you mean "vlan"'),
      file: "x.yaml",
      line: 6,
    });
  });
});
