/**
 * The real sample files in shared/hedgehog/samples give exactly the findings their SOURCES.md notes imply.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { validateSources } from "@/lib/hedgehog/report";
import type { Finding } from "@/lib/hedgehog/types";

const DIR = path.resolve(process.cwd(), "../shared/hedgehog/samples");
const run = (file: string, config?: Parameters<typeof validateSources>[1]) =>
  validateSources([{ file, text: fs.readFileSync(path.join(DIR, file), "utf8") }], config);
/** Findings as sorted "rule kind/name" strings. */
const keys = (list: Finding[]): string[] => list.map((f) => `${f.rule} ${f.kind}/${f.name}`).sort();

describe("shared samples", () => {
  test("GPU-rail: valid with includeCumulus and its management subnet", () => {
    const r = run("nvidia-air-gpu-rail-2su.hydrated.wiring.yaml", { includeCumulus: true, managementSubnet: "192.168.200.0/24", controlVIP: "192.168.200.1/32" });
    expect(r.objects).toBe(166);
    expect([...r.errors, ...r.warnings]).toEqual([]);
    expect(r.valid).toBe(true);
  });

  test("GPU-rail: with the default config, rejected for cumulus-vx and management IPs only", () => {
    const r = run("nvidia-air-gpu-rail-2su.hydrated.wiring.yaml");
    expect(r.valid).toBe(false);
    expect(r.warnings).toEqual([]);
    const switches = ["leaf-su00-r0", "leaf-su00-r1", "leaf-su00-r2", "leaf-su00-r3", "leaf-su01-r0", "leaf-su01-r1", "leaf-su01-r2", "leaf-su01-r3", "spine-s00", "spine-s01"];
    const expected = switches.flatMap((s) => [`switch.profile.unknown Switch/${s}`, `switch.ip.management Switch/${s}`]).sort();
    expect(keys(r.errors)).toEqual(expected);
    const unknown = r.errors.find((f) => f.rule === "switch.profile.unknown");
    expect(unknown?.message).toMatch(/includeCumulus/);
    expect(unknown?.path).toBe("/spec/profile");
    expect(r.errors.find((f) => f.rule === "switch.ip.management")?.message).toMatch(/172\.30\.0\.0\/21/);
  });

  test("L3VNI reconstruction: valid; only the undefined gateway-1 is noted", () => {
    const r = run("fabric-testdata-l3vni-spine-leaf.reconstructed.wiring.yaml");
    expect(r.errors).toEqual([]);
    expect(r.valid).toBe(true);
    expect(keys(r.warnings)).toEqual(["connection.gateway.missing Connection/spine-01--gateway--gateway-1"]);
  });

  test("demo-gitops pre-demo: only the missing namespaces and connections", () => {
    const r = run("demo-gitops-env1-pre-demo.vpcs.yaml");
    expect(r.warnings).toEqual([]);
    expect(keys(r.errors)).toEqual(
      [
        "vpc.ipv4ns.missing VPC/demo-vpc-1",
        "vpc.vlanns.missing VPC/demo-vpc-1",
        "vpc.ipv4ns.missing VPC/demo-vpc-2",
        "vpc.vlanns.missing VPC/demo-vpc-2",
        "vpcattach.connection.missing VPCAttachment/demo-vpc-1--server-1--mclag--s5248-01--s5248-02",
        "vpcattach.connection.missing VPCAttachment/demo-vpc-2--server-4--unbundled--s5248-02",
      ].sort(),
    );
  });

  test("demo-gitops demo: only references to the other file, the wiring and the default External", () => {
    const r = run("demo-gitops-env1-demo.vpcs.yaml");
    expect(r.warnings).toEqual([]);
    expect(keys(r.errors)).toEqual(
      [
        "vpc.ipv4ns.missing VPC/demo-vpc-3",
        "vpc.vlanns.missing VPC/demo-vpc-3",
        "vpcattach.connection.missing VPCAttachment/demo-vpc-3--server-3--bundled--s5248-01",
        "vpcpeer.vpc.missing VPCPeering/demo-vpc-1--demo-vpc-2",
        "vpcpeer.vpc.missing VPCPeering/demo-vpc-1--demo-vpc-2",
        "extpeer.vpc.missing ExternalPeering/demo-vpc-1--default",
        "extpeer.external.missing ExternalPeering/demo-vpc-1--default",
      ].sort(),
    );
  });

  test("both demo-gitops files together resolve each other's VPCs", () => {
    const files = ["demo-gitops-env1-pre-demo.vpcs.yaml", "demo-gitops-env1-demo.vpcs.yaml"].map((file) => ({ file, text: fs.readFileSync(path.join(DIR, file), "utf8") }));
    const r = validateSources(files);
    expect(r.errors.filter((f) => f.rule === "vpcpeer.vpc.missing" || f.rule === "extpeer.vpc.missing")).toEqual([]);
  });

  test("docs DHCP relay: only the missing namespaces and connections (relayVPC resolves)", () => {
    const r = run("docs-vpcs-dhcp-relay.vpcs.yaml");
    expect(r.warnings).toEqual([]);
    expect(keys(r.errors)).toEqual(
      [
        "vpc.ipv4ns.missing VPC/vpc-01",
        "vpc.vlanns.missing VPC/vpc-01",
        "vpc.ipv4ns.missing VPC/vpc-02",
        "vpc.vlanns.missing VPC/vpc-02",
        "vpcattach.connection.missing VPCAttachment/server-01--vpc-01",
        "vpcattach.connection.missing VPCAttachment/server-02--vpc-02",
      ].sort(),
    );
  });

  test("docs connection examples: only the undefined switches, servers and gateway", () => {
    const r = run("docs-connection-examples.wiring.yaml");
    const C = (n: string) => `Connection/${n}`;
    expect(keys(r.errors)).toEqual(
      [
        `connection.server.missing ${C("server-4--unbundled--s5248-02")}`,
        `connection.switch.missing ${C("server-4--unbundled--s5248-02")}`,
        `connection.server.missing ${C("server-3--bundled--s5248-01")}`,
        `connection.switch.missing ${C("server-3--bundled--s5248-01")}`,
        `connection.server.missing ${C("server-1--eslag--s5248-01--s5248-02")}`,
        `connection.switch.missing ${C("server-1--eslag--s5248-01--s5248-02")}`,
        `connection.switch.missing ${C("server-1--eslag--s5248-01--s5248-02")}`,
        `connection.switch.missing ${C("s5232-01--fabric--s5248-01")}`,
        `connection.switch.missing ${C("s5232-01--fabric--s5248-01")}`,
        `connection.switch.missing ${C("s5248-03--mesh--s5248-04")}`,
        `connection.switch.missing ${C("s5248-03--mesh--s5248-04")}`,
        `connection.switch.missing ${C("third-party-dhcp-server--static-external--s5248-04")}`,
        `connection.switch.missing ${C("s5248-03--external--5835")}`,
        `connection.switch.missing ${C("spine-01--gateway--gateway-1")}`,
      ].sort(),
    );
    expect(keys(r.warnings)).toEqual([`connection.gateway.missing ${C("spine-01--gateway--gateway-1")}`]);
    const eslag = r.errors.filter((f) => f.name === "server-1--eslag--s5248-01--s5248-02" && f.rule === "connection.switch.missing").map((f) => f.path);
    expect(eslag.sort()).toEqual(["/spec/eslag/links/0/switch/port", "/spec/eslag/links/1/switch/port"]);
  });

  test("docs external examples: only the undefined switch, VPC and IPv4Namespace", () => {
    const r = run("docs-external-examples.vpcs.yaml");
    expect(r.warnings).toEqual([]);
    expect(keys(r.errors)).toEqual(
      [
        "external.ipv4ns.missing External/bgp-edge",
        "external.ipv4ns.missing External/static-edge",
        "connection.switch.missing Connection/switch-border--external--bgp-edge",
        "connection.switch.missing Connection/switch-border--external--static-edge",
        "extpeer.vpc.missing ExternalPeering/vpc-01--bgp-edge",
        "extpeer.vpc.missing ExternalPeering/vpc-01--static-edge",
      ].sort(),
    );
  });

  test("fab.yaml is recognised as fabricator config, not wiring", () => {
    const r = run("docs-fab-config.fabricator.yaml");
    expect(r.objects).toBe(0);
    expect(r.errors).toEqual([]);
    expect(r.skipped.map((s) => s.kind)).toEqual(["Fabricator", "ControlNode", "FabNode"]);
  });
});

describe("fabric config", () => {
  test("fab.yaml sample: settings read from the Fabricator; defaults fill the rest", async () => {
    const { parseYamlDocuments } = await import("@/lib/hedgehog/yaml");
    const { fabricConfigFromFabricator, resolveFabricConfig } = await import("@/lib/hedgehog/fabric-config");
    const text = fs.readFileSync(path.join(DIR, "docs-fab-config.fabricator.yaml"), "utf8");
    const partial = fabricConfigFromFabricator(parseYamlDocuments(text).documents.map((d) => d.object));
    expect(partial).toEqual({}); // the docs sample sets no fabric addressing
    const cfg = resolveFabricConfig(partial);
    expect(cfg.managementSubnet).toBe("172.30.0.0/21");
    expect(cfg.reservedSubnets).toContain("172.30.128.0/17");
    const custom = resolveFabricConfig({ includeCumulus: true, managementSubnet: "192.168.200.0/24", controlVIP: "192.168.200.1/32" });
    expect(custom.reservedSubnets).toContain("192.168.200.0/24");
    expect(custom.managementDHCPStart).toBe("192.168.200.128");
  });
});
