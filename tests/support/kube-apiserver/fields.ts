/**
 * Field management (server-side apply) the way structured-merge-diff does it for custom resources:
 * objects are granular maps, lists and scalars are atomic; each manager owns a set of field paths, serialised as
 * `fieldsV1` (`{"f:spec":{"f:x":{}}}`; an Update that adds a map also owns the map itself: `{"f:labels":{".":{},"f:a":{}}}`). Apply conflicts when another manager owns a field whose value the
 * apply changes; `force` takes ownership. Updates (create/PUT/merge patch) never conflict and take over the fields
 * they change.
 */
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

export interface ManagedFieldsEntry {
  manager: string;
  operation: "Apply" | "Update";
  apiVersion: string;
  time: string;
  fieldsType: "FieldsV1";
  fieldsV1: Obj;
  subresource?: string;
}

/** Which part of the object a request manages: the main resource (status excluded when it is a subresource), or `status`. */
export type FieldScope = "main" | "main+status" | "status";

const SEP = "\u0000";
const key = (p: readonly string[]): string => p.join(SEP);
const unkey = (k: string): string[] => k.split(SEP);

const META_MANAGED = ["labels", "annotations", "finalizers", "ownerReferences"];

/**
 * Every field path present in an object: maps contribute their own path and their children's, or with `leavesOnly`
 * (what an Apply owns) only the leaves (scalars, lists, empty maps).
 */
export function fieldSetOf(obj: Obj, scope: FieldScope, leavesOnly = false): Set<string> {
  const out = new Set<string>();
  const walk = (v: unknown, path: string[]): void => {
    if (!leavesOnly || isLeaf(v)) out.add(key(path));
    if (isObj(v)) for (const [k, c] of Object.entries(v)) walk(c, [...path, k]);
  };
  for (const [k, v] of Object.entries(obj)) {
    if (k === "apiVersion" || k === "kind") continue;
    if (k === "status" ? scope === "main" : scope === "status") continue;
    if (k === "metadata") {
      if (!isObj(v)) continue;
      for (const mk of META_MANAGED) if (v[mk] !== undefined) walk(v[mk], ["metadata", mk]);
      continue;
    }
    walk(v, [k]);
  }
  return out;
}

export function valueAt(obj: unknown, path: readonly string[]): unknown {
  let cur: unknown = obj;
  for (const p of path) {
    if (!isObj(cur)) return undefined;
    cur = cur[p];
  }
  return cur;
}

function deleteAt(obj: Obj, path: readonly string[]): void {
  let cur: unknown = obj;
  for (const p of path.slice(0, -1)) {
    if (!isObj(cur)) return;
    cur = cur[p];
  }
  if (isObj(cur)) delete cur[path[path.length - 1]];
}

function isLeaf(v: unknown): boolean {
  return !isObj(v) || Object.keys(v).length === 0;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export function toFieldsV1(set: Set<string>): Obj {
  const root: Obj = {};
  for (const k of [...set].sort()) {
    const path = unkey(k);
    let node = root;
    for (const p of path) {
      const f = `f:${p}`;
      if (!isObj(node[f])) node[f] = {};
      node = node[f] as Obj;
    }
  }
  // "." marks a map that is itself a member of the set and also has owned children.
  const mark = (node: Obj, path: string[]): void => {
    for (const [f, c] of Object.entries(node)) {
      if (f === "." || !isObj(c)) continue;
      const p = [...path, f.slice(2)];
      if (Object.keys(c).length > 0) {
        if (set.has(key(p))) node[f] = { ".": {}, ...c };
        mark(node[f] as Obj, p);
      }
    }
  };
  mark(root, []);
  return root;
}

export function fromFieldsV1(tree: Obj): Set<string> {
  const out = new Set<string>();
  const walk = (node: Obj, path: string[]): void => {
    for (const [f, c] of Object.entries(node)) {
      if (f === ".") {
        out.add(key(path));
        continue;
      }
      const p = [...path, f.replace(/^[fkvi]:/, "")];
      if (!isObj(c) || Object.keys(c).length === 0) out.add(key(p));
      else walk(c, p);
    }
  };
  walk(tree, []);
  return out;
}

/** `.spec.subnets.default.vlan` — structured-merge-diff's path format in conflict messages. */
export function pathString(k: string): string {
  return unkey(k)
    .map((p) => `.${p}`)
    .join("");
}

interface Owned {
  entry: ManagedFieldsEntry;
  set: Set<string>;
}

function parse(entries: readonly ManagedFieldsEntry[]): Owned[] {
  return entries.map((entry) => ({ entry, set: fromFieldsV1(entry.fieldsV1) }));
}

function sameIdentity(a: ManagedFieldsEntry, b: { manager: string; operation: string; apiVersion: string; subresource?: string }): boolean {
  return (
    a.manager === b.manager &&
    a.operation === b.operation &&
    (a.subresource ?? "") === (b.subresource ?? "") &&
    (a.operation === "Apply" || a.apiVersion === b.apiVersion)
  );
}

function finish(owned: Owned[], final: Obj, scope: FieldScope): ManagedFieldsEntry[] {
  const present = fieldSetOf(final, "main+status");
  void scope;
  const out: ManagedFieldsEntry[] = [];
  for (const o of owned) {
    for (const k of [...o.set]) if (!present.has(k)) o.set.delete(k);
    if (o.set.size === 0) continue;
    const e: ManagedFieldsEntry = {
      manager: o.entry.manager,
      operation: o.entry.operation,
      apiVersion: o.entry.apiVersion,
      time: o.entry.time,
      fieldsType: "FieldsV1",
      fieldsV1: toFieldsV1(o.set),
    };
    if (o.entry.subresource) e.subresource = o.entry.subresource;
    out.push(e);
  }
  return out;
}

export interface Who {
  manager: string;
  apiVersion: string;
  time: string;
  subresource?: string;
}

/** Field ownership after a non-apply write: the writer owns what it added or changed; removed fields are released. */
export function updateManagedFields(entries: readonly ManagedFieldsEntry[], before: Obj | undefined, after: Obj, who: Who, scope: FieldScope): ManagedFieldsEntry[] {
  const owned = parse(entries);
  const oldSet = before ? fieldSetOf(before, scope) : new Set<string>();
  const newSet = fieldSetOf(after, scope);
  const changed = new Set<string>();
  for (const k of newSet) {
    if (!oldSet.has(k)) changed.add(k);
    else {
      const nv = valueAt(after, unkey(k));
      if (isLeaf(nv) && !same(valueAt(before, unkey(k)), nv)) changed.add(k);
    }
  }
  for (const o of owned) for (const k of changed) o.set.delete(k);
  if (changed.size > 0) {
    const id = { manager: who.manager, operation: "Update" as const, apiVersion: who.apiVersion, subresource: who.subresource };
    let mine = owned.find((o) => sameIdentity(o.entry, id));
    if (!mine) {
      mine = { entry: { ...id, time: who.time, fieldsType: "FieldsV1", fieldsV1: {} }, set: new Set() };
      owned.push(mine);
    }
    mine.entry = { ...mine.entry, time: who.time };
    for (const k of changed) mine.set.add(k);
  }
  return finish(owned, after, scope);
}

export interface ApplyConflict {
  manager: string;
  /** `"mgr"` for Apply managers, `"mgr" using group/version` for Update managers (kube's printManager). */
  printed: string;
  path: string;
}

export class ApplyConflictError extends Error {
  constructor(readonly conflicts: ApplyConflict[]) {
    super("apply conflict");
  }
}

function printManager(e: ManagedFieldsEntry): string {
  return e.operation === "Update" ? `${JSON.stringify(e.manager)} using ${e.apiVersion}` : JSON.stringify(e.manager);
}

/** kube's message: `Apply failed with 1 conflict: conflict with "m": .spec.x` / `Apply failed with 2 conflicts: conflicts with "m":\n- .spec.a\n- .spec.b`. */
export function conflictMessage(conflicts: readonly ApplyConflict[]): string {
  if (conflicts.length === 1) return `Apply failed with 1 conflict: conflict with ${conflicts[0].printed}: ${conflicts[0].path}`;
  const by = new Map<string, ApplyConflict[]>();
  for (const c of conflicts) by.set(c.printed, [...(by.get(c.printed) ?? []), c]);
  const lines: string[] = [];
  for (const printed of [...by.keys()].sort()) {
    lines.push(`conflicts with ${printed}:`);
    for (const c of by.get(printed) ?? []) lines.push(`- ${c.path}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join("\n")}`;
}

function merge(into: Obj, from: Obj): void {
  for (const [k, v] of Object.entries(from)) {
    if (v === null) continue;
    if (isObj(v) && isObj(into[k])) merge(into[k] as Obj, v);
    else into[k] = structuredClone(v);
  }
}

/**
 * Server-side apply of `config` by `who.manager` onto `live` (undefined when creating). Returns the merged object
 * (before admission) and the new managedFields; throws ApplyConflictError unless `force`.
 */
export function applyConfig(
  live: Obj | undefined,
  config: Obj,
  who: Who,
  force: boolean,
  scope: FieldScope,
): { object: Obj; managedFields: ManagedFieldsEntry[] } {
  const liveMd = live && isObj(live.metadata) ? live.metadata : {};
  const owned = parse(Array.isArray(liveMd.managedFields) ? (liveMd.managedFields as ManagedFieldsEntry[]) : []);
  const applySet = fieldSetOf(config, scope, true);
  const id = { manager: who.manager, operation: "Apply" as const, apiVersion: who.apiVersion, subresource: who.subresource };
  const conflicts: ApplyConflict[] = [];
  const conflictKeys = new Set<string>();
  if (live) {
    for (const o of owned) {
      if (sameIdentity(o.entry, id)) continue;
      for (const k of applySet) {
        if (!o.set.has(k)) continue;
        const want = valueAt(config, unkey(k));
        if (!isLeaf(want)) continue;
        const have = valueAt(live, unkey(k));
        if (have !== undefined && !same(have, want)) {
          conflicts.push({ manager: o.entry.manager, printed: printManager(o.entry), path: pathString(k) });
          conflictKeys.add(k);
        }
      }
    }
  }
  if (conflicts.length > 0 && !force) {
    conflicts.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    throw new ApplyConflictError(conflicts);
  }
  for (const o of owned) if (!sameIdentity(o.entry, id)) for (const k of conflictKeys) o.set.delete(k);

  const object: Obj = live ? structuredClone(live) : {};
  // Fields this manager applied before and dropped now are removed, unless someone else also owns them.
  const mine = owned.find((o) => sameIdentity(o.entry, id));
  if (mine && live) {
    const others = new Set<string>();
    for (const o of owned) if (o !== mine) for (const k of o.set) others.add(k);
    const dropped = [...mine.set].filter((k) => !applySet.has(k)).sort((a, b) => b.length - a.length);
    for (const k of dropped) {
      const prefix = k + SEP;
      const sharedBelow = [...others].some((ok) => ok === k || ok.startsWith(prefix));
      const keptBelow = [...applySet].some((ak) => ak.startsWith(prefix));
      if (!sharedBelow && !keptBelow) deleteAt(object, unkey(k));
    }
  }
  const { metadata: cfgMd, ...rest } = config;
  merge(object, rest);
  if (isObj(cfgMd)) {
    const md = isObj(object.metadata) ? (object.metadata as Obj) : {};
    object.metadata = md;
    for (const mk of META_MANAGED) {
      const v = cfgMd[mk];
      if (v === undefined || v === null) continue;
      if (isObj(v) && isObj(md[mk])) merge(md[mk] as Obj, v);
      else md[mk] = structuredClone(v);
    }
    for (const mk of ["name", "namespace", "generateName"]) if (md[mk] === undefined && cfgMd[mk] !== undefined) md[mk] = cfgMd[mk];
  }
  const entry: ManagedFieldsEntry = { ...id, time: who.time, fieldsType: "FieldsV1", fieldsV1: {} };
  if (mine) {
    mine.entry = entry;
    mine.set = applySet;
  } else owned.push({ entry, set: applySet });
  return { object, managedFields: finish(owned, object, scope) };
}

/** Drops fields that no longer exist (after admission changed the object) from every manager. */
export function pruneManagedFields(entries: readonly ManagedFieldsEntry[], final: Obj): ManagedFieldsEntry[] {
  return finish(parse(entries), final, "main+status");
}
