import * as React from "react";
import { cva, type VariantProps } from "class-variance-authority";
import { CircleCheck, CircleX, Info, TriangleExclamationPoint } from "lucide-react";

import { cn } from "@/lib/utils";

export const alertVariants = cva(
  "relative grid w-full grid-cols-[0_1fr] items-start gap-y-0.5 rounded-lg border px-4 py-3 text-sm has-[>svg]:grid-cols-[calc(var(--spacing)*4)_1fr] has-[>svg]:gap-x-3 [&>svg]:size-4 [&>svg]:translate-y-0.5 [&>svg]:text-current",
  {
    variants: {
      variant: {
        default: "bg-card text-card-foreground",
        info: "border-info/25 bg-info/5 text-info [&_[data-slot=alert-description]]:text-foreground/80",
        success: "border-success/25 bg-success/5 text-success [&_[data-slot=alert-description]]:text-foreground/80",
        warning: "border-warning/30 bg-warning/5 text-warning [&_[data-slot=alert-description]]:text-foreground/80",
        destructive:
          "border-destructive/30 bg-destructive/5 text-destructive [&_[data-slot=alert-description]]:text-foreground/80",
      },
    },
    defaultVariants: { variant: "default" },
  },
);

export type AlertProps = React.ComponentProps<"div"> & VariantProps<typeof alertVariants>;

/** Composable alert: <Alert variant="warning"><Icon/><AlertTitle/><AlertDescription/></Alert>. */
export function Alert({ className, variant, role, ...props }: AlertProps) {
  return (
    <div
      data-slot="alert"
      role={role ?? (variant === "destructive" || variant === "warning" ? "alert" : "status")}
      className={cn(alertVariants({ variant }), className)}
      {...props}
    />
  );
}

export function AlertTitle({ className, ...props }: React.ComponentProps<"div">) {
  return (
    <div data-slot="alert-title" className={cn("col-start-2 min-h-4 font-medium tracking-tight", className)} {...props} />
  );
}

export function AlertDescription({ className, ...props }: React.ComponentProps<"div">) {
  return (
    <div
      data-slot="alert-description"
      className={cn("col-start-2 grid justify-items-start gap-1 text-sm text-muted-foreground [&_p]:leading-relaxed", className)}
      {...props}
    />
  );
}

const calloutIcons = {
  info: Info,
  success: CircleCheck,
  warning: TriangleExclamationPoint,
  error: CircleX,
} as const;

export type CalloutVariant = keyof typeof calloutIcons;

export type CalloutProps = Omit<React.ComponentProps<"div">, "title"> & {
  variant?: CalloutVariant;
  title?: React.ReactNode;
  /** Replace the default icon; pass null for none. */
  icon?: React.ReactNode;
  /** Actions under the text (e.g. a "Retry" button or a "Open settings" link). */
  action?: React.ReactNode;
};

/** Ready-made alert with an icon per variant: info, success, warning, error. */
export function Callout({ variant = "info", title, icon, action, children, ...props }: CalloutProps) {
  const Icon = calloutIcons[variant];
  return (
    <Alert variant={variant === "error" ? "destructive" : variant} {...props}>
      {icon === undefined ? <Icon aria-hidden="true" /> : icon}
      {title ? <AlertTitle>{title}</AlertTitle> : null}
      {children || action ? (
        <AlertDescription>
          {children}
          {action ? <div className="mt-1.5 flex flex-wrap gap-2">{action}</div> : null}
        </AlertDescription>
      ) : null}
    </Alert>
  );
}
