"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CircleCheck, CircleX, FileText, FileUp, ListChecks, LoaderCircle, Square, Upload, X } from "lucide-react";
import Link from "next/link";
import { useMemo, useRef, useState } from "react";
import { useCurrentUser } from "@/components/providers/current-user";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc";
import { Callout } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Textarea } from "@/components/ui/textarea";
import { findKindByGVK, KINDS } from "@/lib/hedgehog/registry";
import type { HhObject } from "@/lib/hedgehog/types";
import { parseYamlDocuments, splitYamlDocuments } from "@/lib/hedgehog/yaml";
import { FindingsList, type FindingItem } from "./findings-list";
import { httpStatusOf, missingReference, resourceHref, resourcesHref, writeIssues, type ValidateResult } from "./shared";

interface Source {
  file: string;
  text: string;
}

/** Where a source file starts in the combined stream sent to `resources.validate`. */
interface Placed extends Source {
  startLine: number;
  lineCount: number;
}

interface MappedFinding {
  severity: "error" | "warning";
  file: string;
  line?: number;
  document?: number;
  kind: string;
  name: string;
  path: string;
  rule: string;
  message: string;
}

interface ReportDoc {
  file: string;
  document: number;
  line: number;
  object: HhObject;
  hedgehog: boolean;
}

interface Report {
  sources: Source[];
  result: ValidateResult;
  docs: ReportDoc[];
  findings: MappedFinding[];
  skipped: Array<{ file: string; document?: number; line?: number; what: string; reason: string }>;
}

type ImportOutcome = { status: "created" | "updated"; version: number } | { status: "failed"; message: string; issues: Array<{ path: string; message: string; rule?: string }> };

const PASTED = "pasted.yaml";
const KIND_ORDER = new Map(KINDS.map((k, i) => [k.kind, i]));
const countNewlines = (s: string) => {
  let n = 0;
  for (let i = s.indexOf("\n"); i >= 0; i = s.indexOf("\n", i + 1)) n++;
  return n;
};

/** One YAML stream of every source, with where each source starts (documents never span two sources). */
function combine(sources: readonly Source[]): { text: string; placed: Placed[] } {
  let text = "";
  const placed: Placed[] = [];
  for (const s of sources) {
    if (text !== "") {
      if (!text.endsWith("\n")) text += "\n";
      text += "---\n";
    }
    const startLine = countNewlines(text) + 1;
    text += s.text;
    placed.push({ ...s, startLine, lineCount: countNewlines(s.text) + 1 });
  }
  return { text, placed };
}

function locate(placed: readonly Placed[], line: number): { file: string; line: number } | undefined {
  let hit: Placed | undefined;
  for (const p of placed) if (p.startLine <= line) hit = p;
  return hit ? { file: hit.file, line: line - hit.startLine + 1 } : undefined;
}

/** The document index within its own file of a (file, line). */
function documentAt(text: string, line: number): number | undefined {
  let index: number | undefined;
  for (const c of splitYamlDocuments(text)) if (c.startLine <= line) index = c.index;
  return index;
}

/** Bulk import: paste or upload YAML, validate (report before anything is saved), then create/update one by one. */
export function ImportView({ fabricId }: { fabricId: string }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const fabric = useQuery(trpc.fabrics.get.queryOptions({ id: fabricId }));
  const [pasted, setPasted] = useState("");
  const [files, setFiles] = useState<Source[]>([]);
  const [report, setReport] = useState<Report | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number; running: boolean } | null>(null);
  const [outcomes, setOutcomes] = useState<Array<{ doc: ReportDoc; outcome: ImportOutcome }>>([]);
  const stopRef = useRef(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const sources = useMemo(() => [...files, ...(pasted.trim() ? [{ file: PASTED, text: pasted }] : [])], [files, pasted]);
  const reportCurrent = !!report && report.sources.length === sources.length && report.sources.every((s, i) => s.file === sources[i]!.file && s.text === sources[i]!.text);

  const validate = useMutation({
    mutationFn: async (srcs: Source[]): Promise<Report> => {
      const { text, placed } = combine(srcs);
      const result = await client.resources.validate.mutate({ yaml: text, fabricId, file: "import" });
      const combinedChunks = splitYamlDocuments(text);
      const where = (f: { line?: number; document: number | null }) => {
        const line = f.line ?? (f.document !== null ? combinedChunks[f.document]?.contentLine : undefined);
        if (line === undefined) return { file: srcs[0]?.file ?? PASTED };
        const loc = locate(placed, line);
        if (!loc) return { file: srcs[0]?.file ?? PASTED };
        const src = placed.find((p) => p.file === loc.file)!;
        return { file: loc.file, line: loc.line, document: documentAt(src.text, loc.line) };
      };
      const findings: MappedFinding[] = [
        ...result.errors.map((f) => ({ ...f, severity: "error" as const })),
        ...result.warnings.map((f) => ({ ...f, severity: "warning" as const })),
      ].map((f) => ({ severity: f.severity, kind: f.kind, name: f.name, path: f.path, rule: f.rule, message: f.message, ...where(f) }));
      const skipped = result.skipped.map((s) => {
        const w = where({ document: s.document });
        return { ...w, what: [s.kind, s.name].filter(Boolean).join(" ") || s.apiVersion || "document", reason: s.reason };
      });
      const docs: ReportDoc[] = srcs.flatMap((s) =>
        parseYamlDocuments(s.text, s.file).documents.map((d) => ({
          file: s.file,
          document: d.index,
          line: d.line,
          object: d.object,
          hedgehog: !!findKindByGVK(d.object.apiVersion, d.object.kind)?.ingested,
        })),
      );
      return { sources: srcs, result, docs, findings, skipped };
    },
    onSuccess: (r) => {
      setReport(r);
      setOutcomes([]);
      setProgress(null);
    },
  });

  const findings = report?.findings ?? [];
  const blocking = findings.filter((f) => f.severity === "error");
  const missingRefs = blocking.filter((f) => missingReference(f));
  const otherErrors = blocking.filter((f) => !missingReference(f));
  const warnings = findings.filter((f) => f.severity === "warning");
  const importable = useMemo(
    () => (report?.docs ?? []).filter((d) => d.hedgehog).sort((a, b) => (KIND_ORDER.get(a.object.kind) ?? 99) - (KIND_ORDER.get(b.object.kind) ?? 99)),
    [report],
  );
  const errorsByDoc = new Map<string, number>();
  for (const f of blocking) if (f.document !== undefined) errorsByDoc.set(`${f.file}#${f.document}`, (errorsByDoc.get(`${f.file}#${f.document}`) ?? 0) + 1);

  const runImport = async () => {
    stopRef.current = false;
    setOutcomes([]);
    setProgress({ done: 0, total: importable.length, running: true });
    for (let i = 0; i < importable.length; i++) {
      if (stopRef.current) break;
      const doc = importable[i]!;
      const { kind, metadata } = doc.object;
      let outcome: ImportOutcome;
      try {
        let version: number | null = null;
        try {
          const existing = await client.resources.get.query({ id: fabricId, kind, name: metadata.name });
          version = existing.desired !== null ? existing.version : null;
        } catch (err) {
          if (httpStatusOf(err) !== 404) throw err;
        }
        const object = doc.object as unknown as Record<string, unknown>;
        const saved =
          version === null
            ? await client.resources.create.mutate({ id: fabricId, object })
            : await client.resources.update.mutate({ id: fabricId, kind, name: metadata.name, object, version });
        outcome = { status: version === null ? "created" : "updated", version: saved.version };
      } catch (err) {
        outcome = { status: "failed", message: err instanceof Error ? err.message : String(err), issues: writeIssues(err) };
      }
      setOutcomes((prev) => [...prev, { doc, outcome }]);
      setProgress({ done: i + 1, total: importable.length, running: i + 1 < importable.length && !stopRef.current });
    }
    setProgress((p) => (p ? { ...p, running: false } : p));
    await queryClient.invalidateQueries({ queryKey: trpc.resources.pathKey() });
  };

  const readFiles = async (list: FileList | null) => {
    if (!list) return;
    const read = await Promise.all([...list].map(async (f) => ({ file: f.name, text: await f.text() })));
    setFiles((prev) => [...prev.filter((p) => !read.some((r) => r.file === p.file)), ...read]);
    if (fileInput.current) fileInput.current.value = "";
  };

  const fabricName = fabric.data?.name ?? "Fabric";
  const failed = outcomes.filter((o) => o.outcome.status === "failed").length;
  const canImport = user.can("operator");

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        className="mb-0"
        breadcrumbs={[{ label: "Fabrics", href: "/fabrics" }, { label: fabricName, href: `/fabrics/${fabricId}` }, { label: "Resources", href: resourcesHref(fabricId) }, { label: "Import" }]}
        title="Import YAML"
        description="Paste or upload Hedgehog YAML (several documents, several files). Validate shows the report before anything is saved; Import then creates or updates each object as a draft."
      />

      <Card>
        <CardHeader>
          <CardTitle>Sources</CardTitle>
          <CardDescription>Documents of other API groups (e.g. Argo CD or fabricator objects) are skipped and listed.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          <div className="flex flex-wrap items-center gap-2">
            <input ref={fileInput} type="file" multiple accept=".yaml,.yml,text/yaml,application/yaml" className="sr-only" id="import-files" aria-label="YAML files" onChange={(e) => void readFiles(e.target.files)} />
            <Button type="button" variant="outline" onClick={() => fileInput.current?.click()}>
              <Upload /> Upload files
            </Button>
            {files.map((f) => (
              <Badge key={f.file} variant="secondary" className="gap-1 font-mono">
                <FileText className="size-3.5" />
                {f.file}
                <button type="button" aria-label={`Remove ${f.file}`} onClick={() => setFiles((prev) => prev.filter((p) => p.file !== f.file))}>
                  <X className="size-3.5" />
                </button>
              </Badge>
            ))}
          </div>
          <FormField label="Paste YAML">
            <Textarea id="import-paste" className="min-h-48 font-mono text-[13px]" placeholder={"apiVersion: vpc.githedgehog.com/v1beta1\nkind: VPC\n…\n---\n…"} value={pasted} onChange={(e) => setPasted(e.target.value)} spellCheck={false} />
          </FormField>
          <div className="flex flex-wrap items-center gap-2">
            <Button type="button" onClick={() => validate.mutate(sources)} disabled={sources.length === 0 || validate.isPending || !!progress?.running}>
              {validate.isPending ? <LoaderCircle className="animate-spin" /> : <ListChecks />} Validate
            </Button>
            {report && !reportCurrent ? <span className="text-sm text-muted-foreground">The sources changed since the last validation: validate again.</span> : null}
          </div>
          {validate.isError ? (
            <Callout variant="error" title="Validation failed">
              {validate.error.message}
            </Callout>
          ) : null}
        </CardContent>
      </Card>

      {report ? (
        <Card data-testid="import-report">
          <CardHeader>
            <CardTitle>Validation report</CardTitle>
            <CardDescription>
              {report.sources.length} source{report.sources.length === 1 ? "" : "s"} · nothing has been saved yet.
            </CardDescription>
          </CardHeader>
          <CardContent className="flex flex-col gap-5">
            <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5">
              <Stat label="Hedgehog objects" value={report.result.objects} />
              <Stat label="Valid objects" value={importable.filter((d) => !errorsByDoc.has(`${d.file}#${d.document}`)).length} tone="good" />
              <Stat label="Errors" value={blocking.length} tone={blocking.length ? "bad" : undefined} />
              <Stat label="Warnings" value={warnings.length} />
              <Stat label="Skipped documents" value={report.skipped.length} />
            </dl>

            {missingRefs.length > 0 ? (
              <section className="flex flex-col gap-2">
                <h3 className="text-sm font-semibold">Missing references ({missingRefs.length})</h3>
                <p className="text-xs text-muted-foreground">Objects these files refer to that neither the files nor the fabric define. Import them first (or sync the wiring), or fix the references.</p>
                <FindingsList items={missingRefs.map(toItem)} />
              </section>
            ) : null}
            {otherErrors.length > 0 ? (
              <section className="flex flex-col gap-2">
                <h3 className="text-sm font-semibold">Errors ({otherErrors.length})</h3>
                <FindingsList items={otherErrors.map(toItem)} />
              </section>
            ) : null}
            {warnings.length > 0 ? (
              <section className="flex flex-col gap-2">
                <h3 className="text-sm font-semibold">Warnings ({warnings.length})</h3>
                <FindingsList items={warnings.map(toItem)} />
              </section>
            ) : null}
            {report.skipped.length > 0 ? (
              <section className="flex flex-col gap-2">
                <h3 className="text-sm font-semibold">Skipped documents ({report.skipped.length})</h3>
                <FindingsList items={report.skipped.map((s) => ({ severity: "info", message: `${s.what}: ${s.reason}`, line: s.line, context: `${s.file}${s.document !== undefined ? ` #${s.document}` : ""}` }))} />
              </section>
            ) : null}

            <section className="flex flex-col gap-2">
              <h3 className="text-sm font-semibold">Objects ({importable.length}), in import order</h3>
              {importable.length === 0 ? (
                <p className="text-sm text-muted-foreground">No Hedgehog object to import.</p>
              ) : (
                <div className="overflow-x-auto rounded-md border">
                  <Table>
                    <TableHeader>
                      <TableRow>
                        <TableHead>Kind</TableHead>
                        <TableHead>Name</TableHead>
                        <TableHead>Source</TableHead>
                        <TableHead>Check</TableHead>
                        <TableHead>Import</TableHead>
                      </TableRow>
                    </TableHeader>
                    <TableBody>
                      {importable.map((d) => {
                        const errs = errorsByDoc.get(`${d.file}#${d.document}`) ?? 0;
                        const done = outcomes.find((o) => o.doc === d)?.outcome;
                        return (
                          <TableRow key={`${d.file}#${d.document}`}>
                            <TableCell className="text-muted-foreground">{d.object.kind}</TableCell>
                            <TableCell className="font-mono text-[13px] break-all">
                              {done && done.status !== "failed" ? (
                                <Link className="hover:underline" href={resourceHref(fabricId, d.object.kind, d.object.metadata.name)}>
                                  {d.object.metadata.name}
                                </Link>
                              ) : (
                                d.object.metadata.name
                              )}
                            </TableCell>
                            <TableCell className="font-mono text-xs break-all whitespace-normal text-muted-foreground">
                              {d.file} #{d.document} · line {d.line}
                            </TableCell>
                            <TableCell>
                              {errs ? <span className="text-destructive">{errs} error{errs === 1 ? "" : "s"}</span> : <span className="text-success">valid</span>}
                            </TableCell>
                            <TableCell className="min-w-72 whitespace-normal">
                              {!done ? (
                                <span className="text-muted-foreground">—</span>
                              ) : done.status === "failed" ? (
                                <div className="flex flex-col gap-0.5 text-destructive">
                                  <span className="flex items-center gap-1">
                                    <CircleX className="size-4" /> failed
                                  </span>
                                  {done.issues.length ? (
                                    <ul className="text-xs break-words">
                                      {done.issues.map((i, k) => (
                                        <li key={k}>
                                          <span className="font-mono">{i.path || "/"}</span> {i.message}
                                          {i.rule ? ` [${i.rule}]` : ""}
                                        </li>
                                      ))}
                                    </ul>
                                  ) : (
                                    <span className="text-xs">{done.message}</span>
                                  )}
                                </div>
                              ) : (
                                <span className="flex items-center gap-1 text-success">
                                  <CircleCheck className="size-4" /> {done.status} (v{done.version})
                                </span>
                              )}
                            </TableCell>
                          </TableRow>
                        );
                      })}
                    </TableBody>
                  </Table>
                </div>
              )}
            </section>

            {canImport ? (
              <div className="flex flex-col gap-3 border-t pt-4">
                {blocking.length > 0 ? (
                  <Callout variant="warning" title="Some objects have errors">
                    The server checks every object again against the fabric and refuses those that break a rule; each refusal is listed. Objects are imported in dependency order (namespaces, then VPCs, then attachments and peerings).
                  </Callout>
                ) : null}
                <div className="flex flex-wrap items-center gap-3">
                  <Button type="button" onClick={() => void runImport()} disabled={!reportCurrent || importable.length === 0 || !!progress?.running}>
                    {progress?.running ? <LoaderCircle className="animate-spin" /> : <FileUp />} Import {importable.length} object{importable.length === 1 ? "" : "s"}
                  </Button>
                  {progress?.running ? (
                    <Button type="button" variant="outline" onClick={() => (stopRef.current = true)}>
                      <Square /> Stop
                    </Button>
                  ) : null}
                  {progress ? (
                    <div className="flex min-w-60 flex-1 items-center gap-3" aria-live="polite">
                      <div className="h-2 flex-1 overflow-hidden rounded-full bg-muted" role="progressbar" aria-valuemin={0} aria-valuemax={progress.total} aria-valuenow={progress.done} aria-label="Import progress">
                        <div className="h-full bg-primary transition-[width]" style={{ width: `${progress.total ? (progress.done / progress.total) * 100 : 0}%` }} />
                      </div>
                      <span className="text-sm tabular-nums">
                        {progress.done} / {progress.total}
                        {!progress.running ? ` · ${progress.done - failed} saved, ${failed} failed${progress.done < progress.total ? `, ${progress.total - progress.done} not attempted (stopped)` : ""}` : ""}
                      </span>
                    </div>
                  ) : null}
                </div>
                {progress && !progress.running && progress.done - failed > 0 ? (
                  <p className="text-sm text-muted-foreground">
                    Saved objects are drafts in the fabric&apos;s pending change set.{" "}
                    <Link className="underline" href={resourcesHref(fabricId, { state: "draft" })}>
                      See the drafts
                    </Link>
                    .
                  </p>
                ) : null}
              </div>
            ) : (
              <p className="text-sm text-muted-foreground">Importing needs the operator role; you can validate.</p>
            )}
          </CardContent>
        </Card>
      ) : null}
    </div>
  );
}

function toItem(f: MappedFinding): FindingItem {
  return {
    severity: f.severity,
    message: f.message,
    path: f.path,
    rule: f.rule,
    line: f.line,
    context: `${f.file}${f.document !== undefined ? ` #${f.document}` : ""}${f.kind ? ` · ${f.kind} ${f.name}` : ""}`,
  };
}

function Stat({ label, value, tone }: { label: string; value: number; tone?: "good" | "bad" }) {
  return (
    <div className="rounded-md border px-3 py-2">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className={`text-lg font-semibold tabular-nums ${tone === "bad" ? "text-destructive" : tone === "good" ? "text-success" : ""}`}>{value}</dd>
    </div>
  );
}
