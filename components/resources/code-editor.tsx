"use client";

import { yaml } from "@codemirror/lang-yaml";
import { lintGutter, setDiagnostics, type Diagnostic } from "@codemirror/lint";
import CodeMirror, { EditorView } from "@uiw/react-codemirror";
import { useEffect, useMemo, useState } from "react";

export interface LineDiagnostic {
  /** 1-based line. */
  line: number;
  severity: "error" | "warning" | "info";
  message: string;
  /** Shown as the diagnostic's source, e.g. the rule id. */
  source?: string;
}

export interface CodeEditorProps {
  value: string;
  onChange?: (value: string) => void;
  diagnostics?: readonly LineDiagnostic[];
  readOnly?: boolean;
  minHeight?: string;
  maxHeight?: string;
  ariaLabel: string;
  /** The editor view once created (e.g. to jump to a line). */
  onView?: (view: EditorView) => void;
}

function prefersDark(): boolean {
  return typeof window !== "undefined" && window.matchMedia?.("(prefers-color-scheme: dark)").matches === true;
}

/** CodeMirror 6 with YAML highlighting and findings as lint diagnostics on their lines. Client only. */
export default function CodeEditor({ value, onChange, diagnostics = [], readOnly = false, minHeight = "20rem", maxHeight = "70vh", ariaLabel, onView }: CodeEditorProps) {
  const [view, setView] = useState<EditorView | null>(null);
  const [dark] = useState(prefersDark);
  const extensions = useMemo(
    () => [
      yaml(),
      lintGutter(),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ "aria-label": ariaLabel }),
      EditorView.theme({ "&": { fontSize: "13px" }, ".cm-scroller": { fontFamily: "var(--font-mono, ui-monospace, monospace)" } }),
    ],
    [ariaLabel],
  );

  useEffect(() => {
    if (!view) return;
    const doc = view.state.doc;
    const mapped: Diagnostic[] = diagnostics.map((d) => {
      const line = doc.line(Math.min(Math.max(1, d.line), doc.lines));
      return { from: line.from, to: Math.max(line.from, line.to), severity: d.severity, message: d.message, source: d.source };
    });
    view.dispatch(setDiagnostics(view.state, mapped));
  }, [view, diagnostics, value]);

  return (
    <div className="overflow-hidden rounded-lg border" data-testid="yaml-editor">
      <CodeMirror
        value={value}
        onChange={onChange}
        readOnly={readOnly}
        editable={!readOnly}
        theme={dark ? "dark" : "light"}
        minHeight={minHeight}
        maxHeight={maxHeight}
        extensions={extensions}
        basicSetup={{ foldGutter: true, highlightActiveLine: !readOnly, autocompletion: false }}
        onCreateEditor={(v) => {
          setView(v);
          onView?.(v);
        }}
      />
    </div>
  );
}
