/**
 * The built-in switch-profile catalog: every published profile plus `cumulus-vx` (registered only when the fabric
 * config sets includeCumulus). Pure data and lookups; expanded once, lazily, from the compact form in data.ts.
 */
import { CATALOG_DATA } from "./data";
import { CUMULUS_VX } from "./cumulus-vx";
import {
  FEATURE_KEYS,
  type CompactProfile,
  type Pipeline,
  type PortGroup,
  type ProfilePort,
  type ProfilePortType,
  type SwitchProfile,
  type SwitchProfileFeatures,
} from "./types";

export * from "./types";

/** Port speeds the fabric accepts anywhere (SwitchProfile validation). */
export const ALLOWED_PORT_SPEEDS: readonly string[] = ["1G", "2.5G", "5G", "10G", "20G", "25G", "40G", "50G", "100G", "200G", "400G", "800G"];

function expandRange(spec: string): number[] {
  const out: number[] = [];
  for (const part of spec.split(",")) {
    const [a, b] = part.split("-").map(Number);
    for (let i = a; i <= (b ?? a); i++) out.push(i);
  }
  return out;
}

const TYPE_CODES: Record<string, ProfilePortType> = { d: "direct", b: "breakout", g: "group" };

function expand(c: CompactProfile): SwitchProfile {
  const features = {} as SwitchProfileFeatures;
  FEATURE_KEYS.forEach((k, i) => (features[k] = c.features[i] === "1"));
  const pipelineOf = new Map<number, string>();
  const pipelines = new Map<string, Pipeline>();
  for (const [id, maxPorts, ranges] of c.pipelines ?? []) {
    const nums = expandRange(ranges);
    for (const n of nums) pipelineOf.set(n, id);
    pipelines.set(id, { id, maxPorts, ports: nums.map((n) => `E1/${n}`) });
  }
  const ports: ProfilePort[] = [];
  const groups = new Map<string, { id: string; default: string; supported: string[]; ports: string[] }>();
  for (const row of c.ports) {
    if (typeof row === "string") {
      ports.push({ name: row, label: "", type: "management", supported: [], autoNegAllowed: false, autoNegDefault: false });
      continue;
    }
    const [range, code, def, sup, group, label] = row;
    const m = /^E(\d+)\/(\d+)(?:-(\d+))?$/.exec(range);
    if (!m) throw new Error(`bad port range ${range} in ${c.name}`);
    const asic = m[1];
    const from = Number(m[2]);
    const to = m[3] ? Number(m[3]) : from;
    const type = TYPE_CODES[code[0]];
    const supported = sup.split(",");
    for (let n = from; n <= to; n++) {
      const name = `E${asic}/${n}`;
      const port: ProfilePort = {
        name,
        label: label || String(n),
        type,
        default: def,
        supported,
        autoNegAllowed: code[1] === "A" || code[1] === "a",
        autoNegDefault: code[1] === "A",
      };
      if (group) port.group = group;
      const pipeline = pipelineOf.get(n);
      if (pipeline) port.pipeline = pipeline;
      ports.push(port);
      if (type === "group" && group) {
        const g = groups.get(group) ?? { id: group, default: def, supported, ports: [] };
        g.ports.push(name);
        groups.set(group, g);
      }
    }
  }
  const profile: SwitchProfile = {
    name: c.name,
    displayName: c.displayName,
    otherNames: c.otherNames,
    roles: c.roles,
    switchSilicon: c.switchSilicon,
    portsSummary: c.portsSummary,
    features,
    ports,
    portByName: new Map(ports.map((p) => [p.name, p])),
    groups: groups as Map<string, PortGroup>,
    pipelines,
  };
  if (c.notes) profile.notes = c.notes;
  if (c.nosType) profile.nosType = c.nosType;
  if (c.platform) profile.platform = c.platform;
  if (c.maxPorts) profile.maxPorts = c.maxPorts;
  if (c.requires) profile.requires = c.requires;
  return profile;
}

let cache: Map<string, SwitchProfile> | undefined;

function all(): Map<string, SwitchProfile> {
  if (!cache) {
    cache = new Map();
    for (const c of [...CATALOG_DATA, CUMULUS_VX]) cache.set(c.name, expand(c));
  }
  return cache;
}

/** What decides which profiles are registered (FabricConfig subset). */
export interface CatalogConfig {
  includeCumulus?: boolean;
}

/** Every profile in the catalog, registered or not. */
export function allSwitchProfiles(): SwitchProfile[] {
  return [...all().values()];
}

/** The catalog entry by name (regardless of registration), or undefined. */
export function getSwitchProfile(name: string): SwitchProfile | undefined {
  return all().get(name);
}

/** Whether the profile exists and the fabric registers it under this config (cumulus-vx needs includeCumulus). */
export function isProfileRegistered(name: string, config: CatalogConfig = {}): boolean {
  const p = all().get(name);
  if (!p) return false;
  return p.requires !== "includeCumulus" || config.includeCumulus === true;
}

/** The profile if registered under this config. */
export function getRegisteredProfile(name: string, config: CatalogConfig = {}): SwitchProfile | undefined {
  return isProfileRegistered(name, config) ? all().get(name) : undefined;
}

/** Names of the profiles registered under this config, in catalog order. */
export function switchProfileNames(config: CatalogConfig = {}): string[] {
  return [...all().keys()].filter((n) => isProfileRegistered(n, config));
}

/** Parses a breakout mode `4x25G` → {lanes: 4, speed: "25G"}, or undefined when malformed. */
export function parseBreakoutMode(mode: string): { lanes: number; speed: string } | undefined {
  const m = /^([1248])x(.+)$/.exec(mode);
  if (!m || !ALLOWED_PORT_SPEEDS.includes(m[2])) return undefined;
  return { lanes: Number(m[1]), speed: m[2] };
}

/** The breakout mode a port is in on a switch: its `portBreakouts` entry, else the profile default. */
export function breakoutModeOf(port: ProfilePort, portBreakouts?: Readonly<Record<string, unknown>>): string | undefined {
  if (port.type !== "breakout") return undefined;
  const set = portBreakouts?.[port.name];
  return typeof set === "string" && set !== "" ? set : port.default;
}

/**
 * The API port names a switch with this profile accepts in connections, given its breakouts (the fabric's
 * GetAPI2NOSPortsFor): management and non-breakout ports by name; a breakout port by its bare name (an alias of
 * sub-port 1) and `<port>/1` … `<port>/<lanes>` for its current mode. A breakout set to an unsupported mode yields
 * no names for that port.
 */
export function allowedPorts(profile: SwitchProfile, portBreakouts?: Readonly<Record<string, unknown>>): Set<string> {
  const out = new Set<string>();
  for (const p of profile.ports) {
    if (p.type !== "breakout") {
      out.add(p.name);
      continue;
    }
    const mode = breakoutModeOf(p, portBreakouts);
    if (!mode || !p.supported.includes(mode)) continue;
    const parsed = parseBreakoutMode(mode);
    if (!parsed) continue;
    out.add(p.name);
    for (let i = 1; i <= parsed.lanes; i++) out.add(`${p.name}/${i}`);
  }
  return out;
}

/**
 * Whether `port` is a valid port of this profile for a switch with these breakouts (default breakouts when omitted).
 * `E1/55` is accepted for a breakout port as an alias of `E1/55/1`.
 */
export function portExists(profile: SwitchProfile, port: string, portBreakouts?: Readonly<Record<string, unknown>>): boolean {
  const direct = profile.portByName.get(port);
  if (direct) {
    if (direct.type !== "breakout") return true;
    const mode = breakoutModeOf(direct, portBreakouts);
    return !!mode && direct.supported.includes(mode);
  }
  const m = /^(E\d+\/\d+)\/(\d+)$/.exec(port);
  if (!m) return false;
  const base = profile.portByName.get(m[1]);
  if (!base || base.type !== "breakout") return false;
  const mode = breakoutModeOf(base, portBreakouts);
  if (!mode || !base.supported.includes(mode)) return false;
  const parsed = parseBreakoutMode(mode);
  const lane = Number(m[2]);
  return !!parsed && lane >= 1 && lane <= parsed.lanes;
}

/** The physical port a (possibly breakout sub-) port name belongs to: `E1/55/2` → `E1/55`. */
export function basePortName(port: string): string {
  const m = /^(E\d+\/\d+)\/\d+$/.exec(port);
  return m ? m[1] : port;
}

/** Canonical name for port-usage comparison: a bare data port `E1/4` is the same as `E1/4/1`. */
export function canonicalPortKey(port: string): string {
  return /^E\d+\/\d+$/.test(port) ? `${port}/1` : port;
}

/** Number of logical ports a physical port contributes with the switch's breakouts (1 for non-breakout ports). */
export function logicalPortCount(port: ProfilePort, portBreakouts?: Readonly<Record<string, unknown>>): number {
  if (port.type === "management") return 0;
  if (port.type !== "breakout") return 1;
  const mode = breakoutModeOf(port, portBreakouts);
  return (mode && parseBreakoutMode(mode)?.lanes) || 1;
}
