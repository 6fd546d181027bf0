import * as React from "react";

import { cn } from "@/lib/utils";
import { Label } from "@/components/ui/label";

/** Props FormField gives its control. */
export type FormControlProps = {
  id: string;
  "aria-invalid"?: true;
  "aria-describedby"?: string;
  "aria-required"?: true;
};

type ControlElementProps = {
  id?: string;
  "aria-describedby"?: string;
  "aria-invalid"?: boolean | "true" | "false";
  "aria-required"?: boolean | "true" | "false";
};

export type FormFieldProps = {
  label: React.ReactNode;
  /** The control's id; defaults to the child's id or a generated one. */
  id?: string;
  /** Field-level error(s), e.g. the zod issues or the Hedgehog rule that failed for this path. */
  error?: string | readonly string[] | null;
  /** Help text under the control. */
  hint?: React.ReactNode;
  /** Marks the label and sets aria-required on the control (the control keeps its own `required`). */
  required?: boolean;
  /** "horizontal": control first, label beside it (checkbox, switch). */
  orientation?: "vertical" | "horizontal";
  className?: string;
  /**
   * Either one control element (Input, Select, Textarea, Checkbox...) which gets id / aria-invalid /
   * aria-describedby injected, or a render function receiving those props for composite controls.
   */
  children: React.ReactElement<ControlElementProps> | ((control: FormControlProps) => React.ReactNode);
};

/** Label + control + hint + field-level error, with the accessibility wiring done once. */
export function FormField({
  label,
  id: idProp,
  error,
  hint,
  required = false,
  orientation = "vertical",
  className,
  children,
}: FormFieldProps) {
  const generatedId = React.useId();
  const childId = typeof children === "function" ? undefined : children.props.id;
  const id = idProp ?? childId ?? `field-${generatedId.replace(/:/g, "")}`;
  const errors = error == null ? [] : typeof error === "string" ? [error] : [...error];
  const invalid = errors.length > 0;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = invalid ? `${id}-error` : undefined;

  const existingDescribedBy = typeof children === "function" ? undefined : children.props["aria-describedby"];
  const describedBy = [existingDescribedBy, errorId, hintId].filter(Boolean).join(" ") || undefined;

  const controlProps: FormControlProps = {
    id,
    ...(invalid ? { "aria-invalid": true as const } : {}),
    ...(describedBy ? { "aria-describedby": describedBy } : {}),
    ...(required ? { "aria-required": true as const } : {}),
  };

  const control =
    typeof children === "function" ? children(controlProps) : React.cloneElement(children, controlProps);

  const labelNode = (
    <Label htmlFor={id} className={cn(invalid && "text-destructive", orientation === "horizontal" && "font-normal")}>
      {label}
      {required ? (
        <span aria-hidden="true" className="-ml-1 text-destructive">
          *
        </span>
      ) : null}
    </Label>
  );

  return (
    <div
      data-slot="form-field"
      data-invalid={invalid || undefined}
      className={cn("grid gap-1.5", className)}
    >
      {orientation === "horizontal" ? (
        <div className="flex items-center gap-2">
          {control}
          {labelNode}
        </div>
      ) : (
        <>
          {labelNode}
          {control}
        </>
      )}
      {invalid ? <FieldError id={errorId} messages={errors} /> : null}
      {hint ? <FieldHint id={hintId}>{hint}</FieldHint> : null}
    </div>
  );
}

export function FieldHint({ className, ...props }: React.ComponentProps<"p">) {
  return <p data-slot="field-hint" className={cn("text-xs text-muted-foreground", className)} {...props} />;
}

export type FieldErrorProps = Omit<React.ComponentProps<"div">, "children"> & { messages: readonly string[] };

export function FieldError({ messages, className, ...props }: FieldErrorProps) {
  if (messages.length === 0) return null;
  return (
    <div data-slot="field-error" className={cn("text-xs font-medium text-destructive", className)} {...props}>
      {messages.length === 1 ? (
        <p>{messages[0]}</p>
      ) : (
        <ul className="list-disc space-y-0.5 pl-4">
          {messages.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
