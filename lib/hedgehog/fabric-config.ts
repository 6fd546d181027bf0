/**
 * Fabric-level configuration (API-NOTES §5): the defaults hhfab uses (`fabricator/pkg/fab/defaults.go`), merging
 * user overrides, and reading them from a fab.yaml Fabricator (`spec.config.{control,fabric,gateway}`). Pure.
 */
import { z } from "zod";
import { formatIPv4, parseCidr } from "./ip";
import type { FabricConfig, HhObject } from "./types";

const DEFAULTS = {
  managementSubnet: "172.30.0.0/21",
  controlVIP: "172.30.0.1/32",
  managementDHCPStart: "172.30.4.0",
  managementDHCPEnd: "172.30.7.254",
  spineASN: 65100,
  leafASNStart: 65101,
  leafASNEnd: 65533,
  gatewayASN: 65534,
  protocolSubnet: "172.30.8.0/22",
  vtepSubnet: "172.30.12.0/22",
  fabricSubnet: "172.30.128.0/17",
  proxyExternalSubnet: "172.30.16.0/22",
  vpcWorkaroundSubnet: "172.30.96.0/19",
  mclagSessionSubnet: "172.30.95.0/31",
  vpcIRBVLANs: [{ from: 3000, to: 3899 }],
  th5WorkaroundVLANs: [{ from: 3900, to: 3999 }],
  vpcWorkaroundVLANs: [{ from: 100, to: 3999 }],
  fabricMTU: 9100,
  serverFacingMTUOffset: 64,
  includeCumulus: false,
  includeCLSP: false,
  vpcPeeringDisabled: false,
} as const;

type SubnetFields = Pick<
  FabricConfig,
  "managementSubnet" | "fabricSubnet" | "protocolSubnet" | "vtepSubnet" | "vpcWorkaroundSubnet" | "mclagSessionSubnet" | "proxyExternalSubnet"
>;

/** The subnets VPCs, namespaces and externals may never overlap: management, fabric, protocol, VTEP, workarounds. */
export function reservedSubnetsOf(cfg: SubnetFields): string[] {
  const list = [
    cfg.managementSubnet,
    cfg.fabricSubnet,
    cfg.protocolSubnet,
    cfg.vtepSubnet,
    cfg.vpcWorkaroundSubnet,
    cfg.mclagSessionSubnet,
    cfg.proxyExternalSubnet,
  ];
  return list.filter((s): s is string => typeof s === "string" && s !== "");
}

/** The hhfab defaults (management 172.30.0.0/21, spine ASN 65100, leaf ASNs 65101–65533, IRB VLANs 3000–3899 …). */
export const DEFAULT_FABRIC_CONFIG: FabricConfig = Object.freeze({
  ...DEFAULTS,
  vpcIRBVLANs: [...DEFAULTS.vpcIRBVLANs],
  th5WorkaroundVLANs: [...DEFAULTS.th5WorkaroundVLANs],
  vpcWorkaroundVLANs: [...DEFAULTS.vpcWorkaroundVLANs],
  reservedSubnets: reservedSubnetsOf(DEFAULTS),
}) as FabricConfig;

function defined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/**
 * Merges overrides onto the defaults. `reservedSubnets` is recomputed from the subnet fields unless given
 * explicitly. When the management subnet changes and no DHCP start inside it is given, the DHCP range becomes the
 * second half of the new subnet (as in the defaults: 172.30.4.0 is the middle of 172.30.0.0/21).
 */
export function resolveFabricConfig(overrides: Partial<FabricConfig> = {}): FabricConfig {
  const o = defined(overrides);
  const cfg: FabricConfig = { ...DEFAULT_FABRIC_CONFIG, ...o } as FabricConfig;
  if (!o.reservedSubnets) cfg.reservedSubnets = reservedSubnetsOf(cfg);
  const mgmt = parseCidr(cfg.managementSubnet);
  if (mgmt && o.managementSubnet !== undefined) {
    const start = cfg.managementDHCPStart;
    const inside = (ip: string | undefined): boolean => {
      const c = ip ? parseCidr(`${ip}/32`) : undefined;
      return !!c && c.network >= mgmt.network && c.network <= mgmt.broadcast;
    };
    if (!o.managementDHCPStart || !inside(start)) cfg.managementDHCPStart = formatIPv4(mgmt.network + Math.floor(mgmt.size / 2));
    if (!o.managementDHCPEnd || !inside(cfg.managementDHCPEnd)) cfg.managementDHCPEnd = formatIPv4(Math.max(mgmt.network, mgmt.broadcast - 1));
  }
  return cfg;
}

const vlanRanges = z.array(z.object({ from: z.number().int(), to: z.number().int().optional() })).optional();
const str = z.string().optional();
const num = z.number().int().nonnegative().optional();

const fabricatorConfigSchema = z
  .object({
    control: z.object({ managementSubnet: str, controlVIP: str }).passthrough().optional(),
    fabric: z
      .object({
        includeCumulus: z.boolean().optional(),
        includeCLSP: z.boolean().optional(),
        managementDHCPStart: str,
        managementDHCPEnd: str,
        spineASN: num,
        leafASNStart: num,
        leafASNEnd: num,
        protocolSubnet: str,
        vtepSubnet: str,
        fabricSubnet: str,
        proxyExternalSubnet: str,
        vpcWorkaroundSubnet: str,
        mclagSessionSubnet: str,
        vpcIRBVLANs: vlanRanges,
        th5WorkaroundVLANs: vlanRanges,
        vpcWorkaroundVLANs: vlanRanges,
      })
      .passthrough()
      .optional(),
    gateway: z.object({ asn: num }).passthrough().optional(),
  })
  .passthrough();

function ranges(r: Array<{ from: number; to?: number }> | undefined): Array<{ from: number; to: number }> | undefined {
  return r?.map((x) => ({ from: x.from, to: x.to ?? x.from }));
}

/** Normalises a control VIP written as a bare address (`172.30.0.1`) to a /32. */
function asHostPrefix(ip: string | undefined): string | undefined {
  if (!ip) return undefined;
  return ip.includes("/") ? ip : `${ip}/32`;
}

/**
 * Reads the fabric configuration from a fab.yaml object set (the Fabricator `default` in namespace `fab`, or the
 * first Fabricator). Only fields that are set are returned; pass the result to `resolveFabricConfig`.
 */
export function fabricConfigFromFabricator(objects: readonly HhObject[]): Partial<FabricConfig> {
  const fabs = objects.filter((o) => o.kind === "Fabricator" && typeof o.apiVersion === "string" && o.apiVersion.startsWith("fabricator.githedgehog.com/"));
  const fab = fabs.find((f) => f.metadata?.name === "default") ?? fabs[0];
  if (!fab) return {};
  const spec = (fab.spec ?? {}) as Record<string, unknown>;
  const parsed = fabricatorConfigSchema.safeParse(spec.config ?? {});
  if (!parsed.success) return {};
  const { control, fabric, gateway } = parsed.data;
  return defined({
    managementSubnet: control?.managementSubnet,
    controlVIP: asHostPrefix(control?.controlVIP),
    includeCumulus: fabric?.includeCumulus,
    includeCLSP: fabric?.includeCLSP,
    managementDHCPStart: fabric?.managementDHCPStart,
    managementDHCPEnd: fabric?.managementDHCPEnd,
    spineASN: fabric?.spineASN,
    leafASNStart: fabric?.leafASNStart,
    leafASNEnd: fabric?.leafASNEnd,
    gatewayASN: gateway?.asn,
    protocolSubnet: fabric?.protocolSubnet,
    vtepSubnet: fabric?.vtepSubnet,
    fabricSubnet: fabric?.fabricSubnet,
    proxyExternalSubnet: fabric?.proxyExternalSubnet,
    vpcWorkaroundSubnet: fabric?.vpcWorkaroundSubnet,
    mclagSessionSubnet: fabric?.mclagSessionSubnet,
    vpcIRBVLANs: ranges(fabric?.vpcIRBVLANs),
    th5WorkaroundVLANs: ranges(fabric?.th5WorkaroundVLANs),
    vpcWorkaroundVLANs: ranges(fabric?.vpcWorkaroundVLANs),
  }) as Partial<FabricConfig>;
}
