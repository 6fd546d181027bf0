import { createHash } from "node:crypto";
import { canonicalize, stableStringify } from "@/lib/hedgehog/canonical";
import { normalizeForCompare } from "@/lib/hedgehog/drift";
import type { FabricConfig, HhObject } from "@/lib/hedgehog/types";

/** SHA-256 of an object's canonical form: equal objects (whatever their key order or server fields) hash equal. */
export function hashObject(obj: HhObject): string {
  return hashCanonical(canonicalize(obj));
}

/** `hashObject` of an object already in canonical form (canonicalize() orders every key, so plain JSON is stable). */
export function hashCanonical(canonical: HhObject): string {
  return createHash("sha256").update(JSON.stringify(canonical)).digest("hex");
}

/**
 * SHA-256 of an object's comparable form (`normalizeForCompare`: defaulted, without system labels, server fields or
 * status). Git and live versions with equal normalized hashes mean the same thing: no drift, no diff to compute.
 */
export function normalizedHash(obj: HhObject, config?: Partial<FabricConfig>): string {
  return createHash("sha256").update(stableStringify(normalizeForCompare(obj, { config }))).digest("hex");
}
