/**
 * YAML codec for Hedgehog files. Pure.
 *
 * - Parsing splits the stream on "---" lines and decodes each document with js-yaml (fast enough for 50,000-object
 *   repositories), with the fabric decoder's scalar rules (sigs.k8s.io/yaml → go-yaml v2: YAML 1.1 booleans such as
 *   `yes`/`on`/`n`, timestamps kept as strings); duplicate keys are errors. Every problem becomes a Finding with the
 *   document index and line number; error wording and node lines come from the `yaml` package (eemeli).
 * - Editing (replace/remove/append one document) splices the source text with the `yaml` package's AST of that one
 *   document: the other documents and all comments stay byte for byte, and the edited document keeps its comments,
 *   key order and styles for the values that did not change.
 */
import jsyaml from "js-yaml";
import {
  Document,
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type DocumentOptions,
  type ParseOptions,
  type SchemaOptions,
  type ToStringOptions,
} from "yaml";
import { stableStringify, toCanonicalYaml } from "./canonical";
import type { Finding, HhObject } from "./types";

export interface ParsedDocument {
  /** 0-based index of the document in its file (empty documents count: it is the n-th `---` section). */
  index: number;
  /** 1-based line where the document's content starts. */
  line: number;
  /** The decoded plain JS value (a mapping with apiVersion, kind and metadata.name). */
  object: HhObject;
}

export interface ParseResult {
  documents: ParsedDocument[];
  errors: Finding[];
}

type Tag = { tag?: string };
const PARSE_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: "1.1",
  uniqueKeys: true,
  prettyErrors: false,
  // YAML 1.1 like the fabric's decoder, but keep timestamps as strings (Go decodes them into string fields).
  customTags: (tags) => (tags as Tag[]).filter((t) => t.tag !== "tag:yaml.org,2002:timestamp") as typeof tags,
};

function firstLine(message: string): string {
  const m = message.split("\n")[0];
  return m.replace(/ at line \d+, column \d+:?$/, "");
}

function syntaxHint(code: string): string {
  switch (code) {
    case "DUPLICATE_KEY":
      return "remove or rename one of the duplicate keys";
    case "BAD_INDENT":
    case "MISSING_CHAR":
    case "UNEXPECTED_TOKEN":
      return "check the indentation and the brackets/quotes around this line";
    case "TAB_AS_INDENT":
      return "indent with spaces, not tabs";
    case "MULTIPLE_DOCS":
      return "separate documents with a line containing only ---";
    default:
      return "fix the YAML syntax here";
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function describeValue(v: unknown): string {
  if (v === null || v === undefined) return "an empty document";
  if (Array.isArray(v)) return "a list";
  return `a ${typeof v} (${JSON.stringify(v).slice(0, 40)})`;
}

// ---------------------------------------------------------------------------------------------------------------
// Fast multi-document parsing: split on "---" marker lines, decode each document with js-yaml (an order of magnitude
// faster than building the `yaml` AST, which matters for 50,000-object repositories), and fall back to the `yaml`
// package only to describe errors and to locate nodes.

/** js-yaml's core schema with YAML 1.1 booleans (y/yes/on/off/...) and merge keys, like the fabric's go-yaml v2. */
const BOOL_TRUE = /^(?:y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const BOOL_ANY = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const BOOL_11 = new jsyaml.Type("tag:yaml.org,2002:bool", {
  kind: "scalar",
  resolve: (data: unknown) => typeof data === "string" && BOOL_ANY.test(data),
  construct: (data: string) => BOOL_TRUE.test(data),
  predicate: (v: unknown) => typeof v === "boolean",
  represent: { lowercase: (v: object) => (v ? "true" : "false") },
  defaultStyle: "lowercase",
});
const MERGE = (jsyaml as unknown as { types: { merge: jsyaml.Type } }).types.merge;
const FAST_SCHEMA = jsyaml.CORE_SCHEMA.extend({ implicit: [BOOL_11, MERGE] });

/** One "---"-separated section of a YAML stream. */
export interface YamlChunk {
  /** Document index (counts empty documents; a leading comment-only prefix is not a document). */
  index: number;
  /** Offset of the section in the text (its "---" line, if any). */
  start: number;
  end: number;
  /** 1-based line of `start`. */
  startLine: number;
  /** 1-based line of the first content line, or undefined when the section holds no content. */
  contentLine: number | undefined;
}

const MARKER = /^---(?=[ \t]|\r?$)/;

function isNoise(line: string): boolean {
  const t = line.trim();
  return t === "" || t.startsWith("#") || t.startsWith("%") || t === "...";
}

/** Splits a YAML stream into its documents without parsing them. */
export function splitYamlDocuments(text: string): YamlChunk[] {
  const chunks: YamlChunk[] = [];
  let chunkStart = 0;
  let chunkLine = 1;
  let contentLine: number | undefined;
  let hasMarker = false;
  let offset = 0;
  let line = 1;
  const close = (end: number): void => {
    if (hasMarker || contentLine !== undefined) {
      chunks.push({ index: chunks.length, start: chunkStart, end, startLine: chunkLine, contentLine });
    }
  };
  while (offset <= text.length) {
    let nl = text.indexOf("\n", offset);
    if (nl < 0) nl = text.length;
    const lineText = text.slice(offset, nl);
    if (MARKER.test(lineText)) {
      // A comment-only prefix before the first marker belongs to the first document.
      if (hasMarker || contentLine !== undefined) {
        close(offset);
        chunkStart = offset;
        chunkLine = line;
      }
      hasMarker = true;
      contentLine = isNoise(lineText.slice(3)) ? undefined : line;
    } else if (contentLine === undefined && !isNoise(lineText)) {
      contentLine = line;
    }
    if (nl >= text.length) break;
    offset = nl + 1;
    line++;
  }
  close(text.length);
  return chunks;
}

interface JsYamlError {
  name: string;
  reason?: string;
  message: string;
  mark?: { line: number; column: number };
}

function describeChunkError(text: string, chunk: YamlChunk, err: JsYamlError): { rule: string; line: number; message: string } {
  // Prefer the `yaml` package's wording (and its error code) for the same section.
  const body = text.slice(chunk.start, chunk.end);
  const lc = new LineCounter();
  const doc = parseDocument(body, { ...PARSE_OPTIONS, lineCounter: lc });
  const e = doc.errors[0];
  if (e) {
    const line = chunk.startLine + lc.linePos(e.pos[0]).line - 1;
    const dup = e.code === "DUPLICATE_KEY";
    return {
      rule: dup ? "yaml.duplicate-key" : "yaml.syntax",
      line,
      message: `${dup ? "duplicate key" : "YAML syntax error"} at line ${line}: ${firstLine(e.message)}; ${syntaxHint(e.code)}`,
    };
  }
  const reason = err.reason ?? err.message;
  const line = chunk.startLine + (err.mark?.line ?? 0);
  const dup = /duplicated mapping key/.test(reason);
  return {
    rule: dup ? "yaml.duplicate-key" : "yaml.syntax",
    line,
    message: `${dup ? "duplicate key" : "YAML syntax error"} at line ${line}: ${reason}; ${dup ? syntaxHint("DUPLICATE_KEY") : "fix the YAML syntax here"}`,
  };
}

/**
 * Parses a multi-document YAML text. Empty documents (only comments or nothing) are skipped. A document with a syntax
 * error or a duplicate key, or that is not a mapping with apiVersion, kind and metadata.name, gives a Finding instead
 * of a document. `index` counts every "---" section (empty ones too).
 */
export function parseYamlDocuments(text: string, file?: string): ParseResult {
  const documents: ParsedDocument[] = [];
  const errors: Finding[] = [];
  const base = (index: number, line: number): Pick<Finding, "document" | "line" | "file"> => {
    const f: Pick<Finding, "document" | "line" | "file"> = { document: index, line };
    if (file !== undefined) f.file = file;
    return f;
  };
  for (const chunk of splitYamlDocuments(text)) {
    const index = chunk.index;
    let value: unknown;
    try {
      value = jsyaml.load(text.slice(chunk.start, chunk.end), { schema: FAST_SCHEMA, json: false });
    } catch (err) {
      const d = describeChunkError(text, chunk, err as JsYamlError);
      errors.push({ rule: d.rule, severity: "error", message: d.message, kind: "", name: "", path: "", ...base(index, d.line) });
      continue;
    }
    if (chunk.contentLine === undefined || value === null || value === undefined) continue; // empty document
    const line = chunk.contentLine;
    if (!isPlainObject(value)) {
      errors.push({
        rule: "yaml.not-an-object",
        severity: "error",
        message: `document ${index} is ${describeValue(value)}, not a Kubernetes object: each document must be a mapping with apiVersion, kind and metadata.name`,
        kind: "",
        name: "",
        path: "",
        ...base(index, line),
      });
      continue;
    }
    const kind = typeof value.kind === "string" ? value.kind : "";
    const md = value.metadata;
    const name = isPlainObject(md) && typeof md.name === "string" ? md.name : "";
    const missing: string[] = [];
    if (typeof value.apiVersion !== "string" || value.apiVersion === "") missing.push("apiVersion");
    if (kind === "") missing.push("kind");
    if (name === "") missing.push("metadata.name");
    if (missing.length > 0) {
      const path = missing[0] === "metadata.name" ? "/metadata/name" : `/${missing[0]}`;
      const rawName = isPlainObject(md) ? md.name : undefined;
      const typed = missing.length === 1 && rawName !== undefined && rawName !== null && typeof rawName !== "string";
      errors.push({
        rule: "yaml.missing-field",
        severity: "error",
        message: typed
          ? `document ${index}: metadata.name must be a string, got ${typeof rawName} ${JSON.stringify(rawName)}: quote it (YAML reads y, n, yes, no, on, off, true, false and numbers as non-strings)`
          : `document ${index} has no ${missing.join(", ")}: every object needs apiVersion (e.g. vpc.githedgehog.com/v1beta1), ` +
            "kind (e.g. VPC) and metadata.name",
        kind,
        name,
        path,
        ...base(index, line),
      });
      continue;
    }
    documents.push({ index, line, object: value as unknown as HhObject });
  }
  return { documents, errors };
}

/**
 * Returns a function that maps (document index, JSON pointer) to the 1-based line of the deepest YAML node on that path
 * in `text` (the nearest existing ancestor when the path does not exist, e.g. a missing required field). Only the
 * documents asked about are parsed, once each.
 */
export function lineLocator(text: string): (document: number, pointer: string) => number | undefined {
  const chunks = splitYamlDocuments(text);
  const parsed = new Map<number, { doc: Document.Parsed; lc: LineCounter }>();
  return (document, pointer) => {
    const chunk = chunks[document];
    if (!chunk) return undefined;
    let entry = parsed.get(document);
    if (!entry) {
      const lc = new LineCounter();
      entry = { doc: parseDocument(text.slice(chunk.start, chunk.end), { ...PARSE_OPTIONS, lineCounter: lc }), lc };
      parsed.set(document, entry);
    }
    const { doc, lc } = entry;
    let node: unknown = doc.contents;
    let offset = (doc.contents?.range?.[0] ?? 0) as number;
    const tokens = pointer === "" ? [] : pointer.slice(1).split("/").map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
    for (const t of tokens) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && String(isScalar(p.key) ? p.key.value : p.key) === t);
        if (!pair) break;
        if (isScalar(pair.key) && pair.key.range) offset = pair.key.range[0];
        node = pair.value;
      } else if (isSeq(node)) {
        const item = node.items[Number(t)];
        if (item === undefined) break;
        node = item;
        const r = (item as { range?: [number, number, number] }).range;
        if (r) offset = r[0];
      } else {
        break;
      }
    }
    return chunk.startLine + lc.linePos(offset).line - 1;
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Editing

export interface ObjectKey {
  kind: string;
  name: string;
  namespace?: string;
}

interface Located {
  chunks: YamlChunk[];
  i: number;
  chunk: YamlChunk;
  body: string;
  value: unknown;
}

function decodeChunk(body: string): unknown {
  try {
    return jsyaml.load(body, { schema: FAST_SCHEMA, json: false });
  } catch {
    return undefined;
  }
}

/** Finds the document holding `key` (decoding documents with the fast parser; only that one gets a full AST). */
function locate(text: string, key: ObjectKey): Located {
  const chunks = splitYamlDocuments(text);
  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i];
    if (chunk.contentLine === undefined) continue;
    const body = text.slice(chunk.start, chunk.end);
    // Cheap pre-filter before decoding: the name must appear in the section.
    if (!body.includes(key.name)) continue;
    const value = decodeChunk(body);
    if (matches(value, key)) return { chunks, i, chunk, body, value };
  }
  throw new Error(`no document with kind ${key.kind} and name ${key.name} in this file`);
}

function parseChunk(body: string): Document.Parsed {
  const doc = parseDocument(body, PARSE_OPTIONS);
  if (doc.errors.length > 0) throw new Error(`cannot edit a document with YAML errors: ${firstLine(doc.errors[0].message)}`);
  return doc;
}

function matches(value: unknown, key: ObjectKey): boolean {
  if (!isPlainObject(value) || value.kind !== key.kind) return false;
  const md = value.metadata;
  if (!isPlainObject(md) || md.name !== key.name) return false;
  const ns = typeof md.namespace === "string" && md.namespace !== "" ? md.namespace : "default";
  return ns === (key.namespace && key.namespace !== "" ? key.namespace : "default");
}

function keyOf(k: unknown): string {
  return String(isScalar(k) ? k.value : k);
}

/** Updates a YAML node in place to hold `value`, keeping nodes (and their comments/styles) that do not change. */
function updateNode(doc: Document, node: unknown, value: unknown): unknown {
  if (isMap(node) && isPlainObject(value)) {
    node.items = node.items.filter((p) => Object.prototype.hasOwnProperty.call(value, keyOf(p.key)));
    for (const [k, v] of Object.entries(value)) {
      const pair = node.items.find((p) => keyOf(p.key) === k);
      if (pair) pair.value = updateNode(doc, pair.value, v) as typeof pair.value;
      else node.items.push(doc.createPair(k, v) as (typeof node.items)[number]);
    }
    return node;
  }
  if (isSeq(node) && Array.isArray(value)) {
    node.items = node.items.slice(0, value.length);
    value.forEach((v, i) => {
      if (i < node.items.length) node.items[i] = updateNode(doc, node.items[i], v);
      else node.items.push(doc.createNode(v));
    });
    return node;
  }
  if (isScalar(node) && !isCollection(value) && (value === null || typeof value !== "object")) {
    if (node.value !== value) {
      node.value = value;
      // A changed value must not keep a style that could change its meaning (e.g. a plain "123" string).
      if (typeof value !== "string") node.type = undefined;
    }
    return node;
  }
  return doc.createNode(value);
}

function stringifyOptions(source: string): ToStringOptions {
  // Keep the file's sequence style: kubectl/hhfab write "key:\n- item" (not indented).
  const m = /^( *)[^\s#][^\n]*:[ \t]*\n( *)- /m.exec(source);
  const indentSeq = m ? m[2].length > m[1].length : false;
  return { indentSeq, lineWidth: 0, minContentWidth: 0, flowCollectionPadding: false };
}

/**
 * Replaces the document holding the object `key` (kind, name, namespace defaulting to "default") with `obj`. Other
 * documents, comments and the formatting of unchanged values are kept. Throws when no document matches.
 */
export function replaceDocument(text: string, key: ObjectKey, obj: unknown): string {
  const { chunk, body, value } = locate(text, key);
  if (stableStringify(value) === stableStringify(obj)) return text; // nothing changed
  const doc = parseChunk(body);
  doc.contents = updateNode(doc, doc.contents, obj) as typeof doc.contents;
  const out = doc.toString(stringifyOptions(body));
  // Keep the blank lines (or the missing final newline) that ended the section.
  const trailing = /\s*$/.exec(body)?.[0] ?? "";
  return text.slice(0, chunk.start) + out.replace(/\s*$/, "") + trailing + text.slice(chunk.end);
}

/**
 * Removes the document holding `key`, with its own `---` marker and the comments just after that marker; comments
 * that follow its content (usually the heading of the next document) are kept, and so is a file's leading comment.
 * Returns null when no object remains in the file. Throws when no document matches.
 */
export function removeDocument(text: string, key: ObjectKey): string | null {
  const { chunks, i, chunk, body } = locate(text, key);
  const doc = parseChunk(body);
  const start = chunk.start + doc.range[0];
  const contentEnd = chunk.start + (doc.contents?.range?.[1] ?? body.length);
  let out: string;
  if (i === chunks.length - 1) {
    out = text.slice(0, start) + text.slice(chunk.end);
  } else if (i === 0) {
    // Removing the first document: also drop the next document's "---" marker so the file does not start with an
    // empty document; the comments in between stay.
    const next = chunks[1];
    const marker = /^---[ \t]*(\r?\n|$)/.exec(text.slice(next.start, next.end));
    out = text.slice(0, start) + text.slice(contentEnd, next.start) + text.slice(next.start + (marker ? marker[0].length : 0));
  } else {
    out = text.slice(0, start) + text.slice(contentEnd);
  }
  const remaining = chunks.some((c, j) => j !== i && c.contentLine !== undefined && decodeChunk(text.slice(c.start, c.end)) != null);
  return remaining ? out : null;
}

/** Appends `obj` as a new document (canonical YAML) after a `---` separator. */
export function appendDocument(text: string, obj: unknown): string {
  const body = toCanonicalYaml(obj as HhObject);
  if (text.trim() === "") return body;
  return text + (text.endsWith("\n") ? "" : "\n") + "---\n" + body;
}

/** Parses a single YAML document (e.g. a REST body) into a plain value; throws with the first error's message. */
export function parseYamlValue(text: string): unknown {
  const doc = parseDocument(text, PARSE_OPTIONS);
  if (doc.errors.length > 0) throw new Error(firstLine(doc.errors[0].message));
  return doc.toJS({ maxAliasCount: 1000 });
}
