"use client";

import { useQuery } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
import type { ReactNode } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/form-field";
import type { HhObject } from "@/lib/hedgehog/types";
import type { WriteIssue } from "../shared";

/** Server issues (422, JSON-pointer paths) looked up by the field that has that path. */
export class IssueMap {
  private readonly byPath = new Map<string, string[]>();
  constructor(readonly issues: readonly WriteIssue[]) {
    for (const i of issues) {
      const list = this.byPath.get(i.path) ?? [];
      list.push(i.rule ? `${i.message} [${i.rule}]` : i.message);
      this.byPath.set(i.path, list);
    }
  }
  /** Messages for exactly this path (undefined when none, as FormField expects). */
  at(path: string): string[] | undefined {
    return this.byPath.get(path);
  }
  /** Messages for this path and every path under it (a field that edits a whole list, e.g. "a, b"). */
  under(path: string): string[] | undefined {
    const out = this.issues.filter((i) => i.path === path || i.path.startsWith(`${path}/`)).map((i) => (i.rule ? `${i.message} [${i.rule}]` : i.message));
    return out.length ? out : undefined;
  }
  /** Issues no field of the form shows (listed above the form). A path ending in "/*" claims its descendants too. */
  unclaimed(fieldPaths: readonly string[]): WriteIssue[] {
    const exact = new Set(fieldPaths.filter((p) => !p.endsWith("/*")));
    const prefixes = fieldPaths.filter((p) => p.endsWith("/*")).map((p) => p.slice(0, -2));
    return this.issues.filter((i) => !exact.has(i.path) && !prefixes.some((p) => i.path === p || i.path.startsWith(`${p}/`)));
  }
}

/** One kind's typed form: values ⇄ spec, the JSON pointers it shows, and its fields. */
export interface FormDefinition<V> {
  fromSpec(spec: Record<string, unknown>): V;
  /** Builds the spec from the values, keeping every field of `base` the form does not manage. */
  toSpec(values: V, base: Record<string, unknown>): Record<string, unknown>;
  /** JSON pointers of the fields the form renders (for issue placement). */
  paths(values: V): string[];
  Fields(props: FieldsProps<V>): ReactNode;
}

export interface FieldsProps<V> {
  values: V;
  set: (next: V) => void;
  issues: IssueMap;
  fabricId: string;
  editing: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Value helpers

export const rec = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? { ...(v as Record<string, unknown>) } : {});
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
export const numStr = (v: unknown): string => (typeof v === "number" ? String(v) : typeof v === "string" ? v : "");

/** A number from a text field; non-numeric text is kept as text so the server names the field that is wrong. */
export function toNumber(s: string): number | string | undefined {
  const t = s.trim();
  if (t === "") return undefined;
  return /^-?\d+$/.test(t) ? Number(t) : t;
}

/** Sets `key` to `value`, or deletes it when the value is undefined / "" / false (optional fields stay absent). */
export function put(target: Record<string, unknown>, key: string, value: unknown, keepFalse = false) {
  if (value === undefined || value === "" || (value === false && !keepFalse)) delete target[key];
  else target[key] = value;
}

export const splitList = (s: string): string[] =>
  s
    .split(/[\s,]+/)
    .map((x) => x.trim())
    .filter(Boolean);

export const escapeToken = (t: string) => t.replace(/~/g, "~0").replace(/\//g, "~1");

export function baseObject(kind: string, apiVersion: string, original: HhObject | null, name: string): HhObject {
  const base = original ? structuredClone(original) : { apiVersion, kind, metadata: { name: "", namespace: "default" } };
  return { ...base, apiVersion: base.apiVersion || apiVersion, kind, metadata: { ...base.metadata, name } };
}

// ---------------------------------------------------------------------------------------------------------------
// UI helpers

/** Repeated rows (subnets, ranges, prefixes) with add / remove. */
export function RowList<T>({
  rows,
  onChange,
  make,
  render,
  addLabel,
  error,
  min = 0,
}: {
  rows: readonly T[];
  onChange: (rows: T[]) => void;
  make: () => T;
  render: (row: T, index: number, update: (row: T) => void) => ReactNode;
  addLabel: string;
  error?: readonly string[];
  min?: number;
}) {
  return (
    <div className="flex flex-col gap-2">
      {rows.map((row, i) => (
        <div key={i} className="flex items-start gap-2">
          <div className="min-w-0 flex-1">
            {render(row, i, (next) => onChange(rows.map((r, j) => (j === i ? next : r))))}
          </div>
          <Button
            type="button"
            variant="ghost"
            size="icon-sm"
            className="mt-6"
            aria-label={`Remove row ${i + 1}`}
            disabled={rows.length <= min}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            <Trash2 />
          </Button>
        </div>
      ))}
      {error ? <FieldError messages={error} /> : null}
      <div>
        <Button type="button" variant="outline" size="sm" onClick={() => onChange([...rows, make()])}>
          <Plus /> {addLabel}
        </Button>
      </div>
    </div>
  );
}

/** Names of a fabric's objects of one kind, for <datalist> suggestions (first 500). */
export function useObjectNames(fabricId: string, kind: string): string[] {
  const trpc = useTRPC();
  const q = useQuery(trpc.resources.list.queryOptions({ id: fabricId, kind, limit: 500 }));
  return (q.data?.items ?? []).filter((r) => r.state !== "orphaned").map((r) => r.name);
}

export function NameOptions({ id, names }: { id: string; names: readonly string[] }) {
  return (
    <datalist id={id}>
      {names.map((n) => (
        <option key={n} value={n} />
      ))}
    </datalist>
  );
}

export function Section({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <fieldset className="flex flex-col gap-4 rounded-lg border p-4">
      <legend className="px-1 text-sm font-semibold">{title}</legend>
      {description ? <p className="-mt-2 text-xs text-muted-foreground">{description}</p> : null}
      {children}
    </fieldset>
  );
}
