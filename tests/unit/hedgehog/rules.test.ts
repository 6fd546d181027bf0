/**
 * Every semantic rule in RULES: a crafted object set that breaks it is reported with that rule id at the right JSON
 * pointer, and its valid twin is clean. Expectations come from API-NOTES §2–§5 and §8, not from the implementation.
 */
import { describe, expect, test } from "vitest";
import { RULES, validateObjects } from "@/lib/hedgehog/validate";
import type { FabricConfig, HhObject, SourcedObject } from "@/lib/hedgehog/types";

type Spec = Record<string, unknown>;
const W = "wiring.githedgehog.com/v1beta1";
const V = "vpc.githedgehog.com/v1beta1";
const obj = (apiVersion: string, kind: string, name: string, spec: Spec, extra: Partial<HhObject["metadata"]> = {}): HhObject => ({
  apiVersion,
  kind,
  metadata: { name, namespace: "default", ...extra },
  spec,
});

/** A small, complete, hydrated fabric that validates clean with the default fabric config. */
function base(): HhObject[] {
  const sw = (name: string, role: string, asn: number, ip: string, proto: string, extra: Spec = {}): HhObject =>
    obj(W, "Switch", name, { role, profile: "celestica-ds3000", asn, ip, protocolIP: proto, vlanNamespaces: ["default"], redundancy: {}, ...extra });
  return [
    obj(W, "VLANNamespace", "default", { ranges: [{ from: 1000, to: 2999 }] }),
    obj(V, "IPv4Namespace", "default", { subnets: ["10.0.0.0/16"] }),
    obj(W, "SwitchGroup", "eslag-1", {}),
    sw("spine-01", "spine", 65100, "172.30.0.5/21", "172.30.8.0/32"),
    sw("leaf-01", "server-leaf", 65101, "172.30.0.6/21", "172.30.8.1/32", { vtepIP: "172.30.12.0/32", groups: ["eslag-1"], redundancy: { group: "eslag-1", type: "eslag" } }),
    sw("leaf-02", "server-leaf", 65102, "172.30.0.7/21", "172.30.8.2/32", { vtepIP: "172.30.12.1/32", groups: ["eslag-1"], redundancy: { group: "eslag-1", type: "eslag" } }),
    obj(W, "Server", "server-01", {}),
    obj(W, "Server", "server-02", {}),
    obj(W, "Server", "server-03", {}),
    obj(W, "Connection", "spine-01--fabric--leaf-01", {
      fabric: { links: [{ spine: { port: "spine-01/E1/1", ip: "172.30.128.0/31" }, leaf: { port: "leaf-01/E1/31", ip: "172.30.128.1/31" } }] },
    }),
    obj(W, "Connection", "server-01--unbundled--leaf-01", { unbundled: { link: { server: { port: "server-01/enp2s1" }, switch: { port: "leaf-01/E1/1" } } } }),
    obj(W, "Connection", "server-02--eslag--leaf-01--leaf-02", {
      eslag: { links: [{ server: { port: "server-02/enp2s1" }, switch: { port: "leaf-01/E1/2" } }, { server: { port: "server-02/enp2s2" }, switch: { port: "leaf-02/E1/2" } }] },
    }),
    obj(W, "Connection", "server-03--bundled--leaf-02", {
      bundled: { links: [{ server: { port: "server-03/enp2s1" }, switch: { port: "leaf-02/E1/3" } }, { server: { port: "server-03/enp2s2" }, switch: { port: "leaf-02/E1/4" } }] },
    }),
    obj(W, "Connection", "leaf-01--external", { external: { link: { switch: { port: "leaf-01/E1/5" } } } }),
    obj(V, "VPC", "vpc-1", {
      ipv4Namespace: "default",
      vlanNamespace: "default",
      subnets: {
        default: { subnet: "10.0.1.0/24", gateway: "10.0.1.1", vlan: 1001, dhcp: { enable: true, range: { start: "10.0.1.10", end: "10.0.1.99" }, options: { interfaceMTU: 9036, leaseTimeSeconds: 3600 } } },
        web: { subnet: "10.0.2.0/24", gateway: "10.0.2.1", vlan: 1002 },
      },
      permit: [["default", "web"]],
      staticRoutes: [{ prefix: "192.168.0.0/24", nextHops: ["10.0.1.254"] }],
    }),
    obj(V, "VPC", "vpc-2", { ipv4Namespace: "default", vlanNamespace: "default", subnets: { default: { subnet: "10.0.3.0/24", gateway: "10.0.3.1", vlan: 1003 } } }),
    obj(V, "VPCAttachment", "a1", { subnet: "vpc-1/default", connection: "server-01--unbundled--leaf-01" }),
    obj(V, "VPCAttachment", "a2", { subnet: "vpc-1/web", connection: "server-02--eslag--leaf-01--leaf-02" }),
    obj(V, "VPCPeering", "vpc-1--vpc-2", { permit: [{ "vpc-1": { subnets: ["default"] }, "vpc-2": {} }] }),
    obj(V, "External", "ext-bgp", { ipv4Namespace: "default", inboundCommunity: "65102:5000", outboundCommunity: "5000:65102" }),
    obj(V, "External", "ext-static", { ipv4Namespace: "default", static: { prefixes: ["0.0.0.0/0"] } }),
    obj(V, "ExternalAttachment", "leaf-01--ext-bgp", {
      connection: "leaf-01--external",
      external: "ext-bgp",
      switch: { ip: "100.100.0.1/24", vlan: 100 },
      neighbor: { asn: 65102, ip: "100.100.0.6" },
      inboundACL: { statements: [{ seq: 10, action: "permit", protocol: "tcp", srcPrefix: "any", dstPrefix: "10.0.1.0/24", portRangeBegin: 22, portRangeEnd: 22 }] },
    }),
    obj(V, "ExternalAttachment", "leaf-01--ext-static", {
      connection: "leaf-01--external",
      external: "ext-static",
      switch: {},
      neighbor: {},
      static: { remoteIP: "192.168.30.1", vlan: 35, ip: "192.168.30.5/24" },
    }),
    obj(V, "ExternalPeering", "vpc-1--ext-bgp", { permit: { vpc: { name: "vpc-1", subnets: ["default"] }, external: { name: "ext-bgp", prefixes: [{ prefix: "0.0.0.0/0" }] } } }),
  ];
}

const find = (objs: HhObject[], kind: string, name: string): HhObject => {
  const o = objs.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind} ${name} in the base set`);
  return o;
};

/** Base set with one object's spec changed. */
function mut(kind: string, name: string, fn: (spec: Spec, o: HhObject) => void): () => HhObject[] {
  return () => {
    const objs = structuredClone(base());
    const o = find(objs, kind, name);
    fn((o.spec ??= {}), o);
    return objs;
  };
}
/** Base set plus extra objects. */
const plus = (...extra: HhObject[]) => (): HhObject[] => [...structuredClone(base()), ...structuredClone(extra)];
const sub = (s: Spec, name: string): Spec => (s.subnets as Record<string, Spec>)[name];

interface Case {
  rule: string;
  what: string;
  path: string;
  broken: () => HhObject[];
  valid?: () => HhObject[];
  config?: Partial<FabricConfig>;
}

const unb = (name: string, server: string, port: string): HhObject => obj(W, "Connection", name, { unbundled: { link: { server: { port: `${server}/enp2s1` }, switch: { port } } } });
const fab = () => [
  obj("fabricator.githedgehog.com/v1beta1", "Fabricator", "default", {
    config: { control: { managementSubnet: "172.30.0.0/21", controlVIP: "172.30.0.1/32", defaultUser: { password: "$5$abc$def" } }, fabric: { defaultSwitchUsers: { admin: { role: "admin", password: "$5$x$y" } } } },
  }, { namespace: "fab" }),
];

const CASES: Case[] = [
  { rule: "meta.namespace", what: "namespace other than default", path: "/metadata/namespace", broken: mut("Server", "server-01", (_s, o) => (o.metadata.namespace = "prod")) },
  { rule: "meta.name.format", what: "uppercase name", path: "/metadata/name", broken: plus(obj(W, "Server", "Server_1", {})) },
  { rule: "meta.name.length", what: "VPC name over 11 characters", path: "/metadata/name", broken: mut("VPC", "vpc-2", (_s, o) => (o.metadata.name = "vpc-number-two")) },
  { rule: "vpc.name.reserved", what: "VPC named ext.*", path: "/metadata/name", broken: mut("VPC", "vpc-2", (_s, o) => (o.metadata.name = "ext.x")) },
  { rule: "vpc.mode", what: "l3flat mode", path: "/spec/mode", broken: mut("VPC", "vpc-2", (s) => (s.mode = "l3flat")) },
  { rule: "vpc.subnets.count", what: "no subnets", path: "/spec/subnets", broken: mut("VPC", "vpc-2", (s) => (s.subnets = {})) },
  { rule: "vpc.subnet.cidr", what: "a /31 subnet", path: "/spec/subnets/default/subnet", broken: mut("VPC", "vpc-2", (s) => Object.assign(sub(s, "default"), { subnet: "10.0.3.0/31", gateway: "10.0.3.1" })) },
  { rule: "vpc.subnet.reserved", what: "subnet in the management range", path: "/spec/subnets/default/subnet", broken: mut("VPC", "vpc-2", (s) => Object.assign(sub(s, "default"), { subnet: "172.30.0.0/24", gateway: "172.30.0.1" })) },
  { rule: "vpc.subnet.gateway", what: "gateway outside the subnet", path: "/spec/subnets/default/gateway", broken: mut("VPC", "vpc-2", (s) => (sub(s, "default").gateway = "10.0.9.1")) },
  { rule: "vpc.subnet.vlan", what: "no VLAN on a non-hostBGP subnet", path: "/spec/subnets/default/vlan", broken: mut("VPC", "vpc-2", (s) => delete sub(s, "default").vlan) },
  { rule: "vpc.subnet.vlan-duplicate", what: "two subnets with one VLAN", path: "/spec/subnets/web/vlan", broken: mut("VPC", "vpc-1", (s) => (sub(s, "web").vlan = 1001)) },
  { rule: "vpc.subnet.overlap-self", what: "overlapping subnets in one VPC", path: "/spec/subnets/web/subnet", broken: mut("VPC", "vpc-1", (s) => Object.assign(sub(s, "web"), { subnet: "10.0.1.128/25", gateway: "10.0.1.129" })) },
  { rule: "vpc.subnet.hostbgp", what: "DHCP on a hostBGP subnet", path: "/spec/subnets/default/dhcp/enable", broken: mut("VPC", "vpc-2", (s) => Object.assign(sub(s, "default"), { hostBGP: true, dhcp: { enable: true, range: { start: "10.0.3.10", end: "10.0.3.20" } } })) },
  { rule: "vpc.dhcp.relay", what: "relay together with the DHCP server", path: "/spec/subnets/default/dhcp/relay", broken: mut("VPC", "vpc-1", (s) => ((sub(s, "default").dhcp as Spec).relay = "10.0.3.200/32")) },
  { rule: "vpc.dhcp.disabled", what: "static leases with DHCP off", path: "/spec/subnets/web/dhcp/static", broken: mut("VPC", "vpc-1", (s) => (sub(s, "web").dhcp = { static: { "0c:20:12:fe:01:00": { ip: "10.0.2.5" } } })) },
  { rule: "vpc.dhcp.range", what: "range start is the gateway", path: "/spec/subnets/default/dhcp/range/start", broken: mut("VPC", "vpc-1", (s) => (((sub(s, "default").dhcp as Spec).range as Spec).start = "10.0.1.1")) },
  { rule: "vpc.dhcp.options", what: "MTU above 9036", path: "/spec/subnets/default/dhcp/options/interfaceMTU", broken: mut("VPC", "vpc-1", (s) => (((sub(s, "default").dhcp as Spec).options as Spec).interfaceMTU = 9100)) },
  { rule: "vpc.dhcp.static", what: "static lease on the broadcast address", path: "/spec/subnets/default/dhcp/static/0c:20:12:fe:01:00/ip", broken: mut("VPC", "vpc-1", (s) => ((sub(s, "default").dhcp as Spec).static = { "0c:20:12:fe:01:00": { ip: "10.0.1.255" } })) },
  { rule: "vpc.permit", what: "permit names an unknown subnet", path: "/spec/permit/0/1", broken: mut("VPC", "vpc-1", (s) => (s.permit = [["default", "db"]])) },
  { rule: "vpc.static-route", what: "static route prefix with host bits", path: "/spec/staticRoutes/0/prefix", broken: mut("VPC", "vpc-1", (s) => (s.staticRoutes = [{ prefix: "192.168.0.1/24", nextHops: ["10.0.1.254"] }])) },
  { rule: "vpc.ipv4ns.missing", what: "unknown IPv4Namespace", path: "/spec/ipv4Namespace", broken: mut("VPC", "vpc-2", (s) => (s.ipv4Namespace = "other")) },
  { rule: "vpc.vlanns.missing", what: "unknown VLANNamespace", path: "/spec/vlanNamespace", broken: mut("VPC", "vpc-2", (s) => (s.vlanNamespace = "other")) },
  { rule: "vpc.subnet.outside-ipv4ns", what: "subnet outside 10.0.0.0/16", path: "/spec/subnets/default/subnet", broken: mut("VPC", "vpc-2", (s) => Object.assign(sub(s, "default"), { subnet: "10.1.3.0/24", gateway: "10.1.3.1" })) },
  { rule: "vpc.subnet.vlan-outside-vlanns", what: "VLAN 100 outside 1000-2999", path: "/spec/subnets/default/vlan", broken: mut("VPC", "vpc-2", (s) => (sub(s, "default").vlan = 100)) },
  { rule: "vpc.dhcp.relay-vpc.missing", what: "relayVPC that does not exist", path: "/spec/subnets/default/dhcp/relayVPC", broken: mut("VPC", "vpc-2", (s) => (sub(s, "default").dhcp = { relay: "10.0.1.200/32", relayVPC: "vpc-9" })) },
  { rule: "vpc.subnet.overlap", what: "subnet overlapping another VPC", path: "/spec/subnets/default/subnet", broken: mut("VPC", "vpc-2", (s) => Object.assign(sub(s, "default"), { subnet: "10.0.0.0/22", gateway: "10.0.0.1" })) },
  { rule: "vpc.subnet.vlan-conflict", what: "VLAN used by another VPC", path: "/spec/subnets/default/vlan", broken: mut("VPC", "vpc-2", (s) => (sub(s, "default").vlan = 1001)) },
  { rule: "vpcattach.subnet.format", what: "subnet with three parts", path: "/spec/subnet", broken: mut("VPCAttachment", "a1", (s) => (s.subnet = "vpc-1/default/x")) },
  { rule: "vpcattach.p2p-link", what: "p2p-link that is a /30", path: "/metadata/annotations/fabric.githedgehog.com~1p2p-link", broken: mut("VPCAttachment", "a1", (_s, o) => (o.metadata.annotations = { "fabric.githedgehog.com/p2p-link": "10.0.0.0/30" })) },
  { rule: "vpcattach.vpc.missing", what: "unknown VPC", path: "/spec/subnet", broken: mut("VPCAttachment", "a1", (s) => (s.subnet = "vpc-9/default")) },
  { rule: "vpcattach.subnet.missing", what: "unknown subnet", path: "/spec/subnet", broken: mut("VPCAttachment", "a1", (s) => (s.subnet = "vpc-1/db")) },
  { rule: "vpcattach.connection.missing", what: "unknown connection", path: "/spec/connection", broken: mut("VPCAttachment", "a1", (s) => (s.connection = "nope")) },
  { rule: "vpcattach.connection.type", what: "attached to a fabric connection", path: "/spec/connection", broken: mut("VPCAttachment", "a1", (s) => (s.connection = "spine-01--fabric--leaf-01")) },
  { rule: "vpcattach.eslag-mode", what: "L3VNI VPC over ESLAG", path: "/spec/connection", broken: mut("VPC", "vpc-1", (s) => (s.mode = "l3vni")) },
  { rule: "vpcattach.hostbgp", what: "hostBGP subnet over ESLAG", path: "/spec/connection", broken: mut("VPC", "vpc-1", (s) => Object.assign(sub(s, "web"), { hostBGP: true })) },
  { rule: "vpcattach.switch.vlanns", what: "switch without the VPC's VLANNamespace", path: "/spec/subnet", broken: () => {
    const objs = plus(obj(W, "VLANNamespace", "other", { ranges: [{ from: 500, to: 599 }] }))();
    (find(objs, "Switch", "leaf-01").spec as Spec).vlanNamespaces = ["other"];
    return objs;
  } },
  { rule: "vpcattach.mode-unsupported", what: "L2VNI VPC on an l3-only DS5000", path: "/spec/subnet", broken: mut("Switch", "leaf-01", (s) => Object.assign(s, { profile: "celestica-ds5000", redundancy: {}, groups: [] })), valid: mut("VPCAttachment", "a2", (s) => (s.subnet = "vpc-1/web")) },
  { rule: "vpcattach.duplicate", what: "same subnet twice on one connection", path: "/spec/subnet", broken: plus(obj(V, "VPCAttachment", "a3", { subnet: "vpc-1/default", connection: "server-01--unbundled--leaf-01" })) },
  { rule: "vpcattach.native-vlan", what: "two nativeVLAN attachments on one connection", path: "/spec/nativeVLAN", broken: () => {
    const objs = plus(obj(V, "VPCAttachment", "a3", { subnet: "vpc-2/default", connection: "server-01--unbundled--leaf-01", nativeVLAN: true }))();
    (find(objs, "VPCAttachment", "a1").spec as Spec).nativeVLAN = true;
    return objs;
  } },
  { rule: "vpcpeer.disabled", what: "peering while disabled", path: "/spec", broken: base, config: { vpcPeeringDisabled: true } },
  { rule: "vpcpeer.remote", what: "deprecated remote", path: "/spec/remote", broken: mut("VPCPeering", "vpc-1--vpc-2", (s) => (s.remote = "border")) },
  { rule: "vpcpeer.permit", what: "permit entry with one VPC", path: "/spec/permit/0", broken: mut("VPCPeering", "vpc-1--vpc-2", (s) => (s.permit = [{ "vpc-1": {} }])) },
  { rule: "vpcpeer.vpc.missing", what: "peering an unknown VPC", path: "/spec/permit", broken: mut("VPCPeering", "vpc-1--vpc-2", (s) => (s.permit = [{ "vpc-1": {}, "vpc-9": {} }])) },
  { rule: "vpcpeer.namespace-mismatch", what: "VPCs in different IPv4Namespaces", path: "/spec/permit", broken: () => {
    const objs = plus(obj(V, "IPv4Namespace", "other", { subnets: ["10.50.0.0/16"] }))();
    Object.assign(find(objs, "VPC", "vpc-2").spec as Spec, { ipv4Namespace: "other", subnets: { default: { subnet: "10.50.3.0/24", gateway: "10.50.3.1", vlan: 1003 } } });
    return objs;
  } },
  { rule: "vpcpeer.subnet.missing", what: "permit lists an unknown subnet", path: "/spec/permit/0/vpc-1/subnets/0", broken: mut("VPCPeering", "vpc-1--vpc-2", (s) => (s.permit = [{ "vpc-1": { subnets: ["db"] }, "vpc-2": {} }])) },
  { rule: "external.community", what: "community part above 65535", path: "/spec/inboundCommunity", broken: mut("External", "ext-bgp", (s) => (s.inboundCommunity = "70000:1")) },
  { rule: "external.static", what: "static external without prefixes", path: "/spec/static/prefixes", broken: mut("External", "ext-static", (s) => (s.static = { prefixes: [] })) },
  { rule: "external.ipv4ns.missing", what: "unknown IPv4Namespace", path: "/spec/ipv4Namespace", broken: mut("External", "ext-bgp", (s) => (s.ipv4Namespace = "other")) },
  { rule: "extattach.bgp", what: "BGP attachment without neighbor ASN", path: "/spec/neighbor/asn", broken: mut("ExternalAttachment", "leaf-01--ext-bgp", (s) => (s.neighbor = { ip: "100.100.0.6" })) },
  { rule: "extattach.static", what: "static attachment with both ip and proxy", path: "/spec/static/proxy", broken: mut("ExternalAttachment", "leaf-01--ext-static", (s) => ((s.static as Spec).proxy = true)) },
  { rule: "extattach.acl", what: "ACL seq in the reserved range", path: "/spec/inboundACL/statements/0/seq", broken: mut("ExternalAttachment", "leaf-01--ext-bgp", (s) => (((s.inboundACL as Spec).statements as Spec[])[0].seq = 5)) },
  { rule: "extattach.external.missing", what: "unknown External", path: "/spec/external", broken: mut("ExternalAttachment", "leaf-01--ext-bgp", (s) => (s.external = "ext-9")) },
  { rule: "extattach.external.kind", what: "BGP attachment to a static External", path: "/spec/external", broken: mut("ExternalAttachment", "leaf-01--ext-bgp", (s) => (s.external = "ext-static")) },
  { rule: "extattach.connection.missing", what: "unknown Connection", path: "/spec/connection", broken: mut("ExternalAttachment", "leaf-01--ext-bgp", (s) => (s.connection = "nope")) },
  { rule: "extattach.connection.type", what: "attachment over an unbundled connection", path: "/spec/connection", broken: mut("ExternalAttachment", "leaf-01--ext-bgp", (s) => (s.connection = "server-01--unbundled--leaf-01")) },
  { rule: "extattach.vlan.duplicate", what: "two attachments with one VLAN on a connection", path: "/spec/static/vlan", broken: mut("ExternalAttachment", "leaf-01--ext-static", (s) => ((s.static as Spec).vlan = 100)) },
  { rule: "extpeer.required", what: "empty prefix", path: "/spec/permit/external/prefixes/0/prefix", broken: mut("ExternalPeering", "vpc-1--ext-bgp", (s) => ((s.permit as Spec).external = { name: "ext-bgp", prefixes: [{ prefix: "" }] })) },
  { rule: "extpeer.vpc.missing", what: "unknown VPC", path: "/spec/permit/vpc/name", broken: mut("ExternalPeering", "vpc-1--ext-bgp", (s) => ((s.permit as Spec).vpc = { name: "vpc-9" })) },
  { rule: "extpeer.external.missing", what: "unknown External", path: "/spec/permit/external/name", broken: mut("ExternalPeering", "vpc-1--ext-bgp", (s) => ((s.permit as Spec).external = { name: "ext-9", prefixes: [{ prefix: "0.0.0.0/0" }] })) },
  { rule: "extpeer.namespace-mismatch", what: "External in another IPv4Namespace", path: "/spec/permit", broken: () => {
    const objs = plus(obj(V, "IPv4Namespace", "other", { subnets: ["10.50.0.0/16"] }))();
    (find(objs, "External", "ext-bgp").spec as Spec).ipv4Namespace = "other";
    return objs;
  } },
  { rule: "extpeer.subnet.missing", what: "unknown VPC subnet", path: "/spec/permit/vpc/subnets/0", broken: mut("ExternalPeering", "vpc-1--ext-bgp", (s) => ((s.permit as Spec).vpc = { name: "vpc-1", subnets: ["db"] })) },
  { rule: "ipns.subnet.cidr", what: "not a prefix", path: "/spec/subnets/1", broken: mut("IPv4Namespace", "default", (s) => (s.subnets = ["10.0.0.0/16", "10.300.0.0/16"])) },
  { rule: "ipns.subnets.count", what: "11 subnets", path: "/spec/subnets", broken: mut("IPv4Namespace", "default", (s) => (s.subnets = ["10.0.0.0/16", ...Array.from({ length: 10 }, (_, i) => `10.${i + 1}.0.0/16`)])) },
  { rule: "ipns.subnet.overlap", what: "overlapping subnets", path: "/spec/subnets/1", broken: mut("IPv4Namespace", "default", (s) => (s.subnets = ["10.0.0.0/16", "10.0.128.0/17"])) },
  { rule: "ipns.subnet.reserved", what: "subnet over the fabric subnet", path: "/spec/subnets/1", broken: mut("IPv4Namespace", "default", (s) => (s.subnets = ["10.0.0.0/16", "172.30.0.0/16"])) },
  { rule: "connection.mclag.deprecated", what: "MCLAG connection", path: "/spec/mclag", broken: plus(obj(W, "Connection", "m", { mclag: { links: [{ server: { port: "server-01/enp3s1" }, switch: { port: "leaf-01/E1/20" } }] } })) },
  { rule: "connection.mtu", what: "server-facing MTU 9100", path: "/spec/unbundled/mtu", broken: mut("Connection", "server-01--unbundled--leaf-01", (s) => ((s.unbundled as Spec).mtu = 9100)) },
  { rule: "connection.endpoints", what: "bundled connection to two switches", path: "/spec/bundled", broken: mut("Connection", "server-03--bundled--leaf-02", (s) => ((((s.bundled as Spec).links as Spec[])[1].switch as Spec).port = "leaf-01/E1/4")) },
  { rule: "connection.static-external", what: "nextHop outside the switch subnet", path: "/spec/staticExternal/link/switch/nextHop", broken: plus(obj(W, "Connection", "leaf-02--static-external", { staticExternal: { link: { switch: { port: "leaf-02/E1/6", ip: "172.31.50.5/24", nextHop: "172.31.51.1", subnets: ["10.99.0.0/24"] } } } })) },
  { rule: "connection.switch.missing", what: "unknown switch", path: "/spec/unbundled/link/switch/port", broken: plus(unb("s4--unbundled--leaf-09", "server-01", "leaf-09/E1/1")) },
  { rule: "connection.server.missing", what: "unknown server", path: "/spec/unbundled/link/server/port", broken: plus(unb("s9--unbundled--leaf-01", "server-09", "leaf-01/E1/9")) },
  { rule: "connection.gateway.missing", what: "gateway link to an undefined Gateway", path: "/spec/gateway/links/0/gateway/port", broken: plus(obj(W, "Connection", "spine-01--gateway--gw-1", { gateway: { links: [{ switch: { port: "spine-01/E1/5", ip: "172.30.128.8/31" }, gateway: { port: "gw-1/enp2s1", ip: "172.30.128.9/31" } }] } })), valid: plus(obj(W, "Connection", "spine-01--gateway--gw-1", { gateway: { links: [{ switch: { port: "spine-01/E1/5", ip: "172.30.128.8/31" }, gateway: { port: "gw-1/enp2s1", ip: "172.30.128.9/31" } }] } }), obj("gateway.githedgehog.com/v1alpha1", "Gateway", "gw-1", { interfaces: { enp2s1: {} } })) },
  { rule: "connection.gateway.port", what: "gateway port that is not a Gateway interface", path: "/spec/gateway/links/0/gateway/port", broken: plus(obj(W, "Connection", "spine-01--gateway--gw-1", { gateway: { links: [{ switch: { port: "spine-01/E1/5", ip: "172.30.128.8/31" }, gateway: { port: "gw-1/enp9s9", ip: "172.30.128.9/31" } }] } }), obj("gateway.githedgehog.com/v1alpha1", "Gateway", "gw-1", { interfaces: { enp2s1: {} } })) },
  { rule: "connection.eslag.redundancy", what: "ESLAG switch without redundancy", path: "/spec/eslag/links", broken: () => {
    const objs = structuredClone(base());
    for (const n of ["leaf-01", "leaf-02"]) Object.assign(find(objs, "Switch", n).spec as Spec, { redundancy: {} });
    return objs;
  } },
  { rule: "connection.port.unknown", what: "port E1/40 on a 33-port switch", path: "/spec/unbundled/link/switch/port", broken: mut("Connection", "server-01--unbundled--leaf-01", (s) => ((((s.unbundled as Spec).link as Spec).switch as Spec).port = "leaf-01/E1/40")) },
  { rule: "connection.port.in-use", what: "E1/1/1 used while E1/1 is taken (breakout alias)", path: "/spec/unbundled/link/switch/port", broken: plus(unb("s3--unbundled--leaf-01", "server-03", "leaf-01/E1/1/1")) },
  { rule: "connection.link-ip", what: "fabric link outside the fabric subnet", path: "/spec/fabric/links/0/spine/ip", broken: mut("Connection", "spine-01--fabric--leaf-01", (s) => Object.assign(((s.fabric as Spec).links as Spec[])[0], { spine: { port: "spine-01/E1/1", ip: "172.30.30.0/31" }, leaf: { port: "leaf-01/E1/31", ip: "172.30.30.1/31" } })) },
  { rule: "connection.link-ip.duplicate", what: "link IP used twice", path: "/spec/fabric/links/0/spine/ip", broken: plus(obj(W, "Connection", "spine-01--fabric--leaf-02", { fabric: { links: [{ spine: { port: "spine-01/E1/2", ip: "172.30.128.0/31" }, leaf: { port: "leaf-02/E1/31", ip: "172.30.128.1/31" } }] } })) },
  { rule: "connection.within-vpc.missing", what: "withinVPC names no VPC", path: "/spec/staticExternal/withinVPC", broken: plus(obj(W, "Connection", "leaf-02--static-external", { staticExternal: { withinVPC: "vpc-9", link: { switch: { port: "leaf-02/E1/6", ip: "172.31.50.5/24", nextHop: "172.31.50.1", subnets: ["10.99.0.0/24"] } } } })) },
  { rule: "switch.role", what: "virtual-edge role", path: "/spec/role", broken: mut("Switch", "leaf-02", (s) => (s.role = "virtual-edge")) },
  { rule: "switch.hydration", what: "one leaf without an ASN", path: "/spec/asn", broken: mut("Switch", "leaf-02", (s) => delete s.asn) },
  { rule: "switch.vtep", what: "spine with a vtepIP", path: "/spec/vtepIP", broken: mut("Switch", "spine-01", (s) => (s.vtepIP = "172.30.12.9/32")) },
  { rule: "switch.redundancy", what: "redundancy group without type", path: "/spec/redundancy/type", broken: mut("Switch", "spine-01", (s) => (s.redundancy = { group: "eslag-1" })) },
  { rule: "switch.mclag.deprecated", what: "MCLAG redundancy", path: "/spec/redundancy/type", broken: plus(obj(W, "SwitchGroup", "mclag-1", {}), obj(W, "Switch", "leaf-03", { role: "server-leaf", profile: "celestica-ds3000", asn: 65103, ip: "172.30.0.8/21", protocolIP: "172.30.8.3/32", vtepIP: "172.30.12.2/32", vlanNamespaces: ["default"], redundancy: { group: "mclag-1", type: "mclag" } })) },
  { rule: "switch.profile.unknown", what: "profile not in the catalog", path: "/spec/profile", broken: mut("Switch", "spine-01", (s) => (s.profile = "acme-9000")) },
  { rule: "switch.vlanns.missing", what: "unknown VLANNamespace", path: "/spec/vlanNamespaces/1", broken: mut("Switch", "spine-01", (s) => (s.vlanNamespaces = ["default", "other"])) },
  { rule: "switch.vlanns.overlap", what: "two overlapping VLANNamespaces", path: "/spec/vlanNamespaces/1", broken: () => {
    const objs = plus(obj(W, "VLANNamespace", "other", { ranges: [{ from: 2000, to: 2100 }] }))();
    (find(objs, "Switch", "spine-01").spec as Spec).vlanNamespaces = ["default", "other"];
    return objs;
  } },
  { rule: "switch.group.missing", what: "unknown SwitchGroup", path: "/spec/groups/0", broken: mut("Switch", "spine-01", (s) => (s.groups = ["rack-9"])) },
  { rule: "switch.port-speed", what: "unsupported speed", path: "/spec/portSpeeds/E1~133", broken: mut("Switch", "spine-01", (s) => (s.portSpeeds = { "E1/33": "25G" })), valid: mut("Switch", "spine-01", (s) => (s.portSpeeds = { "E1/33": "1G" })) },
  { rule: "switch.port-breakout", what: "unsupported breakout mode", path: "/spec/portBreakouts/E1~132", broken: mut("Switch", "spine-01", (s) => (s.portBreakouts = { "E1/32": "8x10G" })), valid: mut("Switch", "spine-01", (s) => (s.portBreakouts = { "E1/32": "4x25G" })) },
  { rule: "switch.port-autoneg", what: "autoneg on a port that does not allow it", path: "/spec/portAutoNegs/E1~133", broken: mut("Switch", "spine-01", (s) => (s.portAutoNegs = { "E1/33": true })) },
  { rule: "switch.port-fec", what: "FEC on an unknown port", path: "/spec/portFECs/E1~199", broken: mut("Switch", "spine-01", (s) => (s.portFECs = { "E1/99": "rs" })), valid: mut("Switch", "spine-01", (s) => (s.portFECs = { "E1/32/1": "rs" })) },
  { rule: "switch.port-locator", what: "locator on an unknown port", path: "/spec/portLocators/E1~199", broken: mut("Switch", "spine-01", (s) => (s.portLocators = { "E1/99": "" })), valid: mut("Switch", "spine-01", (s) => (s.portLocators = { "E1/1": "" })) },
  { rule: "switch.feature", what: "RoCE on a DS2000", path: "/spec/roce", broken: mut("Switch", "spine-01", (s) => Object.assign(s, { profile: "celestica-ds2000", roce: true })) },
  { rule: "switch.capacity", what: "DS4000 pipeline over 18 ports", path: "/spec/portBreakouts", broken: mut("Switch", "spine-01", (s) => Object.assign(s, { profile: "celestica-ds4000", portBreakouts: { "E1/1": "8x50G", "E1/2": "8x50G", "E1/3": "4x100G" } })), valid: mut("Switch", "spine-01", (s) => Object.assign(s, { profile: "celestica-ds4000", portBreakouts: { "E1/1": "8x50G", "E1/2": "8x50G" } })) },
  { rule: "switch.ip.management", what: "management IP at or above the DHCP start", path: "/spec/ip", broken: mut("Switch", "spine-01", (s) => (s.ip = "172.30.4.5/21")) },
  { rule: "switch.ip.duplicate", what: "two switches with one management IP", path: "/spec/ip", broken: mut("Switch", "leaf-02", (s) => (s.ip = "172.30.0.6/21")) },
  { rule: "switch.protocol-ip", what: "protocolIP that is not a /32", path: "/spec/protocolIP", broken: mut("Switch", "spine-01", (s) => (s.protocolIP = "172.30.8.0/24")) },
  { rule: "switch.protocol-ip.duplicate", what: "protocolIP used twice", path: "/spec/protocolIP", broken: mut("Switch", "leaf-02", (s) => (s.protocolIP = "172.30.8.1/32")) },
  { rule: "switch.vtep-ip", what: "vtepIP outside the VTEP subnet", path: "/spec/vtepIP", broken: mut("Switch", "leaf-02", (s) => (s.vtepIP = "172.30.20.1/32")) },
  { rule: "switch.vtep-ip.duplicate", what: "vtepIP used twice", path: "/spec/vtepIP", broken: mut("Switch", "leaf-02", (s) => (s.vtepIP = "172.30.12.0/32")) },
  { rule: "switch.asn", what: "spine ASN other than 65100", path: "/spec/asn", broken: mut("Switch", "spine-01", (s) => (s.asn = 65000)) },
  { rule: "switch.asn.duplicate", what: "two leaves with one ASN", path: "/spec/asn", broken: mut("Switch", "leaf-02", (s) => (s.asn = 65101)) },
  { rule: "vlanns.range", what: "VLAN 4095", path: "/spec/ranges/0", broken: mut("VLANNamespace", "default", (s) => (s.ranges = [{ from: 1000, to: 4095 }])) },
  { rule: "vlanns.reserved", what: "range over the IRB VLANs", path: "/spec/ranges/0", broken: mut("VLANNamespace", "default", (s) => (s.ranges = [{ from: 1000, to: 3100 }])) },
  { rule: "fabricator.name", what: "Fabricator not named default", path: "/metadata/name", broken: () => fab().map((o) => ({ ...o, metadata: { ...o.metadata, name: "main" } })), valid: fab },
  { rule: "fabricator.password-hash", what: "placeholder password hash", path: "/spec/config/fabric/defaultSwitchUsers/admin/password", broken: () => {
    const f = structuredClone(fab());
    (((((f[0].spec as Spec).config as Spec).fabric as Spec).defaultSwitchUsers as Spec).admin as Spec).password = "hash...";
    return f;
  }, valid: fab },
  { rule: "fabricator.control-vip", what: "VIP outside the management subnet", path: "/spec/config/control/controlVIP", broken: () => {
    const f = structuredClone(fab());
    (((f[0].spec as Spec).config as Spec).control as Spec).controlVIP = "10.1.1.1/32";
    return f;
  }, valid: fab },
];

const sourced = (objs: HhObject[]): SourcedObject[] => objs.map((object, document) => ({ object, file: "set.yaml", document, line: document * 10 + 1 }));

describe("semantic rules", () => {
  test("the base fabric validates clean", () => {
    expect(validateObjects(sourced(base()))).toEqual([]);
  });

  test("every rule id has a case", () => {
    const covered = new Set(CASES.map((c) => c.rule));
    expect(RULES.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  test.each(CASES)("$rule: $what", (c) => {
    const findings = validateObjects(sourced(c.broken()), c.config);
    const hit = findings.find((f) => f.rule === c.rule && f.path === c.path);
    expect(hit, JSON.stringify(findings, null, 1)).toBeDefined();
    const info = RULES.find((r) => r.id === c.rule);
    expect(hit?.severity).toBe(info?.severity);
    expect(hit?.message.length).toBeGreaterThan(10);
    expect(hit?.file).toBe("set.yaml");
    expect(hit?.line).toBeGreaterThan(0);
    const twin = validateObjects(sourced((c.valid ?? base)()), c.config && c.rule !== "vpcpeer.disabled" ? c.config : undefined);
    expect(twin.filter((f) => f.rule === c.rule)).toEqual([]);
    expect(twin).toEqual([]);
  });
});
