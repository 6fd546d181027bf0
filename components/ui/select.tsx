import * as React from "react";
import { ChevronDown } from "lucide-react";

import { cn } from "@/lib/utils";
import { controlClassName } from "@/components/ui/input";

export type SelectOption = { value: string; label: string; disabled?: boolean };

export type SelectProps = React.ComponentProps<"select"> & {
  /** Convenience: render these options (after any children). */
  options?: readonly SelectOption[];
  /** Adds a first, empty option with this text (e.g. "Any kind"). */
  placeholder?: string;
  /** Classes for the wrapper (width, margins); `className` goes to the <select>. */
  wrapperClassName?: string;
};

/** A styled native <select>: keyboard, screen readers, mobile pickers and forms work out of the box. */
export function Select({ className, wrapperClassName, options, placeholder, children, ...props }: SelectProps) {
  return (
    <div data-slot="select-wrapper" className={cn("relative w-full", wrapperClassName)}>
      <select
        data-slot="select"
        className={cn(controlClassName, "h-9 cursor-pointer appearance-none py-1 pr-8", className)}
        {...props}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {children}
        {options?.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
      <ChevronDown
        aria-hidden="true"
        className="pointer-events-none absolute top-1/2 right-2.5 size-4 -translate-y-1/2 text-muted-foreground"
      />
    </div>
  );
}
