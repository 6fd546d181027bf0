/**
 * Turns the OpenAPI document into a flat, render-ready model: operations grouped by tag, with parameters, request
 * body fields and response fields described as short type strings. Pure; runs on the server.
 */

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  required?: string[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
};

type Parameter = { in: string; name: string; required?: boolean; description?: string; schema?: JsonSchema };
type Operation = {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  deprecated?: boolean;
  security?: unknown[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: JsonSchema }> }>;
  "x-hfm-role"?: string;
};
type Document = {
  info?: { title?: string; version?: string; description?: string };
  servers?: { url: string }[];
  paths?: Record<string, Record<string, unknown> | undefined>;
  components?: { schemas?: Record<string, JsonSchema> };
};

export const HTTP_METHODS = ["get", "post", "put", "patch", "delete"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type FieldDoc = {
  name: string;
  /** "path" | "query" | "header" for parameters, "body" for request body fields, "response" for response fields. */
  location: string;
  type: string;
  required: boolean;
  /** Constraints and defaults in words: "1–1000", "default 50", "pattern ^[a-z]…". */
  notes: string[];
  description?: string;
};

export type ResponseDoc = {
  status: string;
  description: string;
  /** The response type as a short string (e.g. "object", "{ items, nextCursor }", "array of object"). */
  type?: string;
  fields: FieldDoc[];
};

export type OperationDoc = {
  id: string;
  method: HttpMethod;
  path: string;
  summary: string;
  description?: string;
  deprecated: boolean;
  /** Least role that may call it; "none" for public operations. */
  role: string;
  parameters: FieldDoc[];
  bodyRequired: boolean;
  bodyContentTypes: string[];
  body: FieldDoc[];
  /** Set when the body is not an object with fields (e.g. an array or a string). */
  bodyType?: string;
  success?: ResponseDoc;
  errorStatuses: { status: string; description: string }[];
};

export type TagDoc = { name: string; operations: OperationDoc[] };

export type ApiModel = {
  title: string;
  version: string;
  baseUrl: string;
  tags: TagDoc[];
  operationCount: number;
};

function resolve(schema: JsonSchema | undefined, doc: Document, depth = 0): JsonSchema | undefined {
  if (!schema) return undefined;
  if (schema.$ref && depth < 10) {
    const name = schema.$ref.replace(/^#\/components\/schemas\//, "");
    return resolve(doc.components?.schemas?.[name], doc, depth + 1);
  }
  return schema;
}

/** A short, human type string for a JSON schema: `string`, `integer`, `"a" | "b"`, `string[]`, `string | null`. */
export function typeOf(schema: JsonSchema | undefined, doc: Document, depth = 0): string {
  const s = resolve(schema, doc);
  if (!s) return "any";
  if (depth > 4) return "…";
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  const union = s.anyOf ?? s.oneOf;
  if (union) return unique(union.map((u) => typeOf(u, doc, depth + 1))).join(" | ");
  if (s.allOf) return s.allOf.map((u) => typeOf(u, doc, depth + 1)).join(" & ");
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (types.length === 0) return s.properties ? "object" : "any";
  return types
    .map((t) => {
      if (t === "array") {
        const inner = typeOf(s.items, doc, depth + 1);
        return /[ |&]/.test(inner) ? `(${inner})[]` : `${inner}[]`;
      }
      if (t === "object") {
        if (!s.properties && s.additionalProperties && typeof s.additionalProperties === "object") {
          return `Record<string, ${typeOf(s.additionalProperties, doc, depth + 1)}>`;
        }
        return "object";
      }
      if (t === "string" && s.format) return `string (${s.format})`;
      return t;
    })
    .join(" | ");
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

const SAFE_INT = 9_007_199_254_740_991;

function notesOf(schema: JsonSchema | undefined, doc: Document): string[] {
  const s = resolve(schema, doc);
  if (!s) return [];
  // Constraints of a nullable union ("string | null") live on its non-null member.
  const member = (s.anyOf ?? s.oneOf)?.map((m) => resolve(m, doc)).find((m) => m && m.type !== "null");
  const c = member && !s.type ? { ...member, default: s.default ?? member.default } : s;
  const notes: string[] = [];
  const min = c.minimum !== undefined && c.minimum > -SAFE_INT ? c.minimum : undefined;
  const max = c.maximum !== undefined && c.maximum < SAFE_INT ? c.maximum : undefined;
  if (min !== undefined && max !== undefined) notes.push(`${min}–${max}`);
  else if (min !== undefined) notes.push(`≥ ${min}`);
  else if (max !== undefined) notes.push(`≤ ${max}`);
  if (c.minLength !== undefined && c.maxLength !== undefined) notes.push(`${c.minLength}–${c.maxLength} chars`);
  else if (c.minLength === 1) notes.push("non-empty");
  else if (c.minLength !== undefined && c.minLength > 1) notes.push(`at least ${c.minLength} chars`);
  else if (c.maxLength !== undefined) notes.push(`up to ${c.maxLength} chars`);
  if (c.pattern) notes.push(`pattern ${c.pattern}`);
  if (c.default !== undefined) notes.push(`default ${JSON.stringify(c.default)}`);
  return notes;
}

function fieldsOf(schema: JsonSchema | undefined, doc: Document, location: string): FieldDoc[] {
  const s = resolve(schema, doc);
  if (!s?.properties) return [];
  const required = new Set(s.required ?? []);
  return Object.entries(s.properties).map(([name, prop]) => ({
    name,
    location,
    type: typeOf(prop, doc),
    required: required.has(name),
    notes: notesOf(prop, doc),
    description: resolve(prop, doc)?.description,
  }));
}

function firstContent(content: Record<string, { schema?: JsonSchema }> | undefined) {
  if (!content) return undefined;
  return content["application/json"] ?? Object.values(content)[0];
}

function responseOf(
  status: string,
  response: { description?: string; content?: Record<string, { schema?: JsonSchema }> },
  doc: Document,
): ResponseDoc {
  const schema = resolve(firstContent(response.content)?.schema, doc);
  if (!schema) return { status, description: response.description ?? "", fields: [] };
  // Lists answer { items: [...], nextCursor }: describe the item fields, they are what a caller reads.
  const items = schema.properties?.items ? resolve(schema.properties.items, doc) : undefined;
  if (schema.properties && items?.type === "array" && "nextCursor" in schema.properties) {
    return {
      status,
      description: response.description ?? "",
      type: `{ items: ${typeOf(items.items, doc)}[], nextCursor: string | null } — fields of each item:`,
      fields: fieldsOf(items.items, doc, "response"),
    };
  }
  if (schema.type === "array") {
    const fields = fieldsOf(schema.items, doc, "response");
    return {
      status,
      description: response.description ?? "",
      type: fields.length ? "array of objects with:" : typeOf(schema, doc),
      fields,
    };
  }
  const fields = fieldsOf(schema, doc, "response");
  return { status, description: response.description ?? "", type: fields.length ? undefined : typeOf(schema, doc), fields };
}

function operationOf(method: HttpMethod, path: string, op: Operation, doc: Document): OperationDoc {
  const parameters: FieldDoc[] = (op.parameters ?? []).map((p) => ({
    name: p.name,
    location: p.in,
    type: typeOf(p.schema, doc),
    required: Boolean(p.required),
    notes: notesOf(p.schema, doc),
    description: p.description,
  }));
  const bodyContent = firstContent(op.requestBody?.content);
  const bodySchema = resolve(bodyContent?.schema, doc);
  const body = fieldsOf(bodySchema, doc, "body");
  const statuses = Object.keys(op.responses ?? {}).sort();
  const successStatus = statuses.find((s) => s.startsWith("2"));
  return {
    id: op.operationId ?? `${method}-${path}`,
    method,
    path,
    summary: op.summary ?? "",
    description: op.description,
    deprecated: Boolean(op.deprecated),
    role: op["x-hfm-role"] ?? (op.security && op.security.length === 0 ? "none" : "viewer"),
    parameters,
    bodyRequired: Boolean(op.requestBody?.required),
    bodyContentTypes: Object.keys(op.requestBody?.content ?? {}),
    body,
    bodyType: bodySchema && body.length === 0 ? typeOf(bodySchema, doc) : undefined,
    success: successStatus && op.responses ? responseOf(successStatus, op.responses[successStatus]!, doc) : undefined,
    errorStatuses: statuses
      .filter((s) => !s.startsWith("2"))
      .map((s) => ({ status: s, description: op.responses?.[s]?.description ?? "" })),
  };
}

const TAG_ORDER = ["auth", "users", "fabrics", "git-repositories", "repositories", "resources", "validate", "gitops", "drift", "sync", "alerts", "audit"];

/** Groups the document's operations by their first tag, in a stable, reading-friendly order. */
export function buildApiModel(document: unknown): ApiModel {
  const doc = document as Document;
  const byTag = new Map<string, OperationDoc[]>();
  let operationCount = 0;
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    if (!item) continue;
    for (const method of HTTP_METHODS) {
      const op = item[method] as Operation | undefined;
      if (!op) continue;
      const tag = op.tags?.[0] ?? "other";
      const list = byTag.get(tag) ?? [];
      list.push(operationOf(method, path, op, doc));
      byTag.set(tag, list);
      operationCount++;
    }
  }
  const rank = (tag: string) => {
    const i = TAG_ORDER.indexOf(tag);
    return i === -1 ? TAG_ORDER.length : i;
  };
  const tags = [...byTag.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([name, operations]) => ({ name, operations }));
  return {
    title: doc.info?.title ?? "API",
    version: doc.info?.version ?? "",
    baseUrl: doc.servers?.[0]?.url ?? "/api/v1",
    tags,
    operationCount,
  };
}
