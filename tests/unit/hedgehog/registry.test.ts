import { describe, expect, it } from "vitest";
import { classifyDocument, FABRIC_KINDS, findKind, findKindByGVK, KINDS } from "@/lib/hedgehog/registry";
import { crdFiles } from "./helpers";

describe("kinds registry", () => {
  it("knows every kind of the real CRDs with the CRD's names, scope and served version", () => {
    const crds = crdFiles();
    expect(crds.length).toBe(21);
    for (const crd of crds) {
      const served = crd.spec.versions.find((v) => v.served && v.storage)!;
      const info = findKindByGVK(`${crd.spec.group}/${served.name}`, crd.spec.names.kind);
      expect(info, crd.file).toBeDefined();
      expect(info!.plural).toBe(crd.spec.names.plural);
      expect(info!.singular).toBe(crd.spec.names.singular);
      expect([...info!.shortNames].sort()).toEqual([...(crd.spec.names.shortNames ?? [])].sort());
      expect(info!.namespaced).toBe(crd.spec.scope === "Namespaced");
    }
    expect(KINDS.length).toBe(crds.length);
  });

  it("covers the vpc and wiring groups (API-NOTES §1) with their categories and policies", () => {
    const vpc = KINDS.filter((k) => k.group === "vpc.githedgehog.com").map((k) => k.kind).sort();
    expect(vpc).toEqual(["External", "ExternalAttachment", "ExternalPeering", "IPv4Namespace", "VPC", "VPCAttachment", "VPCPeering"]);
    const wiring = KINDS.filter((k) => k.group === "wiring.githedgehog.com").map((k) => k.kind).sort();
    expect(wiring).toEqual(["Connection", "Server", "ServerProfile", "Switch", "SwitchGroup", "SwitchProfile", "VLANNamespace"]);
    expect(findKind("VPC")!.defaultPolicy).toBe("managed");
    expect(findKind("Connection")!.defaultPolicy).toBe("observed");
    expect(findKind("SwitchProfile")!.readOnly).toBe(true);
    expect(findKind("Switch")!.readOnly).toBe(false);
    expect(findKind("Gateway")!.optional).toBe(true);
    expect(findKind("Gateway")!.category).toBe("gateway");
    expect(findKind("Fabricator")!.ingested).toBe(false);
    expect(FABRIC_KINDS.some((k) => k.category === "fabricator")).toBe(false);
  });

  it("finds kinds by kind, plural, singular or short name, case-insensitively", () => {
    expect(findKind("vpc")!.kind).toBe("VPC");
    expect(findKind("VPCs")!.kind).toBe("VPC");
    expect(findKind("vpcattach")!.kind).toBe("VPCAttachment");
    expect(findKind("extpeer")!.kind).toBe("ExternalPeering");
    expect(findKind("extpeering")!.kind).toBe("ExternalPeering");
    expect(findKind("SW")!.kind).toBe("Switch");
    expect(findKind("switches")!.kind).toBe("Switch");
    expect(findKind("ipns")!.kind).toBe("IPv4Namespace");
    expect(findKind("vlanns")!.kind).toBe("VLANNamespace");
    expect(findKind("conn")!.kind).toBe("Connection");
    expect(findKind("gwpeer")!.kind).toBe("GatewayPeering");
    expect(findKind("nope")).toBeUndefined();
    expect(findKindByGVK("vpc.githedgehog.com/v1beta1", "vpc")).toBeUndefined();
  });

  it("explains the retired v1alpha2 apiVersion and the fix", () => {
    const c = classifyDocument("wiring.githedgehog.com/v1alpha2", "Connection");
    expect(c.type).toBe("unknown");
    const message = (c as { message: string }).message;
    expect(message).toContain("v1alpha2");
    expect(message).toContain("v0.52.0");
    expect(message).toContain("change apiVersion to wiring.githedgehog.com/v1beta1");
  });

  it("explains kinds that no longer exist and unknown kinds", () => {
    const rack = classifyDocument("wiring.githedgehog.com/v1alpha2", "Rack");
    expect((rack as { message: string }).message).toMatch(/Rack.*removed/);
    const typo = classifyDocument("vpc.githedgehog.com/v1beta1", "Vpc");
    expect((typo as { message: string }).message).toContain("did you mean VPC");
    const unknown = classifyDocument("vpc.githedgehog.com/v1beta1", "Router");
    expect((unknown as { message: string }).message).toContain("known kinds are");
  });

  it("classifies other APIs as foreign and fab.yaml kinds as fabricator", () => {
    expect(classifyDocument("v1", "ConfigMap").type).toBe("foreign");
    expect(classifyDocument("agent.githedgehog.com/v1beta1", "Agent").type).toBe("foreign");
    expect(classifyDocument("dhcp.githedgehog.com/v1beta1", "DHCPSubnet").type).toBe("foreign");
    expect(classifyDocument("fabricator.githedgehog.com/v1beta1", "Fabricator").type).toBe("fabricator");
    expect(classifyDocument("vpc.githedgehog.com/v1beta1", "VPC").type).toBe("fabric");
    expect(classifyDocument("gateway.githedgehog.com/v1alpha1", "Gateway").type).toBe("fabric");
    expect(classifyDocument("ec2.services.k8s.aws/v1alpha1", "VPC").type).toBe("foreign");
  });

  it("does not silently skip a misspelled Hedgehog API group", () => {
    const c = classifyDocument("vpc.githedghog.com/v1beta1", "VPC");
    expect(c.type).toBe("unknown");
    expect((c as { message: string }).message).toContain("did you mean vpc.githedgehog.com/v1beta1");
  });
});
