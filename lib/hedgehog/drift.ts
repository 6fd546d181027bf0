/**
 * Normalization and field-level diff of Hedgehog objects: what "the same object" means for drift. Pure.
 *
 * Both sides are canonicalized (server metadata, status and the kubectl last-applied annotation dropped), defaulted
 * the way the fabric's webhooks default them, stripped of system-owned labels and annotations, and stripped of the
 * paths the ignore rules name. Maps are compared by key; lists of objects by their natural key where Hedgehog has
 * one (`name`, `prefix`, …), other lists by position. The result is a deterministic list of JSON-pointer paths.
 */
import { canonicalize } from "./canonical";
import { ANNOTATION, applyDefaults, LABEL_PREFIX } from "./defaults";
import { escapeToken, parsePointer } from "./pointer";
import type { FabricConfig, HhObject } from "./types";

export interface DiffEntry {
  /** JSON pointer, e.g. `/spec/subnets/default/vlan`. */
  path: string;
  git: unknown;
  live: unknown;
}

/** An ignore rule: a JSON pointer in which `*` matches any one segment, for one kind or every kind (`kind` null). */
export interface IgnorePattern {
  kind?: string | null;
  path: string;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const SYSTEM_ANNOTATIONS = new Set<string>(Object.values(ANNOTATION));
const NATURAL_KEYS = ["name", "prefix", "vpc", "subnet", "port", "server", "switch"] as const;

function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Removes system-owned labels (`*fabric.githedgehog.com/*`) and annotations the fabric computes. */
function stripSystemMetadata(obj: HhObject): HhObject {
  const md = { ...obj.metadata };
  if (md.labels) {
    const labels = Object.fromEntries(Object.entries(md.labels).filter(([k]) => !k.includes(LABEL_PREFIX)));
    if (Object.keys(labels).length) md.labels = labels;
    else delete md.labels;
  }
  if (md.annotations) {
    const annotations = Object.fromEntries(Object.entries(md.annotations).filter(([k]) => !SYSTEM_ANNOTATIONS.has(k)));
    if (Object.keys(annotations).length) md.annotations = annotations;
    else delete md.annotations;
  }
  return { ...obj, metadata: md };
}

function segmentsMatch(pattern: readonly string[], path: readonly string[]): boolean {
  if (pattern.length > path.length) return false;
  // A pattern names a subtree: `/spec/x` also ignores `/spec/x/y`.
  for (let i = 0; i < pattern.length; i++) if (pattern[i] !== "*" && pattern[i] !== path[i]) return false;
  return true;
}

/** Whether an ignore pattern covers a JSON-pointer path (the pattern's subtree). */
export function ignoreCovers(pattern: string, path: string): boolean {
  return segmentsMatch(parsePointer(pattern), parsePointer(path));
}

function removeIgnored(value: unknown, patterns: readonly string[][], at: string[]): unknown {
  if (patterns.some((p) => p.length === at.length && segmentsMatch(p, at))) return undefined;
  if (Array.isArray(value)) {
    return value.map((v, i) => removeIgnored(v, patterns, [...at, String(i)])).filter((v) => v !== undefined);
  }
  if (isObj(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = removeIgnored(v, patterns, [...at, k]);
      if (r !== undefined) out[k] = r;
    }
    return out;
  }
  return value;
}

/** The comparable form of an object: canonical, defaulted, without system metadata and ignored fields. */
export function normalizeForCompare(obj: HhObject, opts: { config?: Partial<FabricConfig>; ignore?: readonly IgnorePattern[] } = {}): HhObject {
  let out = stripSystemMetadata(canonicalize(applyDefaults(canonicalize(obj), opts.config)));
  const patterns = (opts.ignore ?? []).filter((p) => !p.kind || p.kind === obj.kind).map((p) => parsePointer(p.path));
  if (patterns.length) out = removeIgnored(out, patterns, []) as HhObject;
  return out;
}

function naturalKey(items: readonly unknown[]): string | undefined {
  if (items.length === 0 || !items.every(isObj)) return undefined;
  for (const key of NATURAL_KEYS) {
    const values = items.map((i) => (i as Record<string, unknown>)[key]);
    if (values.every((v) => typeof v === "string") && new Set(values).size === values.length) return key;
  }
  return undefined;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObj(a)) {
    if (!isObj(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

function walk(a: unknown, b: unknown, path: string, out: DiffEntry[]): void {
  if (deepEqual(a, b)) return;
  if (isObj(a) && isObj(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) walk(a[k], b[k], `${path}/${escapeToken(k)}`, out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const key = naturalKey(a) && naturalKey(a) === naturalKey(b) ? naturalKey(a) : undefined;
    if (key) {
      const byKey = (items: unknown[]) => new Map(items.map((i) => [String((i as Record<string, unknown>)[key]), i]));
      const ma = byKey(a);
      const mb = byKey(b);
      const keys = [...new Set([...ma.keys(), ...mb.keys()])].sort();
      for (const k of keys) walk(ma.get(k), mb.get(k), `${path}/${escapeToken(k)}`, out);
      return;
    }
    if (a.length === b.length && a.every((x) => !isObj(x) && !Array.isArray(x))) {
      // Scalar lists differ as a whole: one entry, not one per shifted position.
      out.push({ path: path || "/", git: a as Json, live: b as Json });
      return;
    }
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) walk(a[i], b[i], `${path}/${i}`, out);
    return;
  }
  out.push({ path: path || "/", git: a === undefined ? null : (a as Json), live: b === undefined ? null : (b as Json) });
}

/** Field-level differences between the git and live versions of one object, after normalization. */
export function diffObjects(
  git: HhObject,
  live: HhObject,
  opts: { config?: Partial<FabricConfig>; ignore?: readonly IgnorePattern[] } = {},
): DiffEntry[] {
  const out: DiffEntry[] = [];
  walk(normalizeForCompare(git, opts), normalizeForCompare(live, opts), "", out);
  return out;
}
