"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";

import { errorMessage, fieldErrors } from "@/lib/form-errors";
import { useTRPC } from "@/components/providers/trpc";
import { Callout } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { toast } from "@/components/ui/toaster";

export type IgnoreRuleDraft = { fabricId: string | null; kind: string | null; path: string };

/**
 * Creates an ignore rule, prefilled from a diff ("ignore this field"): the path can be widened with `*`, the scope
 * chosen (this fabric or all, this kind or all). Drift is re-evaluated as soon as the rule exists.
 */
export function IgnoreRuleDialog({ draft, open, onOpenChange }: { draft: IgnoreRuleDraft; open: boolean; onOpenChange: (o: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [path, setPath] = React.useState(draft.path);
  const [kindScope, setKindScope] = React.useState(draft.kind ? "kind" : "all");
  const [fabricScope, setFabricScope] = React.useState(draft.fabricId ? "fabric" : "all");
  const [reason, setReason] = React.useState("");
  const create = useMutation(
    trpc.drift.createIgnoreRule.mutationOptions({
      onSuccess: async (rule) => {
        toast.success("Ignore rule created", { description: `${rule.kind ?? "Every kind"} ${rule.path} — ${rule.effect.evaluated} object(s) re-evaluated` });
        onOpenChange(false);
        await queryClient.invalidateQueries({ queryKey: trpc.drift.pathKey() });
      },
    }),
  );
  const errors = fieldErrors(create.error);
  const formError = create.error && !errors.path ? errorMessage(create.error) : null;
  return (
    <Dialog open={open} onOpenChange={(o) => !create.isPending && onOpenChange(o)}>
      <DialogContent>
        <form
          className="grid gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({
              path: path.trim(),
              kind: kindScope === "kind" ? draft.kind : null,
              fabricId: fabricScope === "fabric" ? draft.fabricId : null,
              reason: reason.trim() || undefined,
            });
          }}
        >
          <DialogHeader>
            <DialogTitle>Ignore a field</DialogTitle>
            <DialogDescription>
              Differences at this path (and below it) no longer count as drift. Use <code>*</code> for any one segment, e.g.{" "}
              <code>/spec/subnets/*/dhcp</code>.
            </DialogDescription>
          </DialogHeader>
          {formError ? <Callout variant="error">{formError}</Callout> : null}
          <FormField label="Path (JSON pointer)" error={errors.path} required>
            <Input value={path} onChange={(e) => setPath(e.target.value)} className="font-mono" autoFocus />
          </FormField>
          {draft.kind ? (
            <FormField label="Kinds">
              <Select
                value={kindScope}
                onChange={(e) => setKindScope(e.target.value)}
                options={[
                  { value: "kind", label: `Only ${draft.kind}` },
                  { value: "all", label: "Every kind" },
                ]}
              />
            </FormField>
          ) : null}
          {draft.fabricId ? (
            <FormField label="Fabrics">
              <Select
                value={fabricScope}
                onChange={(e) => setFabricScope(e.target.value)}
                options={[
                  { value: "fabric", label: "Only this fabric" },
                  { value: "all", label: "Every fabric" },
                ]}
              />
            </FormField>
          ) : null}
          <FormField label="Reason" hint="Shown next to the rule, so the next person knows why.">
            <Input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
          </FormField>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="outline" disabled={create.isPending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" disabled={create.isPending || !path.trim()}>
              {create.isPending ? <Spinner /> : null}
              Create rule
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
