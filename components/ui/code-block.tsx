import * as React from "react";

import { cn } from "@/lib/utils";
import { CopyButton } from "@/components/ui/copy-button";

export type CodeBlockProps = Omit<React.ComponentProps<"div">, "children" | "title"> & {
  code: string;
  /** Shown in the header bar (e.g. a file path or "YAML"). */
  title?: React.ReactNode;
  /** Language hint, set as data-language (and shown when there is no title). */
  language?: string;
  /** Show a copy button (default true). */
  copyable?: boolean;
  /** Wrap long lines instead of scrolling horizontally. */
  wrap?: boolean;
  /** Tailwind max-height class for long content, e.g. "max-h-96". */
  maxHeightClassName?: string;
};

/** Read-only code/YAML/JSON display in the mono font, with a copy button. */
export function CodeBlock({
  code,
  title,
  language,
  copyable = true,
  wrap = false,
  maxHeightClassName = "max-h-[32rem]",
  className,
  ...props
}: CodeBlockProps) {
  const heading = title ?? language;
  return (
    <div
      data-slot="code-block"
      data-language={language}
      className={cn("group relative overflow-hidden rounded-lg border bg-muted/40", className)}
      {...props}
    >
      {heading ? (
        <div className="flex h-9 items-center justify-between gap-2 border-b bg-muted/60 pr-1.5 pl-3">
          <span className="truncate font-mono text-xs text-muted-foreground">{heading}</span>
          {copyable ? <CopyButton value={code} label="Copy to clipboard" /> : null}
        </div>
      ) : copyable ? (
        <div className="absolute top-1.5 right-1.5 z-10 rounded-md bg-background/80 opacity-100 backdrop-blur-sm transition-opacity sm:opacity-0 sm:group-focus-within:opacity-100 sm:group-hover:opacity-100">
          <CopyButton value={code} label="Copy to clipboard" />
        </div>
      ) : null}
      <pre
        tabIndex={0}
        className={cn(
          "overflow-auto p-3 font-mono text-[13px] leading-relaxed outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:ring-inset",
          wrap ? "break-words whitespace-pre-wrap" : "whitespace-pre",
          maxHeightClassName,
        )}
      >
        <code>{code}</code>
      </pre>
    </div>
  );
}
