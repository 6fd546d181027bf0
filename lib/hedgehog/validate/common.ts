/** Helpers shared by the rule modules: parsed fabric config, reserved subnets, VLAN namespaces, connection endpoints. */
import { cidrOverlaps, formatCidr, parseCidr, RangeSet, type Cidr } from "../ip";
import { asArr, asNum, asObj, asStr, isObj, ptr, specOf, type Ctx, type Obj } from "./context";
import type { FabricConfig, SourcedObject } from "../types";

export interface ParsedConfig {
  reserved: Array<{ text: string; cidr: Cidr }>;
  irb: RangeSet;
  th5: RangeSet;
}

export function parseConfig(cfg: FabricConfig): ParsedConfig {
  const reserved: ParsedConfig["reserved"] = [];
  for (const s of cfg.reservedSubnets) {
    const c = parseCidr(s);
    if (c) reserved.push({ text: formatCidr(c), cidr: c });
  }
  return { reserved, irb: new RangeSet(cfg.vpcIRBVLANs), th5: new RangeSet(cfg.th5WorkaroundVLANs) };
}

/** The reserved fabric subnet that `c` overlaps, if any. */
export function reservedOverlap(pc: ParsedConfig, c: Cidr): string | undefined {
  for (const r of pc.reserved) if (cidrOverlaps(r.cidr, c)) return r.text;
  return undefined;
}

const vlanSetCache = new WeakMap<SourcedObject, RangeSet>();

/** The merged VLAN ranges of a VLANNamespace object. */
export function vlanRangesOf(so: SourcedObject): RangeSet {
  let rs = vlanSetCache.get(so);
  if (!rs) {
    const ranges = asArr(specOf(so.object).ranges).map((x) => {
      const o = asObj(x);
      const from = asNum(o.from);
      const to = o.to === undefined || o.to === 0 ? from : asNum(o.to);
      return { from, to };
    });
    rs = new RangeSet(ranges);
    vlanSetCache.set(so, rs);
  }
  return rs;
}

export type ConnType =
  | "unbundled"
  | "bundled"
  | "eslag"
  | "mclag"
  | "mclagDomain"
  | "fabric"
  | "mesh"
  | "gateway"
  | "vpcLoopback"
  | "external"
  | "staticExternal";

export const CONN_TYPES: readonly ConnType[] = [
  "unbundled",
  "bundled",
  "eslag",
  "mclag",
  "mclagDomain",
  "fabric",
  "mesh",
  "gateway",
  "vpcLoopback",
  "external",
  "staticExternal",
];

export type EndpointRole = "switch" | "server" | "gateway";

export interface Endpoint {
  role: EndpointRole;
  /** `<device>/<port>` as written. */
  full: string;
  device: string;
  port: string;
  path: string;
}

export interface ConnInfo {
  so: SourcedObject;
  name: string;
  types: ConnType[];
  type?: ConnType;
  endpoints: Endpoint[];
  switches: string[];
  servers: string[];
  gateways: string[];
  /** Link IPs of fabric/mesh/gateway links: [sideA, sideB] with paths. */
  linkIPs: Array<{ index: number; a: { ip: string; path: string; side: string }; b: { ip: string; path: string; side: string } }>;
}

/** `<device>/<port>` split at the first slash. */
export function splitPort(full: string): { device: string; port: string } {
  const i = full.indexOf("/");
  return i < 0 ? { device: full, port: "" } : { device: full.slice(0, i), port: full.slice(i + 1) };
}

const LINK_SIDES: Partial<Record<ConnType, Array<[string, EndpointRole]>>> = {
  bundled: [["server", "server"], ["switch", "switch"]],
  eslag: [["server", "server"], ["switch", "switch"]],
  mclag: [["server", "server"], ["switch", "switch"]],
  fabric: [["spine", "switch"], ["leaf", "switch"]],
  mesh: [["leaf1", "switch"], ["leaf2", "switch"]],
  gateway: [["switch", "switch"], ["gateway", "gateway"]],
  vpcLoopback: [["switch1", "switch"], ["switch2", "switch"]],
};

/** Decodes a Connection's type, endpoints and link IPs (the fabric's ConnectionSpec.Endpoints, without judging). */
export function connInfo(so: SourcedObject): ConnInfo {
  const spec = specOf(so.object);
  const types = CONN_TYPES.filter((t) => spec[t] !== undefined && spec[t] !== null);
  const info: ConnInfo = {
    so,
    name: asStr(so.object.metadata?.name),
    types,
    endpoints: [],
    switches: [],
    servers: [],
    gateways: [],
    linkIPs: [],
  };
  if (types.length !== 1) return info;
  const type = types[0];
  info.type = type;
  const body = asObj(spec[type]);
  const add = (role: EndpointRole, v: unknown, path: string): void => {
    const full = asStr(asObj(v).port);
    const { device, port } = splitPort(full);
    info.endpoints.push({ role, full, device, port, path: path + "/port" });
  };
  if (type === "unbundled") {
    const link = asObj(body.link);
    add("server", link.server, ptr("spec", type, "link", "server"));
    add("switch", link.switch, ptr("spec", type, "link", "switch"));
  } else if (type === "external" || type === "staticExternal") {
    add("switch", asObj(body.link).switch, ptr("spec", type, "link", "switch"));
  } else if (type === "mclagDomain") {
    // deprecated: no endpoints
  } else {
    const sides = LINK_SIDES[type] ?? [];
    asArr(body.links).forEach((l, i) => {
      const link = asObj(l);
      for (const [side, role] of sides) add(role, link[side], ptr("spec", type, "links", i, side));
      if (type === "fabric" || type === "mesh" || type === "gateway") {
        const [sa, sb] = sides.map((s) => s[0]);
        info.linkIPs.push({
          index: i,
          a: { ip: asStr(asObj(link[sa]).ip), path: ptr("spec", type, "links", i, sa, "ip"), side: sa },
          b: { ip: asStr(asObj(link[sb]).ip), path: ptr("spec", type, "links", i, sb, "ip"), side: sb },
        });
      }
    });
  }
  const uniq = (role: EndpointRole): string[] => [...new Set(info.endpoints.filter((e) => e.role === role).map((e) => e.device))];
  info.switches = uniq("switch");
  info.servers = uniq("server");
  info.gateways = uniq("gateway");
  return info;
}

/** Lazily computed connection infos, shared by the Connection and attachment rules. */
export function connInfos(ctx: Ctx): Map<string, ConnInfo> {
  const cached = infoCache.get(ctx);
  if (cached) return cached;
  const m = new Map<string, ConnInfo>();
  for (const so of ctx.of("Connection")) {
    const ci = connInfo(so);
    if (!m.has(ci.name)) m.set(ci.name, ci);
  }
  infoCache.set(ctx, m);
  return m;
}
const infoCache = new WeakMap<Ctx, Map<string, ConnInfo>>();

/** A VPC's subnets as a map name → subnet spec. */
export function vpcSubnets(so: SourcedObject): Array<[string, Obj]> {
  const subnets = specOf(so.object).subnets;
  if (!isObj(subnets)) return [];
  return Object.entries(subnets).map(([k, v]) => [k, asObj(v)]);
}

export function vpcIPv4Ns(so: SourcedObject): string {
  return asStr(specOf(so.object).ipv4Namespace) || "default";
}

export function vpcVlanNs(so: SourcedObject): string {
  return asStr(specOf(so.object).vlanNamespace) || "default";
}

export function vpcMode(so: SourcedObject): string {
  return asStr(specOf(so.object).mode);
}

export const MODE_NAMES: Record<string, string> = { "": "L2VNI", l3vni: "L3VNI", l3flat: "L3Flat" };
