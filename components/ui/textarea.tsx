import * as React from "react";

import { cn } from "@/lib/utils";
import { controlClassName } from "@/components/ui/input";

export type TextareaProps = React.ComponentProps<"textarea">;

export function Textarea({ className, ...props }: TextareaProps) {
  return (
    <textarea
      data-slot="textarea"
      className={cn(controlClassName, "field-sizing-content min-h-20 py-2 leading-relaxed", className)}
      {...props}
    />
  );
}
