/**
 * Semantic validation of Hedgehog objects (API-NOTES §2–§5, §8): per-object and cross-object rules. Input objects
 * are already structurally valid and defaulted (see report.ts). Cross-object checks use indexes (maps by name,
 * sorted intervals, port-usage maps), so the cost is O(n log n) in the number of objects.
 */
import { resolveFabricConfig } from "../fabric-config";
import type { FabricConfig, Finding, SourcedObject } from "../types";
import { Ctx } from "./context";
import { parseConfig } from "./common";
import { validateMetadata } from "./meta";
import { validateIPv4Namespaces, validateVPCAttachments, validateVPCPeerings, validateVPCs } from "./vpc";
import { validateConnections, validateSwitches, validateVLANNamespaces } from "./wiring";
import { validateExternalAttachments, validateExternalPeerings, validateExternals } from "./external";
import { validateFabricator } from "./fabricator";

export { RULES, RULES_BY_ID, type RuleInfo } from "./rules";

/** Validates a set of objects against each other and the fabric config; returns every finding (errors and warnings). */
export function validateObjects(objects: readonly SourcedObject[], config?: Partial<FabricConfig>): Finding[] {
  const cfg = resolveFabricConfig(config);
  const ctx = new Ctx(objects, cfg);
  const pc = parseConfig(cfg);
  validateMetadata(ctx);
  validateVLANNamespaces(ctx, pc);
  validateSwitches(ctx);
  validateConnections(ctx, pc);
  validateIPv4Namespaces(ctx, pc);
  validateVPCs(ctx, pc);
  validateVPCAttachments(ctx);
  validateVPCPeerings(ctx);
  validateExternals(ctx);
  validateExternalAttachments(ctx);
  validateExternalPeerings(ctx);
  validateFabricator(ctx);
  return ctx.out;
}
