/**
 * Regenerates lib/hedgehog/crd-schemas.json from the real Hedgehog CRDs in ../shared/hedgehog/crds.
 *
 *   ./node_modules/.bin/tsx scripts/extract-crd-schemas.ts [CRD_DIR]
 *
 * The data file holds each CRD's `spec` (names, scope, versions with their openAPIV3Schema), keyed by the CRD name,
 * exactly as the YAML says; the app reads this file, never ../shared, at runtime. tests/unit/hedgehog/schema.test.ts
 * fails when the committed file drifts from the CRDs.
 */
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";

const root = path.resolve(import.meta.dirname, "..");
const crdDir = path.resolve(process.argv[2] ?? path.join(root, "../shared/hedgehog/crds"));
const out = path.join(root, "lib/hedgehog/crd-schemas.json");

interface CrdDocument {
  kind?: string;
  metadata?: { name?: string };
  spec?: Record<string, unknown>;
}

const crds: Record<string, Record<string, unknown>> = {};
for (const file of fs.readdirSync(crdDir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
  const doc = parse(fs.readFileSync(path.join(crdDir, file), "utf8")) as CrdDocument;
  if (doc?.kind !== "CustomResourceDefinition" || !doc.metadata?.name || !doc.spec) {
    throw new Error(`${file}: not a CustomResourceDefinition`);
  }
  crds[doc.metadata.name] = doc.spec;
}

const data = { source: "shared/hedgehog/crds (see shared/hedgehog/SOURCES.md)", crds };
fs.writeFileSync(out, JSON.stringify(data, null, 1) + "\n");
console.log(`wrote ${path.relative(root, out)}: ${Object.keys(crds).length} CRDs from ${crdDir}`);
