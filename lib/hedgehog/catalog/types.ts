/** Types of the built-in switch-profile catalog (wiring.githedgehog.com SwitchProfile, as published). Pure data. */

/** One port row in compact form: [range, type, default, supported, group?, label?] (see data.ts). */
export type CompactPort = string | readonly [string, string, string, string, string?, string?];

export interface CompactProfile {
  name: string;
  displayName: string;
  otherNames: readonly string[];
  roles: readonly string[];
  switchSilicon: string;
  portsSummary: string;
  notes?: string;
  /** 9 flags "0"/"1": subinterfaces, acls, l2vni, l3vni, roce, mclag, eslag, ecmpRoCEQPN, portLocator. */
  features: string;
  maxPorts?: number;
  pipelines?: ReadonlyArray<readonly [string, number, string]>;
  ports: readonly CompactPort[];
  nosType?: string;
  platform?: string;
  /** Registered only when the fabric config enables it (cumulus-vx: includeCumulus). */
  requires?: "includeCumulus";
}

export interface SwitchProfileFeatures {
  subinterfaces: boolean;
  acls: boolean;
  l2vni: boolean;
  l3vni: boolean;
  roce: boolean;
  mclag: boolean;
  eslag: boolean;
  ecmpRoCEQPN: boolean;
  portLocator: boolean;
}

export const FEATURE_KEYS: ReadonlyArray<keyof SwitchProfileFeatures> = [
  "subinterfaces",
  "acls",
  "l2vni",
  "l3vni",
  "roce",
  "mclag",
  "eslag",
  "ecmpRoCEQPN",
  "portLocator",
];

/** `management` (M1), `direct` (fixed-speed port), `breakout` (splittable), `group` (member of a port group). */
export type ProfilePortType = "management" | "direct" | "breakout" | "group";

export interface ProfilePort {
  /** API name: `M1`, `E1/1`. */
  name: string;
  /** Label printed on the switch front panel. */
  label: string;
  type: ProfilePortType;
  /** Port group id (type `group`). */
  group?: string;
  /** Default speed (direct) or breakout mode (breakout); for group members the group's default speed. */
  default?: string;
  /** Supported speeds (direct, group) or breakout modes (breakout). */
  supported: readonly string[];
  autoNegAllowed: boolean;
  autoNegDefault: boolean;
  /** Pipeline id when the profile has pipelines. */
  pipeline?: string;
}

export interface PortGroup {
  id: string;
  default: string;
  supported: readonly string[];
  ports: readonly string[];
}

export interface Pipeline {
  id: string;
  maxPorts: number;
  ports: readonly string[];
}

export interface SwitchProfile {
  name: string;
  displayName: string;
  otherNames: readonly string[];
  roles: readonly string[];
  switchSilicon: string;
  portsSummary: string;
  notes?: string;
  nosType?: string;
  platform?: string;
  features: SwitchProfileFeatures;
  /** Ports in catalog order (management first). */
  ports: readonly ProfilePort[];
  portByName: ReadonlyMap<string, ProfilePort>;
  groups: ReadonlyMap<string, PortGroup>;
  pipelines: ReadonlyMap<string, Pipeline>;
  maxPorts?: number;
  requires?: "includeCumulus";
}
