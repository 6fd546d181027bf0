"use client";

import * as React from "react";
import { diffLines, diffStats, sideBySide } from "@/lib/line-diff";
import { cn } from "@/lib/utils";

/** Side-by-side line diff of two canonical YAML texts (Git's version on the left, the edit on the right). */
export function YamlDiff({ before, after, className }: { before: string; after: string; className?: string }) {
  const lines = React.useMemo(() => diffLines(before, after), [before, after]);
  const rows = React.useMemo(() => sideBySide(lines), [lines]);
  const stats = diffStats(lines);
  return (
    <div className={cn("overflow-hidden rounded-lg border", className)}>
      <div className="flex items-center justify-between border-b bg-muted/60 px-3 py-1.5 text-xs text-muted-foreground">
        <span className="grid w-full grid-cols-2">
          <span>{before ? "In Git" : "New object"}</span>
          <span>{after ? "After this change" : "Deleted"}</span>
        </span>
        <span className="shrink-0 font-mono">
          <span className="text-green-700 dark:text-green-400">+{stats.added}</span>{" "}
          <span className="text-red-700 dark:text-red-400">−{stats.removed}</span>
        </span>
      </div>
      <div className="max-h-[28rem] overflow-auto">
        <table className="w-full border-collapse font-mono text-xs" aria-label="Line diff">
          <tbody>
            {rows.map((r, i) => (
              <tr key={i} className="align-top">
                <td className="w-10 border-r px-1.5 text-right text-muted-foreground select-none">{r.left?.line ?? ""}</td>
                <td
                  className={cn(
                    "w-1/2 border-r px-2 whitespace-pre",
                    r.changed && r.left ? "bg-red-500/10 text-red-900 dark:text-red-200" : "",
                    r.changed && !r.left ? "bg-muted/40" : "",
                  )}
                >
                  {r.left ? (r.changed ? `- ${r.left.text}` : `  ${r.left.text}`) : ""}
                </td>
                <td className="w-10 border-r px-1.5 text-right text-muted-foreground select-none">{r.right?.line ?? ""}</td>
                <td
                  className={cn(
                    "w-1/2 px-2 whitespace-pre",
                    r.changed && r.right ? "bg-green-500/10 text-green-900 dark:text-green-200" : "",
                    r.changed && !r.right ? "bg-muted/40" : "",
                  )}
                >
                  {r.right ? (r.changed ? `+ ${r.right.text}` : `  ${r.right.text}`) : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
