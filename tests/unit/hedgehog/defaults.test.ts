import { describe, expect, it } from "vitest";
import { applyDefaults, normalizeMAC } from "@/lib/hedgehog/defaults";
import type { HhObject } from "@/lib/hedgehog/types";
import { sampleObjects } from "./helpers";

const VPC = "vpc.githedgehog.com/v1beta1";
const W = "wiring.githedgehog.com/v1beta1";
const o = (apiVersion: string, kind: string, name: string, spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): HhObject =>
  ({ apiVersion, kind, metadata: { name, ...metadata }, spec }) as HhObject;
type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("applyDefaults (API-NOTES §2–§4)", () => {
  it("sets namespace default and never mutates the input", () => {
    const input = o(VPC, "VPC", "vpc-1", { subnets: { default: { subnet: "10.0.1.0/24", vlan: 1001 } } });
    const before = structuredClone(input);
    const out = applyDefaults(input);
    expect(input).toEqual(before);
    expect(out.metadata.namespace).toBe("default");
    expect(applyDefaults(o(VPC, "VPC", "v", {}, { namespace: "other" })).metadata.namespace).toBe("other");
  });

  it("VPC: namespaces, gateway = first host, DHCP range network+2 … last address, option defaults", () => {
    const out = applyDefaults(
      o(VPC, "VPC", "vpc-1", {
        subnets: {
          a: { subnet: "10.0.1.0/24", vlan: 1001, dhcp: { enable: true, options: { dnsServers: ["9.9.9.9", "1.1.1.1"] } } },
          b: { subnet: "10.0.2.0/24", vlan: 1002, gateway: "10.0.2.254", dhcp: { enable: true, range: { start: "10.0.2.10" } } },
          c: { subnet: "10.0.3.0/24", vlan: 1003, dhcp: { enable: false, range: { start: "10.0.3.10" }, options: { leaseTimeSeconds: 5 } } },
          h: { subnet: "10.0.4.0/24", hostBGP: true },
          e: { subnet: "10.0.5.0/24", vlan: 1005, dhcp: { enable: true, options: {} } },
        },
      }),
    ).spec as Any;
    expect(out.ipv4Namespace).toBe("default");
    expect(out.vlanNamespace).toBe("default");
    expect(out.subnets.a.gateway).toBe("10.0.1.1");
    expect(out.subnets.a.dhcp).toEqual({
      enable: true,
      range: { start: "10.0.1.2", end: "10.0.1.255" },
      options: { dnsServers: ["1.1.1.1", "9.9.9.9"], timeServers: [], interfaceMTU: 9036, leaseTimeSeconds: 3600, advertisedRoutes: [] },
    });
    expect(out.subnets.b.gateway).toBe("10.0.2.254");
    expect(out.subnets.b.dhcp.range).toEqual({ start: "10.0.2.10", end: "10.0.2.255" });
    expect(out.subnets.c.dhcp).toEqual({ enable: false });
    expect(out.subnets.h.gateway).toBeUndefined();
    expect(out.subnets.h.dhcp).toEqual({});
    expect(out.subnets.e.dhcp).toEqual({ enable: true, range: { start: "10.0.5.2", end: "10.0.5.255" } });
  });

  it("VPC: normalizes static-lease MACs", () => {
    const out = applyDefaults(o(VPC, "VPC", "v", { subnets: { a: { subnet: "10.0.1.0/24", vlan: 1, dhcp: { enable: true, static: { "0C-20-12-FF-00-01": { ip: "10.0.1.50" } } } } } })).spec as Any;
    expect(Object.keys(out.subnets.a.dhcp.static)).toEqual(["0c:20:12:ff:00:01"]);
    expect(normalizeMAC("0c20.12ff.0001")).toBe("0c:20:12:ff:00:01");
    expect(normalizeMAC("not-a-mac")).toBeUndefined();
  });

  it("recomputes the system labels: user labels under fabric.githedgehog.com/ are replaced, others kept", () => {
    const out = applyDefaults(o(VPC, "VPC", "v", { ipv4Namespace: "ns1", subnets: {} }, { labels: { team: "a", "fabric.githedgehog.com/ipv4ns": "wrong", "x.fabric.githedgehog.com/y": "true" } }));
    expect(out.metadata.labels).toEqual({ team: "a", "fabric.githedgehog.com/ipv4ns": "ns1", "fabric.githedgehog.com/vlanns": "default" });
  });

  it("VPCAttachment: a bare VPC name attaches its default subnet; labels link VPC, subnet and connection", () => {
    const out = applyDefaults(o(VPC, "VPCAttachment", "att", { subnet: "vpc-1", connection: "server-1--unbundled--leaf-1", nativeVLAN: true }));
    expect(out.spec).toEqual({ subnet: "vpc-1/default", connection: "server-1--unbundled--leaf-1", nativeVLAN: true });
    expect(out.metadata.labels).toEqual({
      "fabric.githedgehog.com/vpc": "vpc-1",
      "fabric.githedgehog.com/subnet": "default",
      "fabric.githedgehog.com/connection": "server-1--unbundled--leaf-1",
      "fabric.githedgehog.com/nativevlan": "true",
    });
  });

  it("VPCPeering: list labels for both VPCs and vpc1/vpc2 sorted", () => {
    const out = applyDefaults(o(VPC, "VPCPeering", "p", { permit: [{ "vpc-2": {}, "vpc-1": { subnets: ["default"] } }] }));
    expect(out.metadata.labels).toEqual({
      "vpc.fabric.githedgehog.com/vpc-1": "true",
      "vpc.fabric.githedgehog.com/vpc-2": "true",
      "fabric.githedgehog.com/vpc1": "vpc-1",
      "fabric.githedgehog.com/vpc2": "vpc-2",
    });
    expect(applyDefaults(o(VPC, "VPCPeering", "p", { permit: [{ "vpc-1": {} }] })).metadata.labels).toBeUndefined();
  });

  it("Connection: type label and switch/server list labels; MCLAG gets none", () => {
    const eslag = applyDefaults(
      o(W, "Connection", "server-1--eslag--leaf-1--leaf-2", {
        eslag: { links: [{ server: { port: "server-1/enp2s1" }, switch: { port: "leaf-2/E1/1" } }, { server: { port: "server-1/enp2s2" }, switch: { port: "leaf-1/E1/1" } }] },
      }, { labels: { "switch.fabric.githedgehog.com/old": "true" } }),
    );
    expect(eslag.metadata.labels).toEqual({
      "fabric.githedgehog.com/connection-type": "eslag",
      "switch.fabric.githedgehog.com/leaf-1": "true",
      "switch.fabric.githedgehog.com/leaf-2": "true",
      "server.fabric.githedgehog.com/server-1": "true",
    });
    expect(eslag.metadata.annotations).toEqual({ "fabric.githedgehog.com/switches": "leaf-1,leaf-2", "fabric.githedgehog.com/servers": "server-1" });
    const loop = applyDefaults(o(W, "Connection", "leaf-1--vpc-loopback", { vpcLoopback: { links: [{ switch1: { port: "leaf-1/E1/5" }, switch2: { port: "leaf-1/E1/6" } }] } }));
    expect(loop.metadata.labels).toEqual({ "fabric.githedgehog.com/connection-type": "vpc-loopback", "switch.fabric.githedgehog.com/leaf-1": "true" });
    const se = applyDefaults(o(W, "Connection", "x", { staticExternal: { link: { switch: { port: "leaf-1/E1/7" } }, withinVPC: "vpc-1" } }));
    expect(se.metadata.labels!["fabric.githedgehog.com/vpc"]).toBe("vpc-1");
    expect(se.metadata.labels!["fabric.githedgehog.com/connection-type"]).toBe("static-external");
    const mclag = applyDefaults(o(W, "Connection", "m", { mclag: { links: [] } }, { labels: { "fabric.githedgehog.com/connection-type": "mclag" } }));
    expect(mclag.metadata.labels).toBeUndefined();
  });

  it("Switch: default VLANNamespace, redundancy group in groups, sorted lists, profile/group/vlanns labels", () => {
    const out = applyDefaults(
      o(W, "Switch", "leaf-1", { role: "server-leaf", profile: "vs", groups: ["zz"], redundancy: { group: "eslag-1", type: "eslag" }, portSpeeds: { "E1/1": "SPEED_10G" }, linkFlapErrDisable: {} }),
    );
    const spec = out.spec as Any;
    expect(spec.vlanNamespaces).toEqual(["default"]);
    expect(spec.groups).toEqual(["eslag-1", "zz"]);
    expect(spec.portSpeeds).toEqual({ "E1/1": "10G" });
    expect(spec.linkFlapErrDisable).toEqual({ flapThreshold: 3, samplingInterval: 30, recoveryInterval: 300 });
    expect(out.metadata.labels).toEqual({
      "fabric.githedgehog.com/profile": "vs",
      "switchgroup.fabric.githedgehog.com/eslag-1": "true",
      "switchgroup.fabric.githedgehog.com/zz": "true",
      "vlanns.fabric.githedgehog.com/default": "true",
    });
  });

  it("sorts the lists the fabric sorts and fills External/ExternalAttachment defaults", () => {
    expect((applyDefaults(o(VPC, "IPv4Namespace", "ns", { subnets: ["10.2.0.0/16", "10.1.0.0/16"] })).spec as Any).subnets).toEqual(["10.1.0.0/16", "10.2.0.0/16"]);
    expect((applyDefaults(o(W, "VLANNamespace", "ns", { ranges: [{ from: 2000, to: 2999 }, { from: 1000 }] })).spec as Any).ranges).toEqual([
      { from: 1000, to: 1000 },
      { from: 2000, to: 2999 },
    ]);
    const ep = applyDefaults(o(VPC, "ExternalPeering", "p", { permit: { vpc: { name: "v", subnets: ["b", "a"] }, external: { name: "e", prefixes: [{ prefix: "10.0.0.0/8" }, { prefix: "0.0.0.0/0" }] } } }));
    expect((ep.spec as Any).permit.vpc.subnets).toEqual(["a", "b"]);
    expect((ep.spec as Any).permit.external.prefixes).toEqual([{ prefix: "0.0.0.0/0" }, { prefix: "10.0.0.0/8" }]);
    expect(ep.metadata.labels).toEqual({ "fabric.githedgehog.com/vpc": "v", "fabric.githedgehog.com/external": "e" });
    const ext = applyDefaults(o(VPC, "External", "e", {}));
    expect((ext.spec as Any).ipv4Namespace).toBe("default");
    expect(ext.metadata.labels).toEqual({ "fabric.githedgehog.com/ipv4ns": "default" });
    const ea = applyDefaults(o(VPC, "ExternalAttachment", "a", { connection: "c", external: "e", static: { remoteIP: "1.1.1.1" } }));
    expect(ea.spec).toEqual({ connection: "c", external: "e", static: { remoteIP: "1.1.1.1" }, switch: {}, neighbor: {} });
  });

  it("leaves fabricator objects alone", () => {
    const fab = { apiVersion: "fabricator.githedgehog.com/v1beta1", kind: "Fabricator", metadata: { name: "default", namespace: "fab" }, spec: { config: {} } } as HhObject;
    expect(applyDefaults(fab)).toEqual(fab);
  });

  it("is idempotent on every sample object", () => {
    for (const { file, object } of sampleObjects()) {
      const once = applyDefaults(object as unknown as HhObject);
      expect(applyDefaults(once), `${file} ${(object.metadata as Any).name}`).toEqual(once);
    }
  });
});
