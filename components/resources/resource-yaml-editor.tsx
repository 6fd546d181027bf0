"use client";

import { useMutation } from "@tanstack/react-query";
import type { EditorView } from "@uiw/react-codemirror";
import { CircleCheck, LoaderCircle, RotateCcw, Save } from "lucide-react";
import dynamic from "next/dynamic";
import { useMemo, useRef, useState, type ReactNode } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Callout } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { lineLocator, splitYamlDocuments } from "@/lib/hedgehog/yaml";
import type { LineDiagnostic } from "./code-editor";
import { FindingsList, type FindingItem } from "./findings-list";
import { httpStatusOf, isStaleVersion, writeIssues, type WriteIssue } from "./shared";
import { useLiveValidation } from "./use-live-validation";

const CodeEditor = dynamic(() => import("./code-editor"), { ssr: false, loading: () => <Skeleton className="h-80 w-full" /> });

export type EditorTarget = { op: "create" } | { op: "update"; kind: string; name: string; version: number };

export interface SavedObject {
  kind: string;
  name: string;
  warnings: Array<{ path: string; rule: string; message: string }>;
}

/**
 * The YAML editor for one object of any kind: findings of `resources.validate` shown live on their lines (references
 * the fabric already has resolve: the server validates in the fabric's context), the server's 422 issues after a save, and 409 handling.
 */
export function ResourceYamlEditor({
  fabricId,
  target,
  value,
  onChange,
  onSaved,
  onReload,
  extraActions,
}: {
  fabricId: string;
  target: EditorTarget;
  value: string;
  onChange: (value: string) => void;
  onSaved: (saved: SavedObject) => void;
  onReload?: () => void;
  extraActions?: ReactNode;
}) {
  const trpc = useTRPC();
  const viewRef = useRef<EditorView | null>(null);
  const live = useLiveValidation(value, fabricId);
  const [saveIssues, setSaveIssues] = useState<{ text: string; issues: WriteIssue[] } | null>(null);

  const onSuccess = (res: SavedObject) => {
    setSaveIssues(null);
    onSaved(res);
  };
  const onError = (err: unknown) => setSaveIssues({ text: value, issues: writeIssues(err) });
  const create = useMutation(trpc.resources.create.mutationOptions({ onSuccess, onError }));
  const update = useMutation(trpc.resources.update.mutationOptions({ onSuccess, onError }));
  const mutation = target.op === "create" ? create : update;

  const save = () => {
    if (target.op === "create") create.mutate({ id: fabricId, yaml: value });
    else update.mutate({ id: fabricId, kind: target.kind, name: target.name, yaml: value, version: target.version });
  };

  const documents = useMemo(() => splitYamlDocuments(value).filter((c) => c.contentLine !== undefined).length, [value]);

  const { items, diagnostics } = useMemo(() => {
    const items: FindingItem[] = [];
    const diagnostics: LineDiagnostic[] = [];
    const stale = live.validatedText !== value;
    if (!stale) {
      for (const [severity, list] of [
        ["error", live.result?.errors ?? []],
        ["warning", live.result?.warnings ?? []],
      ] as const) {
        for (const f of list) {
          const note = f.rule.endsWith(".missing") ? "Not in this fabric either: create it first, or fix the reference." : undefined;
          items.push({ severity, message: f.message, path: f.path, rule: f.rule, line: f.line, note });
          if (f.line !== undefined) diagnostics.push({ line: f.line, severity, message: f.message, source: f.rule });
        }
      }
      for (const s of live.result?.skipped ?? []) {
        items.push({ severity: "warning", message: `Not a Hedgehog fabric object: ${s.reason}`, context: `document ${s.document}` });
      }
    }
    if (saveIssues) {
      const locate = lineLocator(saveIssues.text);
      for (const i of saveIssues.issues) {
        const line = locate(0, i.path);
        items.push({ severity: "error", message: i.message, path: i.path, rule: i.rule, line, note: "Refused by the server when saving." });
        if (line !== undefined && saveIssues.text === value) diagnostics.push({ line, severity: "error", message: i.message, source: i.rule });
      }
    }
    return { items, diagnostics };
  }, [live.result, live.validatedText, value, saveIssues]);

  const error = mutation.error;
  const stale = isStaleVersion(error);
  const errorCount = items.filter((i) => i.severity === "error").length;

  return (
    <div className="flex flex-col gap-3">
      {stale ? (
        <Callout
          variant="warning"
          title="Changed since you opened it — reload"
          action={
            onReload ? (
              <Button variant="outline" size="sm" onClick={onReload}>
                <RotateCcw /> Reload (discards your edits)
              </Button>
            ) : null
          }
        >
          Someone saved this object after you opened it. Reload to get the current version, then apply your change again.
        </Callout>
      ) : error && writeIssues(error).length === 0 ? (
        <Callout variant="error" title={httpStatusOf(error) === 403 ? "Read-only" : "Could not save"}>
          {error.message}
        </Callout>
      ) : null}
      {documents > 1 ? (
        <Callout variant="warning" title="Several documents">
          The editor saves exactly one object. Use Import YAML for several objects.
        </Callout>
      ) : null}

      <CodeEditor value={value} onChange={onChange} diagnostics={diagnostics} ariaLabel="YAML" onView={(v) => (viewRef.current = v)} />

      <div className="flex flex-wrap items-center gap-2">
        <Button type="button" onClick={save} disabled={mutation.isPending || value.trim() === ""}>
          {mutation.isPending ? <LoaderCircle className="animate-spin" /> : <Save />} {target.op === "create" ? "Create" : "Save"}
        </Button>
        {extraActions}
        <span className="ml-auto flex items-center gap-1.5 text-sm text-muted-foreground" aria-live="polite">
          {live.checking ? (
            <>
              <LoaderCircle className="size-4 animate-spin" /> Checking…
            </>
          ) : live.result && errorCount === 0 ? (
            <>
              <CircleCheck className="size-4 text-success" /> No errors
            </>
          ) : live.result ? (
            `${errorCount} error${errorCount === 1 ? "" : "s"}`
          ) : null}
        </span>
      </div>

      {items.length > 0 ? (
        <FindingsList
          items={items}
          onLineClick={(line) => {
            const view = viewRef.current;
            if (!view) return;
            const l = view.state.doc.line(Math.min(Math.max(1, line), view.state.doc.lines));
            view.dispatch({ selection: { anchor: l.from }, scrollIntoView: true });
            view.focus();
          }}
        />
      ) : null}
      {live.error ? <p className="text-sm text-destructive">Live validation failed: {live.error.message}</p> : null}
    </div>
  );
}
