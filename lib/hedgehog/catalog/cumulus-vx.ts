/**
 * The `cumulus-vx` profile, which the published catalog omits. Facts from shared/hedgehog/switch-catalog-cumulus-vx.md
 * (githedgehog/fabric pkg/ctrl/switchprofile/p_cmls_vx.go @ 78827deb, restated). Registered only with includeCumulus.
 */
import type { CompactProfile } from "./types";

export const CUMULUS_VX: CompactProfile = {
  name: "cumulus-vx",
  displayName: "Cumulus VX",
  otherNames: [],
  roles: ["spine", "leaf"],
  switchSilicon: "VS",
  portsSummary: "32xQSFP28-100G, 1xSFP28-10G",
  notes: "Virtual switch for Cumulus-based labs; preliminary.",
  nosType: "cumulus-vx",
  platform: "x86_64-kvm_x86_64-r0",
  // subinterfaces, acls, l2vni, l3vni, roce, mclag, eslag, ecmpRoCEQPN, portLocator
  features: "101111100",
  ports: ["M1", ["E1/1-32", "d", "100G", "10G,25G,50G,100G"], ["E1/33", "d", "10G", "1G,10G"]],
  requires: "includeCumulus",
};
