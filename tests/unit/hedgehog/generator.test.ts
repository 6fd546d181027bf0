import { describe, expect, it } from "vitest";
import { toCanonicalYamlStream } from "@/lib/hedgehog/canonical";
import { fabricOptionsForSize, generateFabric, type GenerateFabricOptions } from "@/lib/hedgehog/generator";
import { validateSources } from "@/lib/hedgehog/report";
import type { HhObject } from "@/lib/hedgehog/types";

function count(objects: HhObject[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const o of objects) out[o.kind] = (out[o.kind] ?? 0) + 1;
  return out;
}

function validate(objects: HhObject[]) {
  return validateSources([{ file: "generated.yaml", text: toCanonicalYamlStream(objects) }]);
}

describe("generateFabric", () => {
  it("is deterministic for a seed and differs across seeds", () => {
    const opts: GenerateFabricOptions = { spines: 2, leaves: 4, serversPerLeaf: 16, vpcs: 6, subnetsPerVpc: 2, attachmentsPerServer: 2, seed: 42 };
    expect(toCanonicalYamlStream(generateFabric(opts))).toBe(toCanonicalYamlStream(generateFabric(opts)));
    expect(toCanonicalYamlStream(generateFabric({ ...opts, seed: 43 }))).not.toBe(toCanonicalYamlStream(generateFabric(opts)));
  });

  it("builds the requested topology: switches, servers, every connection type, VPCs, attachments, peerings", () => {
    const objects = generateFabric({ spines: 2, leaves: 5, serversPerLeaf: 16, vpcs: 10, subnetsPerVpc: 2, attachmentsPerServer: 1, seed: 7 });
    const kinds = count(objects);
    expect(kinds.Switch).toBe(7);
    expect(kinds.VPC).toBe(10);
    expect(kinds.VLANNamespace).toBe(1);
    expect(kinds.IPv4Namespace).toBe(1);
    expect(kinds.SwitchGroup).toBe(2); // two ESLAG pairs, one orphan leaf
    const types = new Set(objects.filter((o) => o.kind === "Connection").map((o) => Object.keys(o.spec!)[0]));
    expect([...types].sort()).toEqual(["bundled", "eslag", "fabric", "unbundled"]);
    const serverConns = objects.filter((o) => o.kind === "Connection" && !("fabric" in o.spec!));
    expect(serverConns.length).toBe(kinds.VPCAttachment);
    expect(kinds.VPCPeering).toBeGreaterThanOrEqual(1);
    // each leaf carries serversPerLeaf server-facing connections
    for (let j = 1; j <= 5; j++) {
      const touching = serverConns.filter((c) => JSON.stringify(c.spec).includes(`"leaf-${j}/`));
      expect(touching.length, `leaf-${j}`).toBe(16);
    }
    // every switch port is used once
    const ports = objects.filter((o) => o.kind === "Connection").flatMap((o) => JSON.stringify(o.spec).match(/"(?:spine|leaf)-\d+\/E1\/\d+"/g) ?? []);
    expect(new Set(ports).size).toBe(ports.length);
  });

  it("adds spines when the requested ones do not have enough ports for every leaf", () => {
    const objects = generateFabric({ spines: 1, leaves: 40, serversPerLeaf: 8, vpcs: 20, seed: 4 });
    const spines = objects.filter((o) => o.kind === "Switch" && o.spec!.role === "spine").length;
    // 40 leaves x 2 uplinks on 34-port spines need at least 3 spines
    expect(spines).toBe(3);
  });

  it("refuses counts that cannot fit one fabric", () => {
    expect(() => generateFabric({ spines: 2, leaves: 434, serversPerLeaf: 1, vpcs: 1, seed: 1 })).toThrow(RangeError);
    expect(() => generateFabric({ spines: 2, leaves: 2, serversPerLeaf: 49, vpcs: 1, seed: 1 })).toThrow(RangeError);
    expect(() => generateFabric({ spines: 2, leaves: 1, serversPerLeaf: 1, vpcs: 5000, seed: 1 })).toThrow(RangeError);
  });

  it.each([
    ["tiny", { spines: 1, leaves: 1, serversPerLeaf: 1, vpcs: 1, seed: 1 }],
    ["small", { spines: 2, leaves: 4, serversPerLeaf: 24, vpcs: 8, subnetsPerVpc: 3, attachmentsPerServer: 2, seed: 2 }],
    ["several pods (VLANNamespaces and IPv4Namespaces)", { spines: 1, leaves: 6, serversPerLeaf: 40, vpcs: 2500, attachmentsPerServer: 3, seed: 3 }],
    ["spines added for port capacity", { spines: 1, leaves: 40, serversPerLeaf: 8, vpcs: 20, seed: 4 }],
  ] as Array<[string, GenerateFabricOptions]>)("%s: validates clean through validateSources", (_label, opts) => {
    const objects = generateFabric(opts);
    const report = validate(objects);
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.valid).toBe(true);
    expect(report.objects).toBe(objects.length);
  });

  it("about 10,000 objects validate clean", () => {
    const objects = generateFabric(fabricOptionsForSize(10_000, 5));
    expect(objects.length).toBeGreaterThan(9_000);
    expect(objects.length).toBeLessThan(11_000);
    const report = validate(objects);
    expect(report.errors).toEqual([]);
    expect(report.valid).toBe(true);
  });

  it("several pods get distinct namespaces that are referenced by their VPCs and leaves", () => {
    const objects = generateFabric({ spines: 2, leaves: 4, serversPerLeaf: 4, vpcs: 4001, seed: 9 });
    const kinds = count(objects);
    expect(kinds.VLANNamespace).toBe(3);
    expect(kinds.IPv4Namespace).toBe(3);
    const leafNs = new Set(objects.filter((o) => o.kind === "Switch" && o.spec!.role !== "spine").map((o) => (o.spec!.vlanNamespaces as string[])[0]));
    expect(leafNs.size).toBe(3);
  });
});
