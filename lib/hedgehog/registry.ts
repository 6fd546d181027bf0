/**
 * Registry of every Hedgehog kind HFM knows (API-NOTES §1), with the retired v1alpha2 history (§0.1) so that
 * errors can explain old files. Pure data + lookups.
 */

export type KindCategory = "vpc" | "wiring" | "gateway" | "fabricator";
/** "managed": HFM owns the desired state (VPC API). "observed": wiring that HFM mostly reads and reports on. */
export type DefaultPolicy = "managed" | "observed";

export interface KindInfo {
  group: string;
  version: string;
  /** `group/version`. */
  apiVersion: string;
  kind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  namespaced: boolean;
  category: KindCategory;
  defaultPolicy: DefaultPolicy;
  /** Known but optional in a fabric (gateway kinds). */
  optional: boolean;
  /** Users do not write these (built-in SwitchProfile catalog, unused ServerProfile). */
  readOnly: boolean;
  /** Recognised (e.g. in fab.yaml) but never ingested as fabric objects (fabricator kinds). */
  ingested: boolean;
  /** Namespace objects of this kind must live in. */
  namespace: string;
  /** CRD categories (`kubectl get hedgehog`). */
  categories: string[];
}

export const VPC_GROUP = "vpc.githedgehog.com";
export const WIRING_GROUP = "wiring.githedgehog.com";
export const GATEWAY_GROUP = "gateway.githedgehog.com";
export const FABRICATOR_GROUP = "fabricator.githedgehog.com";
export const VPC_API_VERSION = `${VPC_GROUP}/v1beta1`;
export const WIRING_API_VERSION = `${WIRING_GROUP}/v1beta1`;
export const GATEWAY_API_VERSION = `${GATEWAY_GROUP}/v1alpha1`;
export const FABRICATOR_API_VERSION = `${FABRICATOR_GROUP}/v1beta1`;

type Row = [kind: string, plural: string, shortNames: string[], categories: string[]];

function rows(
  group: string,
  version: string,
  category: KindCategory,
  defaultPolicy: DefaultPolicy,
  list: Row[],
  extra: Partial<Pick<KindInfo, "optional" | "ingested" | "namespace">> & { readOnly?: string[]; policy?: Record<string, DefaultPolicy> } = {},
): KindInfo[] {
  return list.map(([kind, plural, shortNames, categories]) => ({
    group,
    version,
    apiVersion: `${group}/${version}`,
    kind,
    plural,
    singular: kind.toLowerCase(),
    shortNames,
    namespaced: true,
    category,
    defaultPolicy: extra.policy?.[kind] ?? defaultPolicy,
    optional: extra.optional ?? false,
    readOnly: extra.readOnly?.includes(kind) ?? false,
    ingested: extra.ingested ?? true,
    namespace: extra.namespace ?? "default",
    categories,
  }));
}

const FABRIC_CATS = ["hedgehog", "fabric"];
const EXTERNAL_CATS = ["hedgehog", "fabric", "external"];
const WIRING_CATS = ["hedgehog", "wiring", "fabric"];
const GATEWAY_CATS = ["hedgehog", "hedgehog-gateway"];

/** Every known kind, in hhfab's validation order within each group (API-NOTES §6 step 5). */
export const KINDS: readonly KindInfo[] = Object.freeze([
  ...rows(WIRING_GROUP, "v1beta1", "wiring", "observed", [
    ["SwitchProfile", "switchprofiles", ["sp"], WIRING_CATS],
    ["VLANNamespace", "vlannamespaces", ["vlanns"], WIRING_CATS],
    ["SwitchGroup", "switchgroups", ["sg"], WIRING_CATS],
    ["Switch", "switches", ["sw"], WIRING_CATS],
    ["Server", "servers", ["srv"], WIRING_CATS],
    ["Connection", "connections", ["conn"], WIRING_CATS],
    ["ServerProfile", "serverprofiles", [], WIRING_CATS],
  ], { readOnly: ["SwitchProfile", "ServerProfile"] }),
  ...rows(VPC_GROUP, "v1beta1", "vpc", "managed", [
    ["IPv4Namespace", "ipv4namespaces", ["ipns"], FABRIC_CATS],
    ["VPC", "vpcs", [], FABRIC_CATS],
    ["VPCAttachment", "vpcattachments", ["vpcattach"], FABRIC_CATS],
    ["VPCPeering", "vpcpeerings", ["vpcpeer"], FABRIC_CATS],
    ["External", "externals", ["ext"], EXTERNAL_CATS],
    ["ExternalAttachment", "externalattachments", ["extattach"], EXTERNAL_CATS],
    ["ExternalPeering", "externalpeerings", ["extpeering", "extpeer"], EXTERNAL_CATS],
  ]),
  ...rows(GATEWAY_GROUP, "v1alpha1", "gateway", "managed", [
    ["GatewayGroup", "gatewaygroups", ["gwgr"], GATEWAY_CATS],
    ["Gateway", "gateways", ["gw"], GATEWAY_CATS],
    ["VPCInfo", "vpcinfos", ["gwvpc"], GATEWAY_CATS],
    ["GatewayPeering", "gatewaypeerings", ["gwpeer"], GATEWAY_CATS],
  ], { optional: true, policy: { Gateway: "observed", GatewayGroup: "observed" } }),
  ...rows(FABRICATOR_GROUP, "v1beta1", "fabricator", "observed", [
    ["Fabricator", "fabricators", ["fab"], ["hedgehog", "fabricator"]],
    ["ControlNode", "controlnodes", [], []],
    ["FabNode", "fabnodes", ["fn"], ["hedgehog", "fabricator"]],
  ], { ingested: false, namespace: "fab" }),
]);

/** Kinds HFM ingests as fabric objects (vpc, wiring and gateway groups). */
export const FABRIC_KINDS: readonly KindInfo[] = KINDS.filter((k) => k.ingested);

const byGvk = new Map<string, KindInfo>();
const byName = new Map<string, KindInfo>();
for (const k of KINDS) {
  byGvk.set(`${k.apiVersion}|${k.kind}`, k);
}
// Fabric kinds win over fabricator kinds for ambiguous short names (none today, but keep it deterministic).
for (const k of [...KINDS].reverse()) {
  for (const n of [k.kind, k.plural, k.singular, ...k.shortNames]) byName.set(n.toLowerCase(), k);
}

/** Finds a kind by kind, plural, singular or short name, case-insensitively (`vpc`, `VPCs`, `vpcattach`, `Switch`). */
export function findKind(name: string): KindInfo | undefined {
  return byName.get(name.trim().toLowerCase());
}

/** Finds a kind by exact apiVersion and kind (`vpc.githedgehog.com/v1beta1`, `VPC`). */
export function findKindByGVK(apiVersion: string, kind: string): KindInfo | undefined {
  return byGvk.get(`${apiVersion}|${kind}`);
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.lastIndexOf("/");
  return i < 0 ? { group: "", version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/** The groups whose documents HFM treats as its own (errors when wrong); any other group is skipped. */
export const HEDGEHOG_GROUPS: readonly string[] = [VPC_GROUP, WIRING_GROUP, GATEWAY_GROUP];

/** A retired API version and why it is gone. */
export interface RetiredApiVersion {
  apiVersion: string;
  replacedBy: string;
  history: string;
}

export const RETIRED_API_VERSIONS: readonly RetiredApiVersion[] = [
  {
    apiVersion: `${WIRING_GROUP}/v1alpha2`,
    replacedBy: WIRING_API_VERSION,
    history:
      "v1alpha2 was the wiring API from Aug 2023 to Oct 2024 (fabric <= v0.51); fabric v0.52.0 renamed it to v1beta1 " +
      "without changing the field schemas, and there is no conversion webhook, so v1alpha2 objects are rejected",
  },
  {
    apiVersion: `${VPC_GROUP}/v1alpha2`,
    replacedBy: VPC_API_VERSION,
    history:
      "v1alpha2 was the VPC API from Aug 2023 to Oct 2024 (fabric <= v0.51); fabric v0.52.0 renamed it to v1beta1 " +
      "without changing the field schemas, and there is no conversion webhook, so v1alpha2 objects are rejected",
  },
];

/** Kinds that existed once and are gone, with what replaced them. Keyed by kind. */
export const RETIRED_KINDS: Readonly<Record<string, { group: string; note: string }>> = {
  Rack: { group: WIRING_GROUP, note: "the Rack kind was removed in May 2024; there is no replacement, delete the document" },
  SwitchPort: { group: WIRING_GROUP, note: "SwitchPort was removed in Aug 2023; ports are named in Connections as <switch>/<port>" },
  ServerPort: { group: WIRING_GROUP, note: "ServerPort was removed in Aug 2023; ports are named in Connections as <server>/<port>" },
  ControlNode: {
    group: WIRING_GROUP,
    note: "wiring ControlNode was removed in Dec 2024; control nodes are now fabricator.githedgehog.com/v1beta1 ControlNode objects in fab.yaml",
  },
  NAT: { group: VPC_GROUP, note: "the vpc NAT kind was removed in Nov 2023; there is no replacement, delete the document" },
  VPCSummary: { group: VPC_GROUP, note: "VPCSummary was removed in Nov 2023; it was controller output, delete the document" },
  VPCMember: { group: VPC_GROUP, note: "VPCMember was removed in Nov 2023; attach servers to VPCs with VPCAttachment" },
};

/** Kinds seen only in unreleased fabric branches (API-NOTES §0). */
export const UPCOMING_KINDS: Readonly<Record<string, { group: string; note: string }>> = {
  Fabric: { group: WIRING_GROUP, note: "Fabric (multi-fabric) exists only in unreleased fabric branches and is not served by v1beta1 today" },
  VPCInterconnect: { group: VPC_GROUP, note: "VPCInterconnect exists only in unreleased fabric branches and is not served by v1beta1 today" },
  RemotePeering: { group: VPC_GROUP, note: "RemotePeering exists only in unreleased fabric branches and is not served by v1beta1 today" },
};

/** How a document's apiVersion/kind is treated. */
export type DocumentClass =
  | { type: "fabric"; info: KindInfo }
  | { type: "fabricator"; info: KindInfo }
  | { type: "foreign"; reason: string }
  | { type: "unknown"; message: string };

/** Levenshtein distance (small inputs only). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

function suggestKind(kind: string, group: string): string | undefined {
  const candidates = KINDS.filter((k) => k.group === group);
  const lower = kind.toLowerCase();
  const hit = candidates.find((k) => k.kind.toLowerCase() === lower || k.plural === lower || k.shortNames.includes(lower));
  return hit?.kind;
}

/**
 * Classifies a document by apiVersion and kind:
 * - `fabric`: a vpc/wiring/gateway kind HFM ingests;
 * - `fabricator`: a fab.yaml kind (recognised, not ingested);
 * - `foreign`: any other group (ConfigMaps, agent output, ...), which callers skip;
 * - `unknown`: a Hedgehog group with an unknown version or kind, with a message that explains and says how to fix.
 */
export function classifyDocument(apiVersion: unknown, kind: unknown): DocumentClass {
  if (typeof apiVersion !== "string" || apiVersion === "") {
    return { type: "unknown", message: "apiVersion is missing: set it, e.g. apiVersion: vpc.githedgehog.com/v1beta1 or wiring.githedgehog.com/v1beta1" };
  }
  if (typeof kind !== "string" || kind === "") {
    return { type: "unknown", message: `kind is missing: set the kind of this ${apiVersion} object (e.g. kind: VPC)` };
  }
  const info = findKindByGVK(apiVersion, kind);
  if (info) return info.ingested ? { type: "fabric", info } : { type: "fabricator", info };

  const { group, version } = splitApiVersion(apiVersion);
  const current = KINDS.find((k) => k.group === group)?.apiVersion;
  if (group === FABRICATOR_GROUP) {
    if (version !== "v1beta1") return { type: "foreign", reason: `fabricator apiVersion ${apiVersion} is not ${FABRICATOR_API_VERSION}` };
    return { type: "foreign", reason: `unknown fabricator kind ${kind}` };
  }
  if (!HEDGEHOG_GROUPS.includes(group)) {
    const near = [...HEDGEHOG_GROUPS, FABRICATOR_GROUP].find((g) => distance(g, group.toLowerCase()) <= 2);
    if (near) {
      const target = KINDS.find((k) => k.group === near)?.apiVersion;
      return { type: "unknown", message: `unknown API group ${group} in apiVersion ${apiVersion}: did you mean ${target}?` };
    }
    if (group.endsWith(".githedgehog.com")) {
      return { type: "foreign", reason: `${apiVersion} ${kind} is controller output or internal, not part of a wiring or VPC definition` };
    }
    return { type: "foreign", reason: `${apiVersion} ${kind} is not a Hedgehog fabric object` };
  }

  const retired = RETIRED_API_VERSIONS.find((r) => r.apiVersion === apiVersion);
  if (retired) {
    const gone = RETIRED_KINDS[kind];
    if (gone && gone.group === group) {
      return { type: "unknown", message: `${kind} (${apiVersion}) no longer exists: ${gone.note}` };
    }
    const target = findKindByGVK(retired.replacedBy, kind) ?? (suggestKind(kind, group) ? findKindByGVK(retired.replacedBy, suggestKind(kind, group)!) : undefined);
    const fix = target
      ? `change apiVersion to ${retired.replacedBy} (kind ${target.kind}); the fields are the same`
      : `kind ${kind} does not exist in ${retired.replacedBy} either; remove the document`;
    return { type: "unknown", message: `apiVersion ${apiVersion} is retired: ${retired.history}. Fix: ${fix}` };
  }
  if (version !== splitApiVersion(current ?? "").version) {
    const target = findKindByGVK(current ?? "", kind);
    return {
      type: "unknown",
      message:
        `apiVersion ${apiVersion} is not served; the only version of ${group} is ${current}` +
        (target ? `. Fix: change apiVersion to ${current}` : ""),
    };
  }
  const gone = RETIRED_KINDS[kind];
  if (gone && gone.group === group) return { type: "unknown", message: `kind ${kind} no longer exists in ${group}: ${gone.note}` };
  const upcoming = UPCOMING_KINDS[kind];
  if (upcoming && upcoming.group === group) return { type: "unknown", message: `kind ${kind} is not available: ${upcoming.note}` };
  const suggestion = suggestKind(kind, group);
  const known = KINDS.filter((k) => k.group === group).map((k) => k.kind).join(", ");
  return {
    type: "unknown",
    message: suggestion
      ? `unknown kind ${kind} in ${apiVersion}: kinds are case-sensitive, did you mean ${suggestion}?`
      : `unknown kind ${kind} in ${apiVersion}: known kinds are ${known}`,
  };
}
