"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";

import { errorMessage, fieldErrors } from "@/lib/form-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Callout } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Spinner } from "@/components/ui/spinner";
import { StateBadge } from "@/components/ui/state-badge";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toaster";
import type { AlertDto } from "./alerts-table";

export type AlertAction = "acknowledge" | "resolve";

const COPY: Record<AlertAction, { title: string; description: string; confirm: string; done: string }> = {
  acknowledge: {
    title: "Acknowledge alert",
    description: "Tells the team someone is on it. The alert stays until it is resolved; if the condition clears, the next sync resolves it.",
    confirm: "Acknowledge",
    done: "Alert acknowledged",
  },
  resolve: {
    title: "Resolve alert",
    description: "Closes the alert. If the condition is still there, the next sync raises it again.",
    confirm: "Resolve",
    done: "Alert resolved",
  },
};

export type AlertActionDialogProps = {
  /** Mount a fresh dialog (new `key`) per opening, so the comment starts empty. */
  alert: AlertDto;
  action: AlertAction;
  open: boolean;
  onOpenChange: (open: boolean) => void;
};

/** Acknowledge or resolve one alert, with an optional comment recorded in its history. */
export function AlertActionDialog({ alert, action, open, onOpenChange }: AlertActionDialogProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [comment, setComment] = React.useState("");
  const options = {
    onSuccess: async () => {
      toast.success(COPY[action].done, { description: alert.title });
      onOpenChange(false);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.alerts.list.queryKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.dashboard.summary.queryKey() }),
      ]);
    },
  };
  const acknowledge = useMutation(trpc.alerts.acknowledge.mutationOptions(options));
  const resolve = useMutation(trpc.alerts.resolve.mutationOptions(options));
  const mutation = action === "acknowledge" ? acknowledge : resolve;
  const errors = fieldErrors(mutation.error);
  const formError = mutation.error && !errors.comment ? errorMessage(mutation.error) : null;
  const copy = COPY[action];

  return (
    <Dialog open={open} onOpenChange={(o) => !mutation.isPending && onOpenChange(o)}>
      <DialogContent>
        <form
          className="grid gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            const input = { id: alert.id, comment: comment.trim() || undefined };
            if (action === "acknowledge") acknowledge.mutate(input);
            else resolve.mutate(input);
          }}
        >
          <DialogHeader>
            <DialogTitle>{copy.title}</DialogTitle>
            <DialogDescription>{copy.description}</DialogDescription>
          </DialogHeader>
          <div className="grid gap-1 rounded-md border bg-muted/30 px-3 py-2 text-sm">
            <div className="flex flex-wrap items-center gap-2">
              <StateBadge kind="severity" state={alert.severity} />
              <span className="font-medium">{alert.title}</span>
            </div>
            {alert.message ? <p className="text-muted-foreground">{alert.message}</p> : null}
          </div>
          {formError ? <Callout variant="error" title={`The alert was not ${action === "acknowledge" ? "acknowledged" : "resolved"}`}>{formError}</Callout> : null}
          <FormField label="Comment (optional)" error={errors.comment} hint="Recorded in the alert's history, e.g. what you did or a ticket number.">
            <Textarea value={comment} onChange={(e) => setComment(e.target.value)} maxLength={2000} rows={3} autoFocus />
          </FormField>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline" disabled={mutation.isPending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" disabled={mutation.isPending}>
              {mutation.isPending ? <Spinner label={null} className="text-current" /> : null}
              {copy.confirm}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
