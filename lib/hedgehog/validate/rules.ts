/**
 * Registry of every semantic validation rule (API-NOTES §2–§5, §8). Ids are stable: UIs, docs and tests key on them.
 */
import type { Severity } from "../types";

export interface RuleInfo {
  id: string;
  severity: Severity;
  /** Kinds whose objects carry findings of this rule. */
  kinds: readonly string[];
  description: string;
}

const r = (id: string, kinds: string | string[], description: string, severity: Severity = "error"): RuleInfo => ({
  id,
  severity,
  kinds: Array.isArray(kinds) ? kinds : [kinds],
  description,
});

const ALL_FABRIC = ["VPC", "VPCAttachment", "VPCPeering", "External", "ExternalAttachment", "ExternalPeering", "IPv4Namespace", "Connection", "Server", "ServerProfile", "Switch", "SwitchGroup", "SwitchProfile", "VLANNamespace", "Gateway", "GatewayGroup", "GatewayPeering", "VPCInfo"];

export const RULES: readonly RuleInfo[] = Object.freeze([
  // §2 metadata
  r("meta.namespace", [...ALL_FABRIC, "Fabricator", "ControlNode", "FabNode"], "Objects live in namespace default (fabricator objects in fab)."),
  r("meta.name.format", ALL_FABRIC, "Names are lowercase RFC 1123 subdomains."),
  r("meta.name.length", ALL_FABRIC, "Names are at most 253 characters; VPC, IPv4Namespace and External names at most 11."),
  r("vpc.name.reserved", "VPC", "VPC names may not start with ext. (reserved for externals)."),
  // §3.1 VPC
  r("vpc.mode", "VPC", "VPC mode l3flat is not supported."),
  r("vpc.subnets.count", "VPC", "A VPC has 1 to 20 subnets."),
  r("vpc.subnet.cidr", "VPC", "Each subnet is a valid IPv4 prefix no smaller than /30."),
  r("vpc.subnet.reserved", "VPC", "Subnets must not overlap the fabric's reserved subnets."),
  r("vpc.subnet.gateway", "VPC", "The gateway of a non-hostBGP subnet is a valid IP inside the subnet."),
  r("vpc.subnet.vlan", "VPC", "Non-hostBGP subnets need a VLAN."),
  r("vpc.subnet.vlan-duplicate", "VPC", "VLANs are unique among a VPC's non-hostBGP subnets."),
  r("vpc.subnet.overlap-self", "VPC", "A VPC's subnets (and extra hostBGP prefixes) must not overlap each other."),
  r("vpc.subnet.hostbgp", "VPC", "hostBGP subnets: no DHCP; prefix lengths min ≤ max ≤ 32 and ≥ the subnet's; hostBGP fields only on hostBGP subnets; valid extra prefixes (≤ 100)."),
  r("vpc.dhcp.relay", "VPC", "DHCP relay and the DHCP server are mutually exclusive; relay is a prefix; relayVPC needs relay."),
  r("vpc.dhcp.disabled", "VPC", "No DHCP range, options or static leases while DHCP is disabled."),
  r("vpc.dhcp.range", "VPC", "With DHCP enabled the range lies in the subnet, excludes the network and gateway addresses, and start < end."),
  r("vpc.dhcp.options", "VPC", "DHCP options: DNS/time servers are IPs, MTU 96–9036, lease ≥ 1, advertised routes valid."),
  r("vpc.dhcp.static", "VPC", "Static DHCP leases: valid MAC and IP inside the subnet, not the network, gateway or broadcast address, one per MAC."),
  r("vpc.permit", "VPC", "Each permit list names ≥ 2 distinct existing subnets of the VPC."),
  r("vpc.static-route", "VPC", "Static routes have a canonical prefix and ≥ 1 valid next hop."),
  r("vpc.ipv4ns.missing", "VPC", "The VPC's IPv4Namespace exists."),
  r("vpc.vlanns.missing", "VPC", "The VPC's VLANNamespace exists."),
  r("vpc.subnet.outside-ipv4ns", "VPC", "Every subnet lies inside one of its IPv4Namespace's subnets."),
  r("vpc.subnet.vlan-outside-vlanns", "VPC", "Every non-hostBGP subnet VLAN lies inside the VLANNamespace ranges."),
  r("vpc.dhcp.relay-vpc.missing", "VPC", "A DHCP relayVPC names an existing VPC."),
  r("vpc.subnet.overlap", "VPC", "Subnets do not overlap other VPCs' subnets in the same IPv4Namespace."),
  r("vpc.subnet.vlan-conflict", "VPC", "A VLAN is not used by another VPC in the same VLANNamespace."),
  // §3.2 VPCAttachment
  r("vpcattach.subnet.format", "VPCAttachment", "subnet is <vpc>/<subnet>."),
  r("vpcattach.p2p-link", "VPCAttachment", "The fabric.githedgehog.com/p2p-link annotation is an IPv4 /31."),
  r("vpcattach.vpc.missing", "VPCAttachment", "The attached VPC exists."),
  r("vpcattach.subnet.missing", "VPCAttachment", "The attached subnet exists in the VPC."),
  r("vpcattach.connection.missing", "VPCAttachment", "The attachment's Connection exists."),
  r("vpcattach.connection.type", "VPCAttachment", "VPCs attach only to unbundled, bundled or ESLAG connections (not MCLAG)."),
  r("vpcattach.eslag-mode", "VPCAttachment", "ESLAG connections require a VPC in L2VNI mode."),
  r("vpcattach.hostbgp", "VPCAttachment", "hostBGP subnets attach only over unbundled connections, without nativeVLAN, and not to MCLAG switches."),
  r("vpcattach.switch.vlanns", "VPCAttachment", "Every switch on the connection lists the VPC's VLANNamespace."),
  r("vpcattach.mode-unsupported", "VPCAttachment", "The switch profile supports the VPC mode (L2VNI needs l2vni and l3vni; L3VNI needs l3vni)."),
  r("vpcattach.duplicate", "VPCAttachment", "A subnet is attached to a connection only once."),
  r("vpcattach.native-vlan", "VPCAttachment", "At most one nativeVLAN attachment per connection."),
  // §3.3 VPCPeering
  r("vpcpeer.disabled", "VPCPeering", "VPC peering is disabled in this fabric."),
  r("vpcpeer.remote", "VPCPeering", "The remote field is deprecated and rejected."),
  r("vpcpeer.permit", "VPCPeering", "Each permit entry names exactly 2 VPCs and the peering names exactly 2 distinct VPCs."),
  r("vpcpeer.vpc.missing", "VPCPeering", "Both peered VPCs exist."),
  r("vpcpeer.namespace-mismatch", "VPCPeering", "Peered VPCs share the IPv4Namespace and the VLANNamespace."),
  r("vpcpeer.subnet.missing", "VPCPeering", "Subnets listed in permit exist in their VPC."),
  // §3.4 External
  r("external.community", "External", "BGP communities are ASN:NN with both parts 0–65535."),
  r("external.static", "External", "Static externals: no communities, ≥ 1 valid prefix, prefixes do not overlap."),
  r("external.ipv4ns.missing", "External", "The External's IPv4Namespace exists."),
  // §3.5 ExternalAttachment
  r("extattach.bgp", "ExternalAttachment", "BGP attachments need switch.ip (CIDR), neighbor.asn and neighbor.ip."),
  r("extattach.static", "ExternalAttachment", "Static attachments: no switch/neighbor, a remoteIP, exactly one of ip (CIDR) and proxy."),
  r("extattach.acl", "ExternalAttachment", "inboundACL statements: seq ≥ 10 and unique, valid action/protocol/prefixes, filters only with their protocol, valid port range."),
  r("extattach.external.missing", "ExternalAttachment", "The External exists."),
  r("extattach.external.kind", "ExternalAttachment", "Static attachments go with static externals, BGP attachments with BGP externals."),
  r("extattach.connection.missing", "ExternalAttachment", "The Connection exists."),
  r("extattach.connection.type", "ExternalAttachment", "The Connection is of type external."),
  r("extattach.vlan.duplicate", "ExternalAttachment", "VLANs are unique among the attachments on one connection."),
  // §3.6 ExternalPeering
  r("extpeer.required", "ExternalPeering", "permit.vpc.name, permit.external.name and every prefix are set."),
  r("extpeer.vpc.missing", "ExternalPeering", "The VPC exists."),
  r("extpeer.external.missing", "ExternalPeering", "The External exists."),
  r("extpeer.namespace-mismatch", "ExternalPeering", "The VPC and the External are in the same IPv4Namespace."),
  r("extpeer.subnet.missing", "ExternalPeering", "Listed VPC subnets exist."),
  // §3.7 IPv4Namespace
  r("ipns.subnet.cidr", "IPv4Namespace", "Each subnet is a valid IPv4 prefix."),
  r("ipns.subnets.count", "IPv4Namespace", "At most 10 subnets."),
  r("ipns.subnet.overlap", "IPv4Namespace", "Subnets do not overlap each other."),
  r("ipns.subnet.reserved", "IPv4Namespace", "Subnets do not overlap the fabric's reserved subnets."),
  // §4.1 Connection
  r("connection.mclag.deprecated", "Connection", "MCLAG connections are deprecated, skipped by validation and cannot carry VPCs.", "warning"),
  r("connection.mtu", "Connection", "Server-facing MTU ≤ fabric MTU − server-facing offset (9036)."),
  r("connection.endpoints", "Connection", "Exactly one type; device/port counts per type; every port is <device>/<port>; ports distinct."),
  r("connection.static-external", "Connection", "staticExternal: ip is a CIDR, nextHop inside it, canonical non-overlapping subnets (0.0.0.0/0 alone) outside reserved subnets."),
  r("connection.switch.missing", "Connection", "Every switch endpoint exists."),
  r("connection.server.missing", "Connection", "Every server endpoint exists."),
  r("connection.gateway.missing", "Connection", "The Gateway of a gateway connection is defined (the fabric does not check this; hydration needs it).", "warning"),
  r("connection.gateway.port", "Connection", "Gateway ports are interfaces of the Gateway."),
  r("connection.eslag.redundancy", "Connection", "All ESLAG switches share one non-empty redundancy group of type eslag."),
  r("connection.port.unknown", "Connection", "Switch ports exist in the switch's profile given its breakouts."),
  r("connection.port.in-use", "Connection", "No port is used by two connections (E1/4 and E1/4/1 are the same port)."),
  r("connection.link-ip", "Connection", "Fabric, mesh and gateway link IPs are /31s inside the fabric subnet, set on both ends, both ends in the same /31."),
  r("connection.link-ip.duplicate", "Connection", "Link IPs are unique across all fabric, mesh and gateway links."),
  r("connection.within-vpc.missing", "Connection", "A staticExternal withinVPC names an existing VPC."),
  // §4.2 Switch
  r("switch.role", "Switch", "The role is spine, server-leaf, border-leaf or mixed-leaf."),
  r("switch.hydration", "Switch", "asn, ip, protocolIP (and vtepIP on leaves) are all set, or the whole wiring is unhydrated."),
  r("switch.vtep", "Switch", "Spines have no vtepIP."),
  r("switch.redundancy", "Switch", "A redundancy group and type are set together; type is eslag (or deprecated mclag)."),
  r("switch.mclag.deprecated", "Switch", "MCLAG redundancy is deprecated.", "warning"),
  r("switch.profile.unknown", "Switch", "The profile is a registered switch profile."),
  r("switch.vlanns.missing", "Switch", "Each listed VLANNamespace exists."),
  r("switch.vlanns.overlap", "Switch", "A switch's VLANNamespaces do not overlap each other."),
  r("switch.group.missing", "Switch", "Each group (and the redundancy group) is an existing SwitchGroup."),
  r("switch.port-speed", "Switch", "portGroupSpeeds/portSpeeds name existing groups/ports with a supported speed."),
  r("switch.port-breakout", "Switch", "portBreakouts name breakout ports with a supported mode."),
  r("switch.port-autoneg", "Switch", "portAutoNegs only on ports that allow auto-negotiation."),
  r("switch.port-fec", "Switch", "portFECs name existing, non-group data ports."),
  r("switch.port-locator", "Switch", "portLocators need the profile feature portLocator and valid port names."),
  r("switch.feature", "Switch", "roce, ecmp.roceQPN and ESLAG redundancy need the matching profile feature."),
  r("switch.capacity", "Switch", "Ports after breakout stay within the profile's and each pipeline's maxPorts."),
  r("switch.ip.management", "Switch", "The management IP is in the management subnet, below the DHCP start, and not the control VIP."),
  r("switch.ip.duplicate", "Switch", "Management IPs are unique."),
  r("switch.protocol-ip", "Switch", "protocolIP is a /32 in the protocol subnet."),
  r("switch.protocol-ip.duplicate", "Switch", "protocolIPs are unique."),
  r("switch.vtep-ip", "Switch", "Leaf vtepIP is a /32 in the VTEP subnet."),
  r("switch.vtep-ip.duplicate", "Switch", "vtepIPs are unique (MCLAG peers excepted)."),
  r("switch.asn", "Switch", "Spine ASN equals spineASN; leaf ASNs are within leafASNStart..leafASNEnd."),
  r("switch.asn.duplicate", "Switch", "Leaf ASNs are unique (MCLAG peers excepted)."),
  // §4.4 VLANNamespace
  r("vlanns.range", "VLANNamespace", "Ranges are within 1–4094 with from ≤ to."),
  r("vlanns.reserved", "VLANNamespace", "Ranges do not overlap the fabric's reserved IRB and TH5 VLANs."),
  // §5 fab.yaml
  r("fabricator.name", "Fabricator", "The Fabricator is named default."),
  r("fabricator.password-hash", ["Fabricator", "ControlNode"], "Password hashes are SHA-256 crypt ($5$…, from openssl passwd -5)."),
  r("fabricator.control-vip", "Fabricator", "The control VIP is a /32 inside the management subnet."),
]);

export const RULES_BY_ID: ReadonlyMap<string, RuleInfo> = new Map(RULES.map((x) => [x.id, x]));
