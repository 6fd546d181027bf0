"use client";

import * as React from "react";
import { Toaster as Sonner, type ToasterProps } from "sonner";

/**
 * Mount once in the root layout. Raise toasts anywhere on the client with `import { toast } from "sonner"`
 * (re-exported here as `toast`).
 */
export function Toaster(props: ToasterProps) {
  return (
    <Sonner
      theme="system"
      position="bottom-right"
      closeButton
      richColors
      className="toaster group"
      toastOptions={{
        classNames: {
          toast: "font-sans! text-sm! shadow-md!",
          description: "opacity-90",
        },
      }}
      style={
        {
          "--normal-bg": "var(--popover)",
          "--normal-text": "var(--popover-foreground)",
          "--normal-border": "var(--border)",
          "--border-radius": "var(--radius)",
        } as React.CSSProperties
      }
      {...props}
    />
  );
}

export { toast } from "sonner";
