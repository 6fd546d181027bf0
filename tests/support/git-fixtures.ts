// Repository contents built from the real Hedgehog samples (../shared/hedgehog/samples, override with the env
// HFM_HEDGEHOG_SAMPLES), for Git ingestion and write-back tests. Feed them to `GitServerHandle.createRepo({ files })`.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

const here = path.dirname(fileURLToPath(import.meta.url));

export const SAMPLES_DIR = path.resolve(process.env.HFM_HEDGEHOG_SAMPLES ?? path.join(here, "../../../shared/hedgehog/samples"));

/** Whether the Hedgehog samples are present (they live outside the repository). */
export function samplesAvailable(): boolean {
  return existsSync(SAMPLES_DIR);
}

/** Sample file names, e.g. `docs-connection-examples.wiring.yaml`. */
export function sampleNames(): string[] {
  if (!samplesAvailable()) throw new Error(`Hedgehog samples not found at ${SAMPLES_DIR} (set HFM_HEDGEHOG_SAMPLES)`);
  return readdirSync(SAMPLES_DIR)
    .filter((f) => f.endsWith(".yaml"))
    .sort();
}

/** Text of one sample file. */
export function sample(name: string): string {
  return readFileSync(path.join(SAMPLES_DIR, name), "utf8");
}

/**
 * Every sample as `{ "<prefix><file name>": content }` (flat, multi-document files as they are).
 * `only` picks a subset by file name.
 */
export function sampleFiles(opts: { prefix?: string; only?: string[] } = {}): Record<string, string> {
  const names = opts.only ?? sampleNames();
  return Object.fromEntries(names.map((n) => [`${opts.prefix ?? ""}${n}`, sample(n)]));
}

export interface ManifestObject {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** The objects (apiVersion/kind/metadata) in a YAML text, in order; documents without kind are skipped. */
export function objectsIn(text: string): ManifestObject[] {
  const out: ManifestObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length) continue;
    const js: unknown = doc.toJS();
    if (!js || typeof js !== "object") continue;
    const o = js as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
    if (typeof o.kind !== "string" || typeof o.apiVersion !== "string") continue;
    out.push({
      apiVersion: o.apiVersion,
      kind: o.kind,
      name: String(o.metadata?.name ?? ""),
      namespace: typeof o.metadata?.namespace === "string" ? o.metadata.namespace : undefined,
    });
  }
  return out;
}

/**
 * One object per file: `{ "<dir>/<kind lower>/<name>.yaml": single-document YAML }`, the layout many GitOps repos use.
 * Comments between documents are dropped; each object is re-serialised by the `yaml` package.
 */
export function onePerFile(text: string, dir = ""): Record<string, string> {
  const files: Record<string, string> = {};
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length) continue;
    const js: unknown = doc.toJS();
    if (!js || typeof js !== "object") continue;
    const o = js as { kind?: unknown; metadata?: { name?: unknown } };
    if (typeof o.kind !== "string") continue;
    const p = path.posix.join(dir, o.kind.toLowerCase(), `${String(o.metadata?.name ?? "unnamed")}.yaml`);
    files[p] = doc.toString();
  }
  return files;
}

export const CONFIGMAP_YAML = `apiVersion: v1
kind: ConfigMap
metadata:
  name: not-hedgehog
  namespace: default
data:
  key: value
`;

/** YAML that does not parse (unclosed flow sequence, bad indentation). */
export const BROKEN_YAML = `apiVersion: vpc.githedgehog.com/v1beta1
kind: VPC
metadata:
  name: broken-vpc
spec:
  subnets: [subnet-1,
    subnet-2
   bad: indentation: here
`;

export interface MixedLayout {
  files: Record<string, string>;
  /** Files holding at least one Hedgehog object (and nothing broken). */
  hedgehogFiles: string[];
  /** Files that do not parse as YAML. */
  brokenFiles: string[];
  /** Non-Hedgehog Kubernetes objects (kind/name) present in the repository. */
  foreignObjects: Array<{ path: string; kind: string; name: string }>;
  /** Files that are not YAML at all. */
  otherFiles: string[];
}

/**
 * A repository that mixes layouts: flat multi-document files, nested per-environment directories, one object per
 * file, a `.yml` extension, a file that mixes a Hedgehog VPC with a ConfigMap, a plain ConfigMap, a file with broken
 * YAML, a comment-only YAML file, a GitHub workflow (YAML without kind) and a README.
 */
export function mixedLayout(): MixedLayout {
  const wiring = sample("docs-connection-examples.wiring.yaml");
  const vpcs = sample("demo-gitops-env1-demo.vpcs.yaml");
  const preDemo = sample("demo-gitops-env1-pre-demo.vpcs.yaml");
  const relay = sample("docs-vpcs-dhcp-relay.vpcs.yaml");
  const external = sample("docs-external-examples.vpcs.yaml");
  const perObject = onePerFile(relay, "envs/prod/objects");
  const firstVpc = parseAllDocuments(preDemo)
    .map((d) => d.toString())
    .find((t) => /\bkind: VPC\b/.test(t));
  if (!firstVpc) throw new Error("pre-demo sample has no VPC");

  const files: Record<string, string> = {
    "README.md": "# Fabric config\n\nManaged by HFM tests.\n",
    "fabric/wiring.yaml": wiring,
    "envs/dev/vpcs.yaml": vpcs,
    "envs/dev/external.yml": external,
    "envs/staging/nested/deeper/pre-demo.yaml": preDemo,
    ...perObject,
    "envs/dev/mixed.yaml": `${firstVpc.trimEnd()}\n---\n${CONFIGMAP_YAML}`,
    "envs/dev/configmap.yaml": CONFIGMAP_YAML,
    "envs/dev/broken.yaml": BROKEN_YAML,
    "envs/dev/comments-only.yaml": "# nothing here yet\n",
    ".github/workflows/ci.yml": "name: ci\non: [push]\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ok\n",
  };
  return {
    files,
    hedgehogFiles: [
      "fabric/wiring.yaml",
      "envs/dev/vpcs.yaml",
      "envs/dev/external.yml",
      "envs/staging/nested/deeper/pre-demo.yaml",
      ...Object.keys(perObject),
      "envs/dev/mixed.yaml",
    ].sort(),
    brokenFiles: ["envs/dev/broken.yaml"],
    foreignObjects: [
      { path: "envs/dev/mixed.yaml", kind: "ConfigMap", name: "not-hedgehog" },
      { path: "envs/dev/configmap.yaml", kind: "ConfigMap", name: "not-hedgehog" },
    ],
    otherFiles: ["README.md"],
  };
}
