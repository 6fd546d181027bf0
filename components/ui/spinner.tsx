import * as React from "react";
import { LoaderCircle } from "lucide-react";

import { cn } from "@/lib/utils";

export type SpinnerProps = React.ComponentProps<"svg"> & {
  /** Accessible text announced to screen readers. Pass null for a purely decorative spinner (e.g. inside a labelled button). */
  label?: string | null;
};

export function Spinner({ className, label = "Loading", ...props }: SpinnerProps) {
  return (
    <LoaderCircle
      data-slot="spinner"
      {...(label === null ? { "aria-hidden": true } : { role: "status", "aria-label": label })}
      className={cn("size-4 animate-spin text-muted-foreground", className)}
      {...props}
    />
  );
}
