// A small, valid generated fabric written as one multi-document file per kind (`<dir>/<plural>.yaml`), with a
// hand-written comment on top of each file (write-back must keep it).
import { toCanonicalYamlStream } from "@/lib/hedgehog/canonical";
import { generateFabric, type GenerateFabricOptions } from "@/lib/hedgehog/generator";
import { findKind } from "@/lib/hedgehog/registry";
import type { HhObject } from "@/lib/hedgehog/types";

export const HEADER = "# Maintained by the network team. Reviewed in pull requests.\n";

export function filesByKind(objects: readonly HhObject[], dir: string): Record<string, string> {
  const byKind = new Map<string, HhObject[]>();
  for (const o of objects) {
    const l = byKind.get(o.kind) ?? [];
    l.push(o);
    byKind.set(o.kind, l);
  }
  const files: Record<string, string> = {};
  for (const [kind, list] of byKind) {
    const plural = findKind(kind)?.plural ?? `${kind.toLowerCase()}s`;
    files[`${dir}/${plural}.yaml`] = HEADER + toCanonicalYamlStream(list);
  }
  return files;
}

export function smallFabric(opts: Partial<GenerateFabricOptions> = {}): HhObject[] {
  return generateFabric({ spines: 1, leaves: 2, serversPerLeaf: 2, vpcs: 4, seed: 1, ...opts });
}
