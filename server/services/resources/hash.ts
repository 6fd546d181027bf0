import { createHash } from "node:crypto";
import { canonicalize, stableStringify } from "@/lib/hedgehog/canonical";
import type { HhObject } from "@/lib/hedgehog/types";

/** SHA-256 of an object's canonical form: equal objects (whatever their key order or server fields) hash equal. */
export function hashObject(obj: HhObject): string {
  return createHash("sha256").update(stableStringify(canonicalize(obj))).digest("hex");
}
