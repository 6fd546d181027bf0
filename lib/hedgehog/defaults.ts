/**
 * Defaulting: what the fabric's `Default()` methods (run by hhfab and by the admission webhooks) do to each object,
 * as pure functions (API-NOTES §2–§4). `applyDefaults` never mutates its input.
 *
 * Besides `Default()` itself, the result carries the zero values the fabric's Go structs always serialise
 * (`Switch.spec.{boot,ecmp,redundancy}: {}`, `VPC` subnet `dhcp: {}`, `ExternalAttachment.spec.{switch,neighbor}: {}`),
 * and the CRD defaults (`linkFlapErrDisable`), so the result looks like what the cluster stores.
 */
import { cloneJson } from "./canonical";
import type { FabricConfig, HhObject } from "./types";

export const LABEL_PREFIX = "fabric.githedgehog.com/";
export const LIST_LABEL_VALUE = "true";
export const LABEL = {
  connectionType: "fabric.githedgehog.com/connection-type",
  vpc: "fabric.githedgehog.com/vpc",
  subnet: "fabric.githedgehog.com/subnet",
  connection: "fabric.githedgehog.com/connection",
  nativeVLAN: "fabric.githedgehog.com/nativevlan",
  ipv4ns: "fabric.githedgehog.com/ipv4ns",
  vlanns: "fabric.githedgehog.com/vlanns",
  vpc1: "fabric.githedgehog.com/vpc1",
  vpc2: "fabric.githedgehog.com/vpc2",
  external: "fabric.githedgehog.com/external",
  profile: "fabric.githedgehog.com/profile",
} as const;
export const ANNOTATION = {
  switches: "fabric.githedgehog.com/switches",
  servers: "fabric.githedgehog.com/servers",
} as const;

/** `<type>.fabric.githedgehog.com/<name>` list labels. */
export function listLabel(type: "switch" | "server" | "vpc" | "switchgroup" | "vlanns", name: string): string {
  return `${type}.${LABEL_PREFIX}${name}`;
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

/** Deletes every label whose key contains `fabric.githedgehog.com/` (CleanupFabricLabels). */
export function cleanupFabricLabels(labels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (!k.includes(LABEL_PREFIX)) out[k] = v;
  return out;
}

// ---- small IPv4 helpers (defaulting must not depend on the validators) ----

function parseIPv4(s: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  let n = 0;
  for (let i = 1; i <= 4; i++) {
    const o = Number(m[i]);
    if (o > 255 || (m[i].length > 1 && m[i][0] === "0")) return undefined;
    n = n * 256 + o;
  }
  return n;
}

function formatIPv4(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

function parseCIDR(s: string): { network: number; bits: number; last: number } | undefined {
  const i = s.indexOf("/");
  if (i < 0) return undefined;
  const ip = parseIPv4(s.slice(0, i));
  const bitsStr = s.slice(i + 1);
  if (ip === undefined || !/^\d{1,2}$/.test(bitsStr)) return undefined;
  const bits = Number(bitsStr);
  if (bits > 32) return undefined;
  const size = 2 ** (32 - bits);
  const network = Math.floor(ip / size) * size;
  return { network, bits, last: network + size - 1 };
}

/** Go net.ParseMAC + String(): 6, 8 or 20 bytes written with ":" "-" or "." groups → lowercase colon form. */
export function normalizeMAC(mac: string): string | undefined {
  let hex: string;
  if (/^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2})+$/.test(mac) || /^[0-9a-fA-F]{2}(-[0-9a-fA-F]{2})+$/.test(mac)) {
    hex = mac.split(mac[2]).join("");
  } else if (/^[0-9a-fA-F]{4}(\.[0-9a-fA-F]{4})+$/.test(mac)) {
    hex = mac.split(".").join("");
  } else {
    return undefined;
  }
  const bytes = hex.length / 2;
  if (bytes !== 6 && bytes !== 8 && bytes !== 20) return undefined;
  return hex.toLowerCase().match(/../g)!.join(":");
}

// ---- per kind ----

function defaultVPC(spec: Obj, labels: Record<string, string>): void {
  if (str(spec.ipv4Namespace) === "") spec.ipv4Namespace = "default";
  if (str(spec.vlanNamespace) === "") spec.vlanNamespace = "default";
  labels[LABEL.ipv4ns] = str(spec.ipv4Namespace);
  labels[LABEL.vlanns] = str(spec.vlanNamespace);
  if (!isObj(spec.subnets)) return;
  for (const subnet of Object.values(spec.subnets)) {
    if (!isObj(subnet)) continue;
    if (subnet.dhcp === undefined || subnet.dhcp === null) subnet.dhcp = {};
    const cidr = parseCIDR(str(subnet.subnet));
    if (!cidr) continue;
    if (str(subnet.gateway) === "" && subnet.hostBGP !== true) subnet.gateway = formatIPv4(cidr.network + 1);
    if (cidr.bits > 30) continue;
    const dhcp = subnet.dhcp;
    if (!isObj(dhcp)) continue;
    if (dhcp.enable !== true) {
      delete dhcp.range;
      delete dhcp.options;
      continue;
    }
    if (!isObj(dhcp.range)) dhcp.range = {};
    const range = dhcp.range as Obj;
    if (str(range.start) === "") range.start = formatIPv4(cidr.network + 2);
    if (str(range.end) === "") range.end = formatIPv4(cidr.last);
    if (isObj(dhcp.options)) {
      const o = dhcp.options;
      const empty =
        str(o.pxeURL) === "" &&
        (o.dnsServers === undefined || o.dnsServers === null) &&
        (o.timeServers === undefined || o.timeServers === null) &&
        !o.interfaceMTU &&
        !o.leaseTimeSeconds &&
        o.disableDefaultRoute !== true &&
        (o.advertisedRoutes === undefined || o.advertisedRoutes === null);
      if (empty) {
        delete dhcp.options;
        continue;
      }
      if (!o.interfaceMTU) o.interfaceMTU = 9036;
      if (!Array.isArray(o.dnsServers)) o.dnsServers = [];
      o.dnsServers = sortStrings(o.dnsServers as unknown[]);
      if (!Array.isArray(o.timeServers)) o.timeServers = [];
      o.timeServers = sortStrings(o.timeServers as unknown[]);
      if (!o.leaseTimeSeconds) o.leaseTimeSeconds = 3600;
      if (!Array.isArray(o.advertisedRoutes)) o.advertisedRoutes = [];
      o.advertisedRoutes = [...(o.advertisedRoutes as unknown[])].sort((a, b) => {
        const ad = isObj(a) ? str(a.destination) : "";
        const bd = isObj(b) ? str(b.destination) : "";
        if (ad !== bd) return ad < bd ? -1 : 1;
        const ag = isObj(a) ? str(a.gateway) : "";
        const bg = isObj(b) ? str(b.gateway) : "";
        return ag < bg ? -1 : ag > bg ? 1 : 0;
      });
    }
    if (isObj(dhcp.static)) {
      const out: Obj = {};
      for (const [mac, v] of Object.entries(dhcp.static)) {
        const norm = normalizeMAC(mac);
        out[norm ?? mac] = v;
      }
      dhcp.static = out;
    }
  }
}

function sortStrings(list: unknown[]): unknown[] {
  return [...list].sort((a, b) => {
    const as = String(a);
    const bs = String(b);
    return as < bs ? -1 : as > bs ? 1 : 0;
  });
}

/** Returns false when Go's Default() returns early (before touching labels). */
function defaultVPCAttachment(spec: Obj, labels: Record<string, string>): boolean {
  const subnet = str(spec.subnet);
  const slash = subnet.indexOf("/");
  const vpc = slash < 0 ? subnet : subnet.slice(0, slash);
  if (vpc === "") return false;
  if (slash < 0) spec.subnet = `${vpc}/default`;
  const sub = slash < 0 ? "default" : subnet.slice(slash + 1) || "default";
  labels[LABEL.vpc] = vpc;
  labels[LABEL.subnet] = sub;
  labels[LABEL.connection] = str(spec.connection);
  if (spec.nativeVLAN === true) labels[LABEL.nativeVLAN] = LIST_LABEL_VALUE;
  return true;
}

/** The two VPCs of a peering, sorted, or undefined when the permit list is malformed (VPCPeeringSpec.VPCs). */
export function peeringVPCs(spec: Obj): [string, string] | undefined {
  const permit = spec.permit;
  if (!Array.isArray(permit)) return undefined;
  const vpcs: string[] = [];
  for (const entry of permit) {
    if (!isObj(entry) || Object.keys(entry).length !== 2) return undefined;
    for (const vpc of Object.keys(entry)) if (!vpcs.includes(vpc)) vpcs.push(vpc);
  }
  if (vpcs.length !== 2) return undefined;
  vpcs.sort();
  return [vpcs[0], vpcs[1]];
}

const CONNECTION_TYPES: ReadonlyArray<[field: string, label: string]> = [
  ["unbundled", "unbundled"],
  ["bundled", "bundled"],
  ["mclagDomain", "mclag-domain"],
  ["mclag", "mclag"],
  ["eslag", "eslag"],
  ["fabric", "fabric"],
  ["mesh", "mesh"],
  ["gateway", "gateway"],
  ["vpcLoopback", "vpc-loopback"],
  ["external", "external"],
  ["staticExternal", "static-external"],
];

function device(port: unknown): string {
  const p = isObj(port) ? str(port.port) : "";
  const i = p.indexOf("/");
  return i < 0 ? p : p.slice(0, i);
}

function links(v: unknown): Obj[] {
  if (!isObj(v)) return [];
  if (Array.isArray(v.links)) return v.links.filter(isObj);
  if (isObj(v.link)) return [v.link];
  return [];
}

/** Switch and server names of a Connection's endpoints, or undefined when malformed (ConnectionSpec.Endpoints). */
export function connectionEndpoints(spec: Obj): { type: string; switches: string[]; servers: string[] } | undefined {
  const present = CONNECTION_TYPES.filter(([f]) => spec[f] !== undefined && spec[f] !== null);
  if (present.length !== 1) return undefined;
  const [field, type] = present[0];
  const switches = new Set<string>();
  const servers = new Set<string>();
  const ports: string[] = [];
  const add = (set: Set<string> | undefined, port: unknown): void => {
    if (set) set.add(device(port));
    ports.push(isObj(port) ? str(port.port) : "");
  };
  const body = spec[field];
  switch (field) {
    case "unbundled":
    case "bundled":
    case "mclag":
    case "eslag":
      for (const l of links(body)) {
        add(switches, l.switch);
        add(servers, l.server);
      }
      break;
    case "fabric":
      for (const l of links(body)) {
        add(switches, l.spine);
        add(switches, l.leaf);
      }
      break;
    case "mesh":
      for (const l of links(body)) {
        add(switches, l.leaf1);
        add(switches, l.leaf2);
      }
      break;
    case "gateway":
      for (const l of links(body)) {
        add(switches, l.switch);
        add(undefined, l.gateway);
      }
      break;
    case "vpcLoopback":
      for (const l of links(body)) {
        add(switches, l.switch1);
        add(switches, l.switch2);
      }
      break;
    case "mclagDomain":
      if (isObj(body)) {
        for (const l of [...(Array.isArray(body.peerLinks) ? body.peerLinks : []), ...(Array.isArray(body.sessionLinks) ? body.sessionLinks : [])]) {
          if (!isObj(l)) continue;
          add(switches, l.switch1);
          add(switches, l.switch2);
        }
      }
      break;
    case "external":
    case "staticExternal":
      for (const l of links(body)) add(switches, l.switch);
      break;
  }
  for (const p of ports) {
    const parts = p.split("/");
    if (parts.length < 2 || parts[0] === "" || parts.slice(1).join("/") === "") return undefined;
  }
  return { type, switches: [...switches].sort(), servers: [...servers].sort() };
}

function defaultConnection(spec: Obj, labels: Record<string, string>, annotations: Record<string, string>): void {
  // MCLAG is deprecated: validation skips it and it gets no labels (API-NOTES §2, §4.1).
  if (spec.mclag != null || spec.mclagDomain != null) return;
  const present = CONNECTION_TYPES.find(([f]) => spec[f] !== undefined && spec[f] !== null);
  labels[LABEL.connectionType] = present ? present[1] : "<invalid>";
  if (isObj(spec.staticExternal) && str(spec.staticExternal.withinVPC) !== "") labels[LABEL.vpc] = str(spec.staticExternal.withinVPC);
  const ep = connectionEndpoints(spec);
  if (!ep) return;
  for (const s of ep.switches) labels[listLabel("switch", s)] = LIST_LABEL_VALUE;
  for (const s of ep.servers) labels[listLabel("server", s)] = LIST_LABEL_VALUE;
  if (ep.switches.length > 0) annotations[ANNOTATION.switches] = ep.switches.join(",");
  if (ep.servers.length > 0) annotations[ANNOTATION.servers] = ep.servers.join(",");
}

function defaultSwitch(spec: Obj, labels: Record<string, string>): void {
  for (const field of ["portGroupSpeeds", "portSpeeds"]) {
    const m = spec[field];
    if (!isObj(m)) continue;
    const out: Obj = {};
    for (const [k, v] of Object.entries(m)) out[k] = typeof v === "string" && v.startsWith("SPEED_") ? v.slice(6) : v;
    spec[field] = out;
  }
  if (!Array.isArray(spec.vlanNamespaces) || spec.vlanNamespaces.length === 0) spec.vlanNamespaces = ["default"];
  for (const f of ["boot", "ecmp", "redundancy"]) if (spec[f] === undefined || spec[f] === null) spec[f] = {};
  const redundancy = isObj(spec.redundancy) ? spec.redundancy : {};
  const group = str(redundancy.group);
  const groups = Array.isArray(spec.groups) ? [...spec.groups] : [];
  if (group !== "" && !groups.includes(group)) groups.push(group);
  if (groups.length > 0 || Array.isArray(spec.groups)) spec.groups = groups;
  for (const g of groups) labels[listLabel("switchgroup", String(g))] = LIST_LABEL_VALUE;
  for (const ns of spec.vlanNamespaces as unknown[]) labels[listLabel("vlanns", String(ns))] = LIST_LABEL_VALUE;
  if (Array.isArray(spec.groups)) spec.groups = sortStrings(spec.groups);
  spec.vlanNamespaces = sortStrings(spec.vlanNamespaces as unknown[]);
  labels[LABEL.profile] = str(spec.profile);
  if (isObj(spec.linkFlapErrDisable)) {
    const l = spec.linkFlapErrDisable;
    if (l.flapThreshold === undefined || l.flapThreshold === null) l.flapThreshold = 3;
    if (l.samplingInterval === undefined || l.samplingInterval === null) l.samplingInterval = 30;
    if (l.recoveryInterval === undefined || l.recoveryInterval === null) l.recoveryInterval = 300;
  }
}

function defaultVLANNamespace(spec: Obj): void {
  if (!Array.isArray(spec.ranges)) return;
  const ranges = spec.ranges.map((r) => {
    if (!isObj(r)) return r;
    const copy = { ...r };
    if ((copy.to === undefined || copy.to === null || copy.to === 0) && typeof copy.from === "number") copy.to = copy.from;
    return copy;
  });
  const num = (r: unknown, k: string): number => (isObj(r) && typeof r[k] === "number" ? (r[k] as number) : 0);
  ranges.sort((a, b) => num(a, "from") - num(b, "from") || num(a, "to") - num(b, "to"));
  spec.ranges = ranges;
}

/**
 * Applies the fabric's defaulting to one object and returns the result (the input is not mutated):
 * - every object: namespace `default` when empty (fabricator objects are left alone);
 * - every vpc/wiring object: the system labels recomputed (CleanupFabricLabels, then the API-NOTES §2 table);
 * - VPC: ipv4Namespace/vlanNamespace `default`, subnet gateway = first host (not on hostBGP subnets), DHCP range
 *   (network+2 … last address) and options (MTU 9036, lease 3600, sorted lists; an all-empty block dropped), DHCP
 *   fields dropped when DHCP is disabled, static-lease MACs normalized;
 * - VPCAttachment: a bare `vpc` subnet becomes `vpc/default`;
 * - External: ipv4Namespace `default`; ExternalPeering: subnets and prefixes sorted; IPv4Namespace: subnets sorted;
 * - Switch: vlanNamespaces `["default"]`, redundancy group appended to groups, both sorted, `SPEED_` prefixes
 *   stripped, linkFlapErrDisable defaults; VLANNamespace: ranges sorted, `to` defaults to `from`.
 */
export function applyDefaults(obj: HhObject, config?: Partial<FabricConfig>): HhObject {
  void config; // the Go Default() methods read no FabricConfig today; kept for callers that pass it
  const out = cloneJson(obj);
  if (!isObj(out)) return out;
  const group = typeof out.apiVersion === "string" ? out.apiVersion.split("/")[0] : "";
  if (group === "fabricator.githedgehog.com") return out;
  if (!isObj(out.metadata)) return out;
  const md = out.metadata;
  if (str(md.namespace) === "") md.namespace = "default";
  if (group !== "vpc.githedgehog.com" && group !== "wiring.githedgehog.com") return out;

  const spec: Obj = isObj(out.spec) ? out.spec : {};
  const hadSpec = isObj(out.spec);
  let labels: Record<string, string> = isObj(md.labels) ? cleanupFabricLabels(md.labels as Record<string, string>) : {};
  const annotations: Record<string, string> = isObj(md.annotations) ? { ...(md.annotations as Record<string, string>) } : {};
  let touchLabels = true;

  switch (out.kind) {
    case "VPC":
      defaultVPC(spec, labels);
      break;
    case "VPCAttachment":
      touchLabels = defaultVPCAttachment(spec, labels);
      break;
    case "VPCPeering": {
      const vpcs = peeringVPCs(spec);
      if (vpcs) {
        labels[listLabel("vpc", vpcs[0])] = LIST_LABEL_VALUE;
        labels[listLabel("vpc", vpcs[1])] = LIST_LABEL_VALUE;
        labels[LABEL.vpc1] = vpcs[0];
        labels[LABEL.vpc2] = vpcs[1];
      }
      break;
    }
    case "External":
      if (str(spec.ipv4Namespace) === "") spec.ipv4Namespace = "default";
      labels[LABEL.ipv4ns] = str(spec.ipv4Namespace);
      break;
    case "ExternalAttachment":
      labels[LABEL.connection] = str(spec.connection);
      labels[LABEL.external] = str(spec.external);
      for (const f of ["switch", "neighbor"]) if (spec[f] === undefined || spec[f] === null) spec[f] = {};
      break;
    case "ExternalPeering": {
      const permit = isObj(spec.permit) ? spec.permit : {};
      const vpc = isObj(permit.vpc) ? permit.vpc : {};
      const ext = isObj(permit.external) ? permit.external : {};
      labels[LABEL.vpc] = str(vpc.name);
      labels[LABEL.external] = str(ext.name);
      if (Array.isArray(vpc.subnets)) vpc.subnets = sortStrings(vpc.subnets);
      if (Array.isArray(ext.prefixes)) {
        ext.prefixes = [...ext.prefixes].sort((a, b) => {
          const ap = isObj(a) ? str(a.prefix) : "";
          const bp = isObj(b) ? str(b.prefix) : "";
          return ap < bp ? -1 : ap > bp ? 1 : 0;
        });
      }
      break;
    }
    case "IPv4Namespace":
      if (Array.isArray(spec.subnets)) spec.subnets = sortStrings(spec.subnets);
      break;
    case "Connection":
      defaultConnection(spec, labels, annotations);
      break;
    case "Switch":
      defaultSwitch(spec, labels);
      break;
    case "VLANNamespace":
      defaultVLANNamespace(spec);
      break;
    default:
      break; // Server, ServerProfile, SwitchGroup, SwitchProfile: metadata only
  }

  if (!touchLabels) labels = isObj(md.labels) ? (md.labels as Record<string, string>) : {};
  if (Object.keys(labels).length > 0) md.labels = labels;
  else delete md.labels;
  if (Object.keys(annotations).length > 0) md.annotations = annotations;
  else delete md.annotations;
  if (hadSpec || Object.keys(spec).length > 0) out.spec = spec;
  return out;
}
