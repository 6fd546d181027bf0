/** Label selectors (`a=b`, `a==b`, `a!=b`, `a`, `!a`, `a in (x,y)`, `a notin (x)`) and field selectors (metadata.name/namespace). */
import { badRequest } from "./status";

type Requirement = (labels: Record<string, string>) => boolean;

export type Matcher = (obj: Record<string, unknown>) => boolean;

function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of s) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out.map((x) => x.trim()).filter((x) => x !== "");
}

const KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function checkKey(k: string, sel: string): string {
  if (!KEY.test(k)) throw badRequest(`unable to parse requirement: found '${k}', expected: identifier (in selector "${sel}")`);
  return k;
}

function checkValue(v: string, sel: string): string {
  if (!VALUE.test(v)) throw badRequest(`unable to parse requirement: values[0]: Invalid value: ${JSON.stringify(v)}: a valid label must be an empty string or consist of alphanumeric characters (in selector "${sel}")`);
  return v;
}

export function parseLabelSelector(sel: string | undefined): (labels: Record<string, string>) => boolean {
  if (!sel) return () => true;
  const reqs: Requirement[] = [];
  for (const part of splitTopLevel(sel)) {
    let m: RegExpExecArray | null;
    if ((m = /^(\S+?)\s+(in|notin)\s*\(([^)]*)\)$/.exec(part))) {
      const k = checkKey(m[1], sel);
      const vals = m[3].split(",").map((v) => checkValue(v.trim(), sel));
      reqs.push(m[2] === "in" ? (l) => k in l && vals.includes(l[k]) : (l) => !(k in l) || !vals.includes(l[k]));
    } else if ((m = /^(.+?)\s*(!=|==|=)\s*(.*)$/.exec(part))) {
      const k = checkKey(m[1].trim(), sel);
      const v = checkValue(m[3].trim(), sel);
      reqs.push(m[2] === "!=" ? (l) => l[k] !== v : (l) => k in l && l[k] === v);
    } else if ((m = /^!\s*(\S+)$/.exec(part))) {
      const k = checkKey(m[1], sel);
      reqs.push((l) => !(k in l));
    } else {
      const k = checkKey(part, sel);
      reqs.push((l) => k in l);
    }
  }
  return (l) => reqs.every((r) => r(l));
}

export function parseFieldSelector(sel: string | undefined, plural: string): (obj: Record<string, unknown>) => boolean {
  if (!sel) return () => true;
  const reqs: Array<(o: Record<string, unknown>) => boolean> = [];
  for (const part of splitTopLevel(sel)) {
    const m = /^([^!=]+?)\s*(!=|==|=)\s*(.*)$/.exec(part);
    if (!m) throw badRequest(`invalid selector: '${sel}'; can't understand '${part}'`);
    const field = m[1].trim();
    if (field !== "metadata.name" && field !== "metadata.namespace") {
      throw badRequest(`field label not supported: ${field}`);
    }
    void plural;
    const v = m[3].trim();
    const get = (o: Record<string, unknown>): string => {
      const md = o.metadata as Record<string, unknown> | undefined;
      const x = md?.[field.slice("metadata.".length)];
      return typeof x === "string" ? x : "";
    };
    reqs.push(m[2] === "!=" ? (o) => get(o) !== v : (o) => get(o) === v);
  }
  return (o) => reqs.every((r) => r(o));
}

export function selectorMatcher(labelSelector: string | undefined, fieldSelector: string | undefined, plural: string): Matcher {
  const lab = parseLabelSelector(labelSelector);
  const fld = parseFieldSelector(fieldSelector, plural);
  return (obj) => {
    const md = obj.metadata as Record<string, unknown> | undefined;
    const labels = (md?.labels ?? {}) as Record<string, string>;
    return lab(labels) && fld(obj);
  };
}
