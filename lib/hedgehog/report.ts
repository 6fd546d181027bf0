/**
 * One validation pipeline for a set of YAML files, shared by `POST /api/v1/validate`, the `hfm validate` CLI and the
 * ingest step: parse → structural check → duplicate kind+name → defaulting → semantic rules over the whole set (so
 * references resolve across files). Pure: callers do the I/O.
 */
import { objectKey } from "./canonical";
import { applyDefaults } from "./defaults";
import { classifyDocument } from "./registry";
import { checkStructure } from "./schema";
import type { FabricConfig, Finding, HhObject, SourcedObject } from "./types";
import { validateObjects } from "./validate";
import { lineLocator, parseYamlDocuments } from "./yaml";

export interface SkippedDocument {
  file: string;
  document: number;
  apiVersion?: string;
  kind?: string;
  name?: string;
  reason: string;
}

export interface ValidationReport {
  /** True when there is no error (warnings allowed). */
  valid: boolean;
  /** Number of Hedgehog fabric documents seen (valid or not); skipped documents are not counted. */
  objects: number;
  errors: Finding[];
  warnings: Finding[];
  skipped: SkippedDocument[];
}

export interface SourceFile {
  file: string;
  text: string;
}

export interface ValidateSourcesOptions {
  /** Also return the defaulted objects that passed the structural checks (for ingest). */
  collectObjects?: boolean;
  /**
   * Objects that already exist (e.g. a fabric's desired state): references to them resolve and cross-object rules
   * see them, but they are not reported on. An object in the files replaces the context object of the same key.
   */
  context?: readonly HhObject[];
}

export interface ValidateSourcesResult extends ValidationReport {
  /** The defaulted, structurally valid, de-duplicated objects with their sources (only with collectObjects). */
  sourced?: SourcedObject[];
}

function sortFindings(list: Finding[], fileOrder: Map<string, number>): Finding[] {
  return list
    .map((f, i) => ({ f, i }))
    .sort((a, b) => {
      const fa = fileOrder.get(a.f.file ?? "") ?? Number.MAX_SAFE_INTEGER;
      const fb = fileOrder.get(b.f.file ?? "") ?? Number.MAX_SAFE_INTEGER;
      if (fa !== fb) return fa - fb;
      const da = a.f.document ?? -1;
      const db = b.f.document ?? -1;
      if (da !== db) return da - db;
      return a.i - b.i;
    })
    .map((x) => x.f);
}

/**
 * Validates a set of files as one fabric. Non-Hedgehog documents (other apiVersions, fab.yaml fabricator kinds) are
 * reported in `skipped`, not as errors. Every finding carries file, document and line.
 */
export function validateSources(files: ReadonlyArray<SourceFile>, config?: Partial<FabricConfig>, options: ValidateSourcesOptions = {}): ValidateSourcesResult {
  const errors: Finding[] = [];
  const all: Finding[] = [];
  const skipped: SkippedDocument[] = [];
  const candidates: SourcedObject[] = [];
  let objects = 0;
  const fileOrder = new Map<string, number>();

  for (const { file, text } of files) {
    if (!fileOrder.has(file)) fileOrder.set(file, fileOrder.size);
    const parsed = parseYamlDocuments(text, file);
    errors.push(...parsed.errors);
    for (const doc of parsed.documents) {
      const o = doc.object;
      const cls = classifyDocument(o.apiVersion, o.kind);
      if (cls.type === "foreign" || cls.type === "fabricator") {
        skipped.push({
          file,
          document: doc.index,
          apiVersion: o.apiVersion,
          kind: o.kind,
          name: o.metadata?.name,
          reason:
            cls.type === "fabricator"
              ? `${o.kind} is a fab.yaml (fabricator) object: recognised but not part of the wiring; pass fab.yaml with --config to use its fabric settings`
              : cls.reason,
        });
        continue;
      }
      objects++;
      const structural = checkStructure(o, { file, document: doc.index, line: doc.line });
      if (structural.length > 0) {
        all.push(...structural);
        continue;
      }
      candidates.push({ object: o, file, document: doc.index, line: doc.line });
    }
  }

  // Duplicate kind + namespace + name across all files (hhfab: "already exists" on create).
  const seen = new Map<string, SourcedObject>();
  const unique: SourcedObject[] = [];
  for (const c of candidates) {
    const key = objectKey(c.object);
    const first = seen.get(key);
    if (first) {
      all.push({
        rule: "object.duplicate",
        severity: "error",
        message:
          `${c.object.kind} ${c.object.metadata.name} is defined more than once (first in ${first.file} document ${first.document}, line ${first.line}): ` +
          "names are unique per kind; remove or rename one of them",
        kind: c.object.kind,
        name: c.object.metadata.name,
        path: "/metadata/name",
        file: c.file,
        document: c.document,
        line: c.line,
      });
      continue;
    }
    seen.set(key, c);
    unique.push(c);
  }

  const defaulted: SourcedObject[] = unique.map((c) => ({ ...c, object: applyDefaults(c.object, config) as HhObject }));
  const byKey = new Map<string, SourcedObject>();
  for (const d of defaulted) byKey.set(`${d.object.kind}/${d.object.metadata.name}`, d);

  const contextObjects: SourcedObject[] = (options.context ?? [])
    .filter((o) => !seen.has(objectKey(o)))
    .map((o) => ({ object: applyDefaults(o, config) as HhObject }));
  const contextKeys = new Set(contextObjects.map((c) => `${c.object.kind}/${c.object.metadata.name}`));
  // Findings on context objects count only when the files introduce them (e.g. an overlap with a new subnet).
  const findingKey = (f: Finding) => `${f.rule}|${f.kind}|${f.name}|${f.path}`;
  const contextBaseline = contextObjects.length ? new Set(validateObjects(contextObjects, config).map(findingKey)) : new Set<string>();
  for (const f of validateObjects(contextObjects.length ? [...defaulted, ...contextObjects] : defaulted, config)) {
    if (contextKeys.has(`${f.kind}/${f.name}`) && contextBaseline.has(findingKey(f))) continue;
    const src = byKey.get(`${f.kind}/${f.name}`);
    const out: Finding = { ...f };
    if (src) {
      if (out.file === undefined && src.file !== undefined) out.file = src.file;
      if (out.document === undefined && src.document !== undefined) out.document = src.document;
      if (out.line === undefined && src.line !== undefined) out.line = src.line;
    }
    all.push(out);
  }

  // Point each finding at the line of the offending node (one extra parse per file that has findings with a path).
  const texts = new Map(files.map((f) => [f.file, f.text]));
  const locators = new Map<string, ReturnType<typeof lineLocator>>();
  for (const f of all) {
    if (f.file === undefined || f.document === undefined || !f.path) continue;
    const text = texts.get(f.file);
    if (text === undefined) continue;
    let loc = locators.get(f.file);
    if (!loc) {
      loc = lineLocator(text);
      locators.set(f.file, loc);
    }
    const line = loc(f.document, f.path);
    if (line !== undefined) f.line = line;
  }

  for (const f of all) if (f.severity !== "warning") errors.push(f);
  const warnings = all.filter((f) => f.severity === "warning");
  const sortedErrors = sortFindings(errors, fileOrder);
  const result: ValidateSourcesResult = {
    valid: sortedErrors.length === 0,
    objects,
    errors: sortedErrors,
    warnings: sortFindings(warnings, fileOrder),
    skipped,
  };
  if (options.collectObjects) result.sourced = defaulted;
  return result;
}

/** One finding as `POST /api/v1/validate` and `hfm validate --format json` print it. */
export interface ValidateResponseFinding {
  document: number | null;
  kind: string;
  name: string;
  path: string;
  rule: string;
  message: string;
  file?: string;
  line?: number;
}

/** The JSON body of `POST /api/v1/validate` (API.md) plus warnings and skipped documents; the CLI prints the same. */
export interface ValidateResponse {
  valid: boolean;
  objects: number;
  errors: ValidateResponseFinding[];
  warnings: ValidateResponseFinding[];
  skipped: SkippedDocument[];
}

function responseFinding(f: Finding): ValidateResponseFinding {
  const out: ValidateResponseFinding = {
    document: f.document ?? null,
    kind: f.kind,
    name: f.name,
    path: f.path,
    rule: f.rule,
    message: f.message,
  };
  if (f.file !== undefined) out.file = f.file;
  if (f.line !== undefined) out.line = f.line;
  return out;
}

/** Maps a report to the REST/CLI JSON shape (field order fixed, no internal fields). */
export function toValidateResponse(report: ValidationReport): ValidateResponse {
  return {
    valid: report.valid,
    objects: report.objects,
    errors: report.errors.map(responseFinding),
    warnings: report.warnings.map(responseFinding),
    skipped: report.skipped,
  };
}
