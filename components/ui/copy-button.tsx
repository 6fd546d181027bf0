"use client";

import * as React from "react";
import { Check, Copy } from "lucide-react";

import { cn } from "@/lib/utils";
import { Button, type ButtonProps } from "@/components/ui/button";

async function writeClipboard(text: string): Promise<void> {
  if (typeof navigator !== "undefined" && navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Fallback for plain-HTTP deployments (air-gapped sites often have no TLS on the console).
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  try {
    if (!document.execCommand("copy")) throw new Error("Copy failed");
  } finally {
    document.body.removeChild(area);
  }
}

export type CopyButtonProps = Omit<ButtonProps, "onClick" | "children"> & {
  value: string;
  /** Accessible label, e.g. "Copy YAML". */
  label?: string;
  /** Show the label text next to the icon. */
  showLabel?: boolean;
};

export function CopyButton({
  value,
  label = "Copy",
  showLabel = false,
  variant = "ghost",
  size,
  className,
  ...props
}: CopyButtonProps) {
  const [state, setState] = React.useState<"idle" | "copied" | "failed">("idle");
  const timer = React.useRef<ReturnType<typeof setTimeout> | null>(null);

  React.useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  const onClick = async () => {
    try {
      await writeClipboard(value);
      setState("copied");
    } catch {
      setState("failed");
    }
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setState("idle"), 2000);
  };

  const text = state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : label;
  return (
    <Button
      variant={variant}
      size={size ?? (showLabel ? "xs" : "icon-xs")}
      className={cn("text-muted-foreground hover:text-foreground", className)}
      onClick={onClick}
      aria-label={showLabel ? undefined : text}
      title={showLabel ? undefined : text}
      {...props}
    >
      {state === "copied" ? <Check aria-hidden="true" className="text-success" /> : <Copy aria-hidden="true" />}
      {showLabel ? <span>{text}</span> : null}
      <span aria-live="polite" className="sr-only">
        {state === "copied" ? "Copied to clipboard" : state === "failed" ? "Copy failed" : ""}
      </span>
    </Button>
  );
}
