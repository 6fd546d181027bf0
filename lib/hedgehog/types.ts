/**
 * Shared types of the Hedgehog API library. Pure: no I/O anywhere under lib/.
 */

/** A Kubernetes object of any Hedgehog kind, as decoded from YAML or JSON. */
export interface HhObject {
  apiVersion: string;
  kind: string;
  metadata: HhMetadata;
  spec?: Record<string, unknown>;
  status?: unknown;
  [extra: string]: unknown;
}

export interface HhMetadata {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [extra: string]: unknown;
}

export type Severity = "error" | "warning";

/**
 * One validation finding. `path` is a JSON pointer into the object (e.g. `/spec/subnets/default/vlan`);
 * `rule` is a stable id (e.g. `vpc.subnet.overlap`); `message` says what is wrong and how to fix it.
 */
export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  kind: string;
  name: string;
  path: string;
  /** 0-based index of the YAML document within its file, when known. */
  document?: number;
  /** Source file (relative path), when known. */
  file?: string;
  /** 1-based line of the document (or of the offending node) in its file, when known. */
  line?: number;
}

/** An object together with where it came from, as the validators receive it. */
export interface SourcedObject {
  object: HhObject;
  file?: string;
  document?: number;
  line?: number;
}

/**
 * Fabric-level configuration (`meta.FabricConfig`, from fab.yaml `Fabricator.spec.config`), with the subset of
 * fields the validation and defaulting rules read. Defaults live in `fabric-config.ts` (DEFAULT_FABRIC_CONFIG).
 */
export interface FabricConfig {
  managementSubnet: string; // 172.30.0.0/21
  controlVIP: string; // 172.30.0.1/32
  spineASN: number; // 65100
  leafASNStart: number; // 65101
  leafASNEnd: number; // 65533
  gatewayASN: number; // 65534
  protocolSubnet: string; // 172.30.8.0/22
  vtepSubnet: string; // 172.30.12.0/22
  fabricSubnet: string; // 172.30.128.0/17
  proxyExternalSubnet?: string; // 172.30.16.0/22
  vpcWorkaroundSubnet?: string; // 172.30.96.0/19
  mclagSessionSubnet?: string; // 172.30.95.0/31
  /** Subnets VPCs may never use (management, protocol, vtep, fabric, ...). */
  reservedSubnets: string[];
  vpcIRBVLANs: Array<{ from: number; to: number }>; // 3000-3899
  th5WorkaroundVLANs: Array<{ from: number; to: number }>; // 3900-3999
  vpcWorkaroundVLANs: Array<{ from: number; to: number }>; // 100-3999
  fabricMTU: number; // 9100
  serverFacingMTUOffset: number; // 64
  /** Switch profiles that are registered in this fabric (e.g. `cumulus-vx` only with includeCumulus). */
  includeCumulus: boolean;
  /** First address of the switch DHCP range in the management subnet; hydrated switch IPs must lie below it. */
  managementDHCPStart?: string; // 172.30.4.0
  managementDHCPEnd?: string; // 172.30.7.254
  /** Celestica SONiC+ profiles (`*-clsp`) are registered (not in the published catalog data). */
  includeCLSP?: boolean;
  /** VPCPeerings are refused when set. */
  vpcPeeringDisabled?: boolean;
  [extra: string]: unknown;
}
