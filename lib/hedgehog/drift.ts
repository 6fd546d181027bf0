/**
 * Normalization and field-level diff of Hedgehog objects: what "the same object" means for drift. Pure.
 *
 * Both sides are stripped of what the API server owns (status, uid, resourceVersion, generation, creationTimestamp,
 * managedFields, the kubectl last-applied annotation), defaulted the way the fabric's webhooks default them, stripped
 * of system-owned labels and annotations, of `null` members and empty maps/lists (Go's `omitempty` makes them the
 * same as absent, and the API server prunes nulls), and of the paths the ignore rules name.
 *
 * Maps are compared by key; lists of objects by their natural key where Hedgehog has one (`name`, `prefix`, a link's
 * switch port, …), other lists of objects by position; lists of scalars as one value. The result is a deterministic
 * list of JSON pointers, sorted the way the walk visits them (map keys in code-unit order, list items by natural key
 * or position). A keyed list item is addressed by its key: `/spec/staticRoutes/10.0.0.0~124/nextHops`.
 */
import { LAST_APPLIED_ANNOTATION, SERVER_METADATA_FIELDS } from "./canonical";
import { ANNOTATION, applyDefaults, LABEL_PREFIX } from "./defaults";
import { escapeToken, parsePointer } from "./pointer";
import type { FabricConfig, HhObject } from "./types";

export interface DiffEntry {
  /** JSON pointer, e.g. `/spec/subnets/default/vlan`; keyed list items by their natural key. */
  path: string;
  /** The normalized Git value at `path` (null when absent). */
  git: unknown;
  /** The normalized live value at `path` (null when absent). */
  live: unknown;
  /** The normalized desired (HFM) value at `path`, when a desired version was given and differs from Git. */
  desired?: unknown;
}

/** An ignore rule: a JSON pointer in which `*` matches any one segment, for one kind or every kind (`kind` null). */
export interface IgnorePattern {
  kind?: string | null;
  path: string;
}

export interface NormalizeOptions {
  config?: Partial<FabricConfig>;
  ignore?: readonly IgnorePattern[];
}

type Obj = Record<string, unknown>;

const SYSTEM_ANNOTATIONS = new Set<string>([...Object.values(ANNOTATION), LAST_APPLIED_ANNOTATION]);
const SERVER_FIELDS = new Set(SERVER_METADATA_FIELDS);

/** Scalar members that identify an item of a list of objects, tried in order (must be present and unique). */
const NATURAL_KEYS = ["name", "prefix", "destination", "cidr", "seq", "from", "ip"] as const;
/** Link ends (Connection links, MCLAG peer/session links): the item is identified by the port of its first end. */
const LINK_ENDS = ["switch", "switch1", "leaf", "leaf1", "spine", "gateway", "server"] as const;

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function isScalar(v: unknown): boolean {
  return v === null || (typeof v !== "object" && typeof v !== "function");
}

/** Drops status and API-server metadata; shallow where possible (the defaulting step copies deeply). */
function stripServerFields(obj: HhObject): HhObject {
  const src = obj as unknown as Obj;
  const out: Obj = {};
  for (const k of Object.keys(src)) if (k !== "status") out[k] = src[k];
  if (isObj(src.metadata)) {
    const md: Obj = {};
    for (const [k, v] of Object.entries(src.metadata)) if (!SERVER_FIELDS.has(k)) md[k] = v;
    out.metadata = md;
  }
  return out as unknown as HhObject;
}

// ───────────── natural keys ─────────────

type KeyFn = (item: Obj) => string;

const keyFnCache = new Map<string, KeyFn>();

function keyFnFor(spec: string): KeyFn {
  let fn = keyFnCache.get(spec);
  if (!fn) {
    const [a, b] = spec.split(".") as [string, string | undefined];
    fn = b === undefined ? (item) => String(item[a]) : (item) => String((item[a] as Obj)[b]);
    keyFnCache.set(spec, fn);
  }
  return fn;
}

function uniqueBy(items: readonly unknown[], get: (item: Obj) => unknown): boolean {
  const seen = new Set<string>();
  for (const item of items) {
    if (!isObj(item)) return false;
    const v = get(item);
    if (typeof v !== "string" && typeof v !== "number") return false;
    const s = String(v);
    if (s === "" || seen.has(s)) return false;
    seen.add(s);
  }
  return true;
}

/**
 * The natural key of a list of objects (`"name"`, `"prefix"`, `"switch.port"`, …), or undefined when the list has
 * none (then it is compared by position). Every item must have the key, with a unique non-empty scalar value.
 */
export function naturalKey(items: readonly unknown[]): string | undefined {
  if (items.length === 0 || !isObj(items[0])) return undefined;
  const first = items[0];
  for (const key of NATURAL_KEYS) {
    if (first[key] !== undefined && uniqueBy(items, (i) => i[key])) return key;
  }
  for (const end of LINK_ENDS) {
    const e = first[end];
    if (isObj(e) && typeof e.port === "string" && uniqueBy(items, (i) => (isObj(i[end]) ? (i[end] as Obj).port : undefined))) return `${end}.port`;
  }
  return undefined;
}

/** The key both sides of a list pair agree on, if any. */
function sharedKey(a: readonly unknown[], b: readonly unknown[]): string | undefined {
  const ka = a.length ? naturalKey(a) : undefined;
  const kb = b.length ? naturalKey(b) : undefined;
  if (a.length && b.length) return ka === kb ? ka : undefined;
  return ka ?? kb;
}

// ───────────── ignore patterns ─────────────

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

/** Whether an ignore rule applies to objects of `kind` (case-insensitive; null/empty = every kind). */
export function ignoreAppliesTo(rule: IgnorePattern, kind: string): boolean {
  return !rule.kind || rule.kind.toLowerCase() === kind.toLowerCase();
}

/** Validates an ignore-rule path: a JSON pointer with at least one segment. Returns an error message or null. */
export function checkIgnorePath(path: string): string | null {
  if (!path.startsWith("/")) return 'The path must be a JSON pointer starting with "/" (e.g. /spec/subnets/*/dhcp)';
  if (path === "/") return "The path must name a field, not the whole object";
  if (/~[^01]|~$/.test(path)) return 'In a JSON pointer "~" must be written "~0" and "/" inside a name "~1"';
  return null;
}

/**
 * Whether `segs` (one segment per level; a keyed list item has two names: its key and its index) is the exact
 * level of some pattern — then the whole subtree is dropped.
 */
function droppedAt(patterns: readonly string[][], at: ReadonlyArray<readonly string[]>): boolean {
  const n = at.length;
  outer: for (const p of patterns) {
    if (p.length !== n) continue;
    for (let i = 0; i < n; i++) if (p[i] !== "*" && !at[i]!.includes(p[i]!)) continue outer;
    return true;
  }
  return false;
}

/** Whether some pattern could still match below `at` (so the walk must go on). */
function mayMatchBelow(patterns: readonly string[][], at: ReadonlyArray<readonly string[]>): boolean {
  const n = at.length;
  outer: for (const p of patterns) {
    if (p.length <= n) continue;
    for (let i = 0; i < n; i++) if (p[i] !== "*" && !at[i]!.includes(p[i]!)) continue outer;
    return true;
  }
  return false;
}

// ───────────── normalization ─────────────

/**
 * One pass: drops null members, empty maps and lists, and ignored paths, building fresh containers (deleting members
 * in place would push V8 objects into slow dictionary mode). Returns undefined when nothing is left of `value`.
 */
function compact(value: unknown, patterns: readonly string[][], at: Array<readonly string[]> | null): unknown {
  if (Array.isArray(value)) {
    const key = at && value.length ? naturalKey(value) : undefined;
    const keyFn = key ? keyFnFor(key) : undefined;
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      let sub: Array<readonly string[]> | null = null;
      if (at) {
        const names = keyFn ? [keyFn(item as Obj), String(i)] : [String(i)];
        sub = [...at, names];
        if (droppedAt(patterns, sub)) continue;
        if (!mayMatchBelow(patterns, sub)) sub = null;
      }
      const r = item !== null && typeof item === "object" ? compact(item, patterns, sub) : item;
      if (r !== undefined && r !== null) out.push(r);
    }
    return out.length ? out : undefined;
  }
  const obj = value as Obj;
  const out: Obj = {};
  let any = false;
  for (const k in obj) {
    const v = obj[k];
    let sub: Array<readonly string[]> | null = null;
    if (at) {
      sub = [...at, [k]];
      if (droppedAt(patterns, sub)) continue;
      if (!mayMatchBelow(patterns, sub)) sub = null;
    }
    const r = v !== null && typeof v === "object" ? compact(v, patterns, sub) : v;
    if (r !== undefined && r !== null) {
      out[k] = r;
      any = true;
    }
  }
  return any ? out : undefined;
}

function stripSystemMetadata(md: Obj): void {
  if (isObj(md.labels)) {
    for (const k of Object.keys(md.labels)) if (k.includes(LABEL_PREFIX)) delete md.labels[k];
  }
  if (isObj(md.annotations)) {
    for (const k of Object.keys(md.annotations)) if (SYSTEM_ANNOTATIONS.has(k)) delete md.annotations[k];
  }
}

/** Compiled ignore patterns of one kind (rules for other kinds dropped). */
export function ignorePatternsFor(kind: string, ignore: readonly IgnorePattern[] | undefined): string[][] {
  if (!ignore?.length) return [];
  return ignore.filter((p) => ignoreAppliesTo(p, kind)).map((p) => parsePointer(p.path));
}

/** The comparable form of an object: defaulted, without server fields, system metadata, empty members and ignored fields. */
export function normalizeForCompare(obj: HhObject, opts: NormalizeOptions = {}): HhObject {
  const defaulted = applyDefaults(stripServerFields(obj), opts.config) as unknown as Obj;
  if (isObj(defaulted.metadata)) stripSystemMetadata(defaulted.metadata);
  const patterns = ignorePatternsFor(String(defaulted.kind ?? ""), opts.ignore);
  return (compact(defaulted, patterns, patterns.length ? [] : null) ?? {}) as HhObject;
}

// ───────────── comparison ─────────────

/** Structural equality of two JSON values (maps by key, lists by position). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as Obj;
  const bo = b as Obj;
  let n = 0;
  for (const k in ao) {
    if (!(k in bo) || !deepEqual(ao[k], bo[k])) return false;
    n++;
  }
  // Same number of keys on both sides (every key of `a` is in `b`).
  for (const _k in bo) if (--n < 0) return false;
  return n === 0;
}

function orNull(v: unknown): unknown {
  return v === undefined ? null : v;
}

function walk(a: unknown, b: unknown, path: string, out: DiffEntry[]): void {
  if (deepEqual(a, b)) return;
  if (isObj(a) && isObj(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) walk(a[k], b[k], `${path}/${escapeToken(k)}`, out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && !(a.every(isScalar) && b.every(isScalar))) {
    const key = sharedKey(a, b);
    if (key) {
      const fn = keyFnFor(key);
      const ma = new Map(a.map((i) => [fn(i as Obj), i]));
      const mb = new Map(b.map((i) => [fn(i as Obj), i]));
      const keys = [...new Set([...ma.keys(), ...mb.keys()])].sort();
      for (const k of keys) walk(ma.get(k), mb.get(k), `${path}/${escapeToken(k)}`, out);
      return;
    }
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) walk(a[i], b[i], `${path}/${i}`, out);
    return;
  }
  // Scalars, lists of scalars (one entry, not one per shifted position), or values of different types.
  out.push({ path: path || "/", git: orNull(a), live: orNull(b) });
}

/** The value at a diff path in a normalized object (keyed list items resolved by their natural key). */
export function valueAtDiffPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const seg of parsePointer(path === "/" ? "" : path)) {
    if (Array.isArray(cur)) {
      const key = cur.length ? naturalKey(cur) : undefined;
      if (key) {
        const fn = keyFnFor(key);
        cur = cur.find((i) => fn(i as Obj) === seg);
      } else {
        cur = /^\d+$/.test(seg) ? cur[Number(seg)] : undefined;
      }
    } else if (isObj(cur)) {
      cur = cur[seg];
    } else {
      return undefined;
    }
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** Field-level differences of two already normalized objects. */
export function diffNormalized(git: unknown, live: unknown): DiffEntry[] {
  const out: DiffEntry[] = [];
  walk(git, live, "", out);
  return out;
}

/**
 * Field-level differences between the git and live versions of one object, after normalization; empty when they
 * mean the same thing. With `desired` (HFM's version) each entry also carries the desired value when it differs from
 * Git's.
 */
export function diffObjects(git: HhObject, live: HhObject, opts: NormalizeOptions & { desired?: HhObject | null } = {}): DiffEntry[] {
  const ng = normalizeForCompare(git, opts);
  const out = diffNormalized(ng, normalizeForCompare(live, opts));
  if (opts.desired && out.length) {
    const nd = normalizeForCompare(opts.desired, opts);
    if (!deepEqual(nd, ng)) {
      for (const e of out) {
        const d = orNull(valueAtDiffPath(nd, e.path));
        if (!deepEqual(d, e.git)) e.desired = d;
      }
    }
  }
  return out;
}
