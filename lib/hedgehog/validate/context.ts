/** Shared state of one validation run: the object indexes, the resolved fabric config, and finding output. */
import { RULES_BY_ID } from "./rules";
import { toPointer } from "../pointer";
import type { FabricConfig, Finding, HhObject, SourcedObject } from "../types";

export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
export const asObj = (v: unknown): Obj => (isObj(v) ? v : {});
export const asArr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const asStr = (v: unknown): string => (typeof v === "string" ? v : "");
export const asNum = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);
export const specOf = (o: HhObject): Obj => asObj(o.spec);

/** Builds a JSON pointer from unescaped tokens. */
export const ptr = (...tokens: Array<string | number>): string => toPointer(tokens);

export class Ctx {
  readonly out: Finding[] = [];
  /** kind → name → object (first one wins; duplicates are reported by the caller before us). */
  readonly byKind = new Map<string, Map<string, SourcedObject>>();
  private readonly lists = new Map<string, SourcedObject[]>();

  constructor(
    readonly objects: readonly SourcedObject[],
    readonly cfg: FabricConfig,
  ) {
    for (const so of objects) {
      const kind = so.object.kind;
      let l = this.lists.get(kind);
      if (!l) this.lists.set(kind, (l = []));
      l.push(so);
      let m = this.byKind.get(kind);
      if (!m) this.byKind.set(kind, (m = new Map()));
      const name = so.object.metadata?.name;
      if (typeof name === "string" && !m.has(name)) m.set(name, so);
    }
  }

  of(kind: string): SourcedObject[] {
    return this.lists.get(kind) ?? [];
  }

  get(kind: string, name: string): SourcedObject | undefined {
    return this.byKind.get(kind)?.get(name);
  }

  emit(so: SourcedObject, rule: string, path: string, message: string): void {
    const info = RULES_BY_ID.get(rule);
    if (!info) throw new Error(`unregistered rule ${rule}`);
    const f: Finding = {
      rule,
      severity: info.severity,
      message,
      kind: so.object.kind,
      name: typeof so.object.metadata?.name === "string" ? so.object.metadata.name : "",
      path,
    };
    if (so.file !== undefined) f.file = so.file;
    if (so.document !== undefined) f.document = so.document;
    if (so.line !== undefined) f.line = so.line;
    this.out.push(f);
  }
}
