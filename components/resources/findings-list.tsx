import { CircleX, Info, TriangleExclamationPoint } from "lucide-react";
import { cn } from "@/lib/utils";
import { displayPath } from "./shared";

export interface FindingItem {
  severity: "error" | "warning" | "info";
  message: string;
  path?: string;
  rule?: string;
  line?: number;
  /** Extra context (document, kind/name). */
  context?: string;
  note?: string;
}

const ICON = { error: CircleX, warning: TriangleExclamationPoint, info: Info } as const;
const TONE = { error: "text-destructive", warning: "text-amber-700 dark:text-amber-300", info: "text-muted-foreground" } as const;

/** A list of validation findings: severity icon, message, field path, rule id and line. */
export function FindingsList({ items, className, onLineClick }: { items: readonly FindingItem[]; className?: string; onLineClick?: (line: number) => void }) {
  return (
    <ul className={cn("flex flex-col divide-y rounded-md border text-sm", className)} data-testid="findings">
      {items.map((f, i) => {
        const Icon = ICON[f.severity];
        return (
          <li key={i} className="flex gap-2 px-3 py-2">
            <Icon aria-label={f.severity} className={cn("mt-0.5 size-4 shrink-0", TONE[f.severity])} />
            <div className="min-w-0 flex-1">
              <p className="break-words">{f.message}</p>
              <p className="mt-0.5 flex flex-wrap gap-x-3 font-mono text-xs text-muted-foreground">
                {f.context ? <span>{f.context}</span> : null}
                {f.path !== undefined ? <span title={f.path}>{displayPath(f.path)}</span> : null}
                {f.rule ? <span>[{f.rule}]</span> : null}
                {f.line !== undefined ? (
                  onLineClick ? (
                    <button type="button" className="underline-offset-2 hover:underline" onClick={() => onLineClick(f.line!)}>
                      line {f.line}
                    </button>
                  ) : (
                    <span>line {f.line}</span>
                  )
                ) : null}
              </p>
              {f.note ? <p className="mt-0.5 text-xs text-muted-foreground">{f.note}</p> : null}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
