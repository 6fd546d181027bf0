/**
 * Canonical form of Hedgehog objects: what HFM stores, hashes, compares and writes to Git, so that equal objects are
 * equal byte for byte and Git diffs stay minimal. Pure.
 */
import { Document, isScalar, visit } from "yaml";
import type { HhMetadata, HhObject } from "./types";

/** Metadata the API server populates; never part of the desired state. */
export const SERVER_METADATA_FIELDS: readonly string[] = [
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "managedFields",
  "selfLink",
];

export const LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";

const TOP_ORDER = ["apiVersion", "kind", "metadata", "spec"];
const META_ORDER = ["name", "namespace", "labels", "annotations"];

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Deep copy of a JSON value (plain objects, arrays, scalars); `undefined` object members are dropped. */
export function cloneJson<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x) => cloneJson(x)) as T;
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const k in v) if (v[k] !== undefined) out[k] = cloneJson(v[k]);
    return out as T;
  }
  return v;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Deep copy with every mapping's keys sorted (code-unit order), `undefined` members dropped. */
function sortedDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : sortedDeep(x)));
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort(compareKeys)) {
      if (v[k] !== undefined) out[k] = sortedDeep(v[k]);
    }
    return out;
  }
  return v;
}

function ordered(obj: Record<string, unknown>, order: readonly string[], deep: (k: string, v: unknown) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of order) if (obj[k] !== undefined) out[k] = deep(k, obj[k]);
  for (const k of Object.keys(obj).sort(compareKeys)) {
    if (!order.includes(k) && obj[k] !== undefined) out[k] = deep(k, obj[k]);
  }
  return out;
}

/**
 * Returns the canonical form of an object (never mutates the input):
 * - drops `status` and the server-populated metadata (uid, resourceVersion, generation, creationTimestamp,
 *   deletionTimestamp, deletionGracePeriodSeconds, managedFields, selfLink) and the kubectl last-applied annotation;
 *   user-meaningful metadata (ownerReferences, finalizers, generateName) is kept;
 * - removes empty labels/annotations;
 * - orders keys: apiVersion, kind, metadata {name, namespace, labels, annotations, ...}, spec, then any other key;
 *   every other mapping (spec, labels, ...) has its keys sorted; list order is kept (it is meaningful).
 */
export function canonicalize(obj: HhObject): HhObject {
  const src: Record<string, unknown> = isPlainObject(obj) ? obj : {};
  const top: Record<string, unknown> = {};
  for (const k of Object.keys(src)) if (k !== "status") top[k] = src[k];
  return ordered(top, TOP_ORDER, (k, v) => {
    if (k !== "metadata" || !isPlainObject(v)) return sortedDeep(v);
    const md: Record<string, unknown> = {};
    for (const mk of Object.keys(v)) {
      if (SERVER_METADATA_FIELDS.includes(mk)) continue;
      if (mk === "labels" || mk === "annotations") {
        const m = v[mk];
        if (!isPlainObject(m)) continue;
        const copy: Record<string, unknown> = {};
        for (const [lk, lv] of Object.entries(m)) {
          if (mk === "annotations" && lk === LAST_APPLIED_ANNOTATION) continue;
          copy[lk] = lv;
        }
        if (Object.keys(copy).length === 0) continue;
        md[mk] = copy;
        continue;
      }
      md[mk] = v[mk];
    }
    return ordered(md, META_ORDER, (_mk, mv) => sortedDeep(mv));
  }) as unknown as HhObject;
}

/**
 * Canonical YAML of an object: `canonicalize(obj)` written with two-space indentation, lists not indented under their
 * key (kubectl style), no line folding, strings quoted whenever a YAML 1.1 reader could mistake them for another type
 * (`"yes"`, `"1000"`), and a final newline. Equal objects give identical bytes.
 */
export function toCanonicalYaml(obj: HhObject): string {
  const doc = new Document(canonicalize(obj), { version: "1.1" });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === "string" && looksLikeNonString(node.value)) node.type = "QUOTE_DOUBLE";
    },
    Pair(_key, pair) {
      if (isScalar(pair.key) && typeof pair.key.value === "string" && looksLikeNonString(pair.key.value)) pair.key.type = "QUOTE_DOUBLE";
    },
  });
  return doc.toString({ indent: 2, indentSeq: false, lineWidth: 0, minContentWidth: 0, directives: false });
}

const NON_STRING_PLAIN = [
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/, // YAML 1.1 booleans
  /^(?:~|null|Null|NULL|<<)$/, // null, merge key
  /^[-+]?(?:0|[1-9][0-9_]*|0[0-7_]+|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+)$/, // integers (YAML 1.1/1.2, Go ParseInt base 0)
  /^[-+]?(?:[0-9][0-9_]*\.?[0-9_]*|\.[0-9_]+)(?:[eE][-+]?[0-9]+)?$/, // floats
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/, // YAML 1.1 base 60
  /^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$/,
];

/** True for strings that some YAML reader (1.1, 1.2 or Go's) would decode as another type when written plain. */
function looksLikeNonString(s: string): boolean {
  return NON_STRING_PLAIN.some((re) => re.test(s));
}

/** Several objects as one multi-document canonical YAML text ("---" between documents). */
export function toCanonicalYamlStream(objs: readonly HhObject[]): string {
  return objs.map((o) => toCanonicalYaml(o)).join("---\n");
}

/**
 * JSON with object keys sorted at every level (for hashing and equality): `stableStringify({b:1,a:[{d:1,c:2}]})` is
 * `{"a":[{"c":2,"d":1}],"b":1}`. `undefined` members are dropped as JSON.stringify does.
 */
export function stableStringify(value: unknown): string {
  const out = JSON.stringify(sortedDeep(value));
  return out === undefined ? "null" : out;
}

/** The metadata key of an object as HFM identifies it: kind + namespace (default "default") + name. */
export function objectKey(obj: { kind: string; metadata: Pick<HhMetadata, "name" | "namespace"> }): string {
  return `${obj.kind}/${obj.metadata.namespace || "default"}/${obj.metadata.name}`;
}
