/** Test helpers: the shared reference data (../shared/hedgehog), read with fs as the tests' source of truth. */
import fs from "node:fs";
import path from "node:path";
import { parse, parseAllDocuments } from "yaml";

export const SHARED = path.resolve(import.meta.dirname, "../../../../shared/hedgehog");
export const SAMPLES_DIR = path.join(SHARED, "samples");
export const CRDS_DIR = path.join(SHARED, "crds");

export function sampleFiles(): string[] {
  return fs.readdirSync(SAMPLES_DIR).filter((f) => f.endsWith(".yaml")).sort();
}

export function readSample(name: string): string {
  return fs.readFileSync(path.join(SAMPLES_DIR, name), "utf8");
}

/** Every non-empty document of every sample, decoded by the `yaml` package (independent of lib/hedgehog/yaml.ts). */
export function sampleObjects(): Array<{ file: string; object: Record<string, unknown> }> {
  const out: Array<{ file: string; object: Record<string, unknown> }> = [];
  for (const file of sampleFiles()) {
    for (const doc of parseAllDocuments(readSample(file))) {
      const v = doc.toJS() as unknown;
      if (v && typeof v === "object") out.push({ file, object: v as Record<string, unknown> });
    }
  }
  return out;
}

export interface CrdFile {
  file: string;
  name: string;
  spec: {
    group: string;
    scope: string;
    names: { kind: string; plural: string; singular: string; shortNames?: string[]; categories?: string[] };
    versions: Array<{ name: string; served: boolean; storage: boolean }>;
  };
}

export function crdFiles(): CrdFile[] {
  return fs
    .readdirSync(CRDS_DIR)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((file) => {
      const doc = parse(fs.readFileSync(path.join(CRDS_DIR, file), "utf8")) as { metadata: { name: string }; spec: CrdFile["spec"] };
      return { file, name: doc.metadata.name, spec: doc.spec };
    });
}
