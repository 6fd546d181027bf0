/**
 * What kube-apiserver does with a custom resource's structural openAPIV3Schema:
 * - decoding: unknown fields are pruned (reported as `unknown field "spec.x"`), nulls in non-nullable fields dropped,
 *   `default`s applied;
 * - validation: types, enums, required, patterns, bounds → field errors with kube's reasons and messages.
 */
import type { JsonSchema } from "@/lib/hedgehog/schema";
import type { StatusCause } from "./status";

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** ObjectMeta's fields: anything else under metadata is dropped like the Go decoder drops it. */
const OBJECT_META_FIELDS = new Set([
  "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
  "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers", "managedFields",
]);

function child(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

/**
 * Prunes unknown fields and applies defaults in place. Returns the paths of the pruned fields
 * (`spec.foo`, `metadata.bar`), which the server reports as warnings or, with fieldValidation=Strict, rejects.
 */
export function pruneAndDefault(obj: Obj, schema: JsonSchema | undefined): string[] {
  const unknown: string[] = [];
  if (isObj(obj.metadata)) {
    for (const k of Object.keys(obj.metadata)) {
      if (!OBJECT_META_FIELDS.has(k)) {
        unknown.push(`metadata.${k}`);
        delete obj.metadata[k];
      }
    }
  }
  if (!schema) return unknown;
  for (const k of Object.keys(obj)) {
    if (k === "apiVersion" || k === "kind" || k === "metadata") continue;
    const s = schema.properties?.[k];
    if (!s) {
      if (schema["x-kubernetes-preserve-unknown-fields"] !== true) {
        unknown.push(k);
        delete obj[k];
      }
      continue;
    }
    obj[k] = walk(obj[k], s, k, unknown);
    if (obj[k] === undefined) delete obj[k];
  }
  applyDefaults(obj, schema, true);
  return unknown;
}

function walk(v: unknown, s: JsonSchema, path: string, unknown: string[]): unknown {
  if (v === null) return s.nullable ? null : undefined;
  if (isObj(v) && (s.type === "object" || s.properties || s.additionalProperties)) {
    for (const k of Object.keys(v)) {
      const ps = s.properties?.[k] ?? (typeof s.additionalProperties === "object" ? s.additionalProperties : undefined);
      if (!ps) {
        if (s.additionalProperties === true || s["x-kubernetes-preserve-unknown-fields"] === true) continue;
        unknown.push(child(path, k));
        delete v[k];
        continue;
      }
      const nv = walk(v[k], ps, child(path, k), unknown);
      if (nv === undefined) delete v[k];
      else v[k] = nv;
    }
    applyDefaults(v, s, false);
    return v;
  }
  if (Array.isArray(v) && s.items) {
    return v.map((item, i) => walk(item, s.items as JsonSchema, `${path}[${i}]`, unknown));
  }
  return v;
}

function applyDefaults(v: Obj, s: JsonSchema, root: boolean): void {
  if (!s.properties) return;
  for (const [k, ps] of Object.entries(s.properties)) {
    if (root && (k === "apiVersion" || k === "kind" || k === "metadata")) continue;
    if (v[k] === undefined && ps.default !== undefined) v[k] = structuredClone(ps.default);
  }
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

/** Go's %v-ish rendering of a value inside "Invalid value: ..." (strings quoted, objects as JSON). */
function goValue(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v === null || v === undefined) return "null";
  return JSON.stringify(v);
}

function typeOk(v: unknown, s: JsonSchema): boolean {
  if (s["x-kubernetes-int-or-string"]) return typeof v === "string" || (typeof v === "number" && Number.isInteger(v));
  switch (s.type) {
    case undefined:
      return true;
    case "object":
      return isObj(v);
    case "array":
      return Array.isArray(v);
    case "string":
      return typeof v === "string";
    case "integer":
      return typeof v === "number" && Number.isInteger(v);
    case "number":
      return typeof v === "number";
    case "boolean":
      return typeof v === "boolean";
  }
}

/** Validates an object against its schema; `[]` when valid. Field paths look like kube's: `spec.subnets.default.vlan`, `spec.links[0].port`. */
export function validateSchema(obj: Obj, schema: JsonSchema | undefined): StatusCause[] {
  const out: StatusCause[] = [];
  if (!schema) return out;
  for (const [k, ps] of Object.entries(schema.properties ?? {})) {
    if (k === "apiVersion" || k === "kind" || k === "metadata") continue;
    if (obj[k] !== undefined) check(obj[k], ps, k, out);
  }
  for (const r of schema.required ?? []) {
    if (r === "metadata" || r === "apiVersion" || r === "kind") continue;
    if (obj[r] === undefined) out.push({ reason: "FieldValueRequired", message: "Required value", field: r });
  }
  return out;
}

const patterns = new Map<string, RegExp>();

function check(v: unknown, s: JsonSchema, path: string, out: StatusCause[]): void {
  if (v === null) {
    if (!s.nullable) out.push({ reason: "FieldValueTypeInvalid", message: `Invalid value: "null": ${path} in body must be of type ${s.type ?? "object"}: "null"`, field: path });
    return;
  }
  if (!typeOk(v, s)) {
    const want = s["x-kubernetes-int-or-string"] ? "integer,string" : String(s.type);
    out.push({ reason: "FieldValueTypeInvalid", message: `Invalid value: "${typeName(v)}": ${path} in body must be of type ${want}: "${typeName(v)}"`, field: path });
    return;
  }
  if (s.enum && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) {
    out.push({
      reason: "FieldValueNotSupported",
      message: `Unsupported value: ${goValue(v)}: supported values: ${s.enum.map((e) => goValue(e)).join(", ")}`,
      field: path,
    });
  }
  const invalid = (detail: string): void => {
    out.push({ reason: "FieldValueInvalid", message: `Invalid value: ${goValue(v)}: ${path} in body ${detail}`, field: path });
  };
  if (typeof v === "string") {
    if (s.pattern) {
      let re = patterns.get(s.pattern);
      if (!re) {
        re = new RegExp(s.pattern, "u");
        patterns.set(s.pattern, re);
      }
      if (!re.test(v)) invalid(`should match '${s.pattern}'`);
    }
    const len = [...v].length;
    if (s.maxLength !== undefined && len > s.maxLength) {
      out.push({ reason: "FieldValueTooLong", message: `Too long: may not be more than ${s.maxLength} bytes`, field: path });
    }
    if (s.minLength !== undefined && len < s.minLength) invalid(`should be at least ${s.minLength} chars long`);
  }
  if (typeof v === "number") {
    if (s.maximum !== undefined && v > s.maximum) invalid(`should be less than or equal to ${s.maximum}`);
    if (s.minimum !== undefined && v < s.minimum) invalid(`should be greater than or equal to ${s.minimum}`);
  }
  if (Array.isArray(v)) {
    if (s.maxItems !== undefined && v.length > s.maxItems) {
      out.push({ reason: "FieldValueTooMany", message: `Too many: ${v.length}: must have at most ${s.maxItems} items`, field: path });
    }
    if (s.minItems !== undefined && v.length < s.minItems) invalid(`should have at least ${s.minItems} items`);
    if (s.items) v.forEach((item, i) => check(item, s.items as JsonSchema, `${path}[${i}]`, out));
  }
  if (isObj(v)) {
    const n = Object.keys(v).length;
    if (s.maxProperties !== undefined && n > s.maxProperties) {
      out.push({ reason: "FieldValueTooMany", message: `Too many: ${n}: must have at most ${s.maxProperties} items`, field: path });
    }
    if (s.minProperties !== undefined && n < s.minProperties) invalid(`should have at least ${s.minProperties} properties`);
    for (const r of s.required ?? []) {
      if (v[r] === undefined) out.push({ reason: "FieldValueRequired", message: "Required value", field: child(path, r) });
    }
    for (const [k, cv] of Object.entries(v)) {
      const ps = s.properties?.[k] ?? (typeof s.additionalProperties === "object" ? s.additionalProperties : undefined);
      if (ps) check(cv, ps, child(path, k), out);
    }
  }
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** ObjectMeta validation (name format, label keys/values). */
export function validateMeta(obj: Obj, namespaced: boolean, nameIsLabel = false): StatusCause[] {
  const out: StatusCause[] = [];
  const md = isObj(obj.metadata) ? obj.metadata : {};
  const name = typeof md.name === "string" ? md.name : "";
  if (name === "") {
    out.push({ reason: "FieldValueRequired", message: "Required value: name or generateName is required", field: "metadata.name" });
  } else if (nameIsLabel ? !DNS1123_LABEL.test(name) || name.length > 63 : !DNS1123_SUBDOMAIN.test(name) || name.length > 253) {
    const what = nameIsLabel ? "RFC 1123 label" : "RFC 1123 subdomain";
    const rx = nameIsLabel ? "[a-z0-9]([-a-z0-9]*[a-z0-9])?" : "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
    const tail = nameIsLabel
      ? "must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '" + rx + "')"
      : "must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '" + rx + "')";
    out.push({ reason: "FieldValueInvalid", message: `Invalid value: ${JSON.stringify(name)}: a lowercase ${what} ${tail}`, field: "metadata.name" });
  }
  if (!namespaced && typeof md.namespace === "string" && md.namespace !== "") {
    out.push({ reason: "FieldValueForbidden", message: "Forbidden: not allowed on this type", field: "metadata.namespace" });
  }
  if (md.labels !== undefined) {
    if (!isObj(md.labels)) {
      out.push({ reason: "FieldValueTypeInvalid", message: "Invalid value: labels must be a map of strings", field: "metadata.labels" });
    } else {
      for (const [k, lv] of Object.entries(md.labels)) {
        if (!validQualifiedName(k)) {
          out.push({ reason: "FieldValueInvalid", message: `Invalid value: ${JSON.stringify(k)}: name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`, field: "metadata.labels" });
        }
        if (typeof lv !== "string" || !/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(lv) || lv.length > 63) {
          out.push({ reason: "FieldValueInvalid", message: `Invalid value: ${JSON.stringify(lv)}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`, field: "metadata.labels" });
        }
      }
    }
  }
  if (md.annotations !== undefined && (!isObj(md.annotations) || Object.values(md.annotations).some((a) => typeof a !== "string"))) {
    out.push({ reason: "FieldValueTypeInvalid", message: "Invalid value: annotations must be a map of strings", field: "metadata.annotations" });
  }
  return out;
}

function validQualifiedName(k: string): boolean {
  const slash = k.indexOf("/");
  const prefix = slash < 0 ? "" : k.slice(0, slash);
  const name = slash < 0 ? k : k.slice(slash + 1);
  if (slash >= 0 && (!DNS1123_SUBDOMAIN.test(prefix) || prefix.length > 253)) return false;
  return name.length > 0 && name.length <= 63 && /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/.test(name);
}
