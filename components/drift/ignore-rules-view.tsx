"use client";

import * as React from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { EyeOff, Plus, Trash2 } from "lucide-react";

import { errorMessage } from "@/lib/form-errors";
import { formatDateTime, formatRelative } from "@/lib/format";
import { useCurrentUser } from "@/components/providers/current-user";
import { useTRPC } from "@/components/providers/trpc";
import { Callout } from "@/components/ui/alert";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { IgnoreRuleDialog, type IgnoreRuleDraft } from "./ignore-rule-dialog";

/** All drift ignore rules: global and per fabric, per kind or every kind; operators add and remove them. */
export function IgnoreRulesView() {
  const trpc = useTRPC();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const rules = useQuery(trpc.drift.ignoreRules.queryOptions({}));
  const fabrics = useQuery(trpc.fabrics.list.queryOptions({ limit: 200 }));
  const kinds = useQuery(trpc.resources.kinds.queryOptions());
  const [draft, setDraft] = React.useState<(IgnoreRuleDraft & { seq: number }) | null>(null);
  const [open, setOpen] = React.useState(false);
  const [fabricId, setFabricId] = React.useState("");
  const [kind, setKind] = React.useState("");
  const remove = useMutation(
    trpc.drift.deleteIgnoreRule.mutationOptions({
      onSuccess: async (r) => {
        toast.success("Ignore rule removed", { description: `${r.effect.evaluated} object(s) re-evaluated` });
        await queryClient.invalidateQueries({ queryKey: trpc.drift.pathKey() });
      },
      onError: (e) => toast.error("Could not remove the rule", { description: errorMessage(e) }),
    }),
  );
  const canEdit = user.can("operator");

  return (
    <div className="mx-auto flex w-full max-w-5xl flex-col gap-4">
      <PageHeader
        className="mb-2"
        title="Ignore rules"
        breadcrumbs={[{ label: "Settings", href: "/settings" }, { label: "Ignore rules" }]}
        description="Fields that do not count as drift. A rule is a JSON pointer (with * for any one segment) for one kind or every kind, in one fabric or every fabric. Create them from a drift diff with “Ignore this field”."
      />
      {canEdit ? (
        <div className="flex flex-wrap items-end gap-2 rounded-lg border bg-card p-3">
          <Select
            aria-label="Fabric"
            value={fabricId}
            onChange={(e) => setFabricId(e.target.value)}
            options={[{ value: "", label: "Every fabric" }, ...(fabrics.data?.items ?? []).map((f) => ({ value: f.id, label: f.name }))]}
          />
          <Select
            aria-label="Kind"
            value={kind}
            onChange={(e) => setKind(e.target.value)}
            options={[{ value: "", label: "Every kind" }, ...(kinds.data ?? []).map((k) => ({ value: k.kind, label: k.kind }))]}
          />
          <Button
            size="sm"
            onClick={() => {
              setDraft((d) => ({ fabricId: fabricId || null, kind: kind || null, path: "/spec/", seq: (d?.seq ?? 0) + 1 }));
              setOpen(true);
            }}
          >
            <Plus aria-hidden="true" />
            New rule
          </Button>
        </div>
      ) : null}
      {rules.isError ? (
        <Callout variant="error" title="Could not load the rules">
          {errorMessage(rules.error)}
        </Callout>
      ) : !rules.data ? (
        <Skeleton className="h-48 w-full" />
      ) : rules.data.items.length === 0 ? (
        <EmptyState icon={<EyeOff />} title="No ignore rules" description="Every difference between Git and the cluster counts as drift." />
      ) : (
        <div className="overflow-hidden rounded-lg border bg-card">
          <Table aria-label="Ignore rules">
            <TableHeader className="bg-muted/40">
              <TableRow className="hover:bg-transparent">
                <TableHead>Path</TableHead>
                <TableHead>Kind</TableHead>
                <TableHead>Fabric</TableHead>
                <TableHead>Reason</TableHead>
                <TableHead>Created</TableHead>
                {canEdit ? (
                  <TableHead className="text-right">
                    <span className="sr-only">Actions</span>
                  </TableHead>
                ) : null}
              </TableRow>
            </TableHeader>
            <TableBody>
              {rules.data.items.map((r) => (
                <TableRow key={r.id}>
                  <TableCell className="font-mono text-[13px]">{r.path}</TableCell>
                  <TableCell>{r.kind ?? <span className="text-muted-foreground">every kind</span>}</TableCell>
                  <TableCell>{r.fabricName ?? <span className="text-muted-foreground">every fabric</span>}</TableCell>
                  <TableCell className="max-w-xs text-muted-foreground">{r.reason ?? "—"}</TableCell>
                  <TableCell className="whitespace-nowrap" title={formatDateTime(r.createdAt)}>
                    {formatRelative(r.createdAt)} {r.createdBy ? `by ${r.createdBy}` : ""}
                  </TableCell>
                  {canEdit ? (
                    <TableCell className="text-right">
                      <ConfirmDialog
                        trigger={
                          <Button variant="ghost" size="xs" aria-label={`Remove rule ${r.path}`}>
                            <Trash2 aria-hidden="true" />
                            Remove
                          </Button>
                        }
                        title={`Remove the ignore rule ${r.path}?`}
                        description="Differences at this path count as drift again; the affected objects are re-evaluated at once."
                        confirmLabel="Remove rule"
                        destructive
                        onConfirm={async () => void (await remove.mutateAsync({ id: r.id }))}
                      />
                    </TableCell>
                  ) : null}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {draft ? <IgnoreRuleDialog key={draft.seq} draft={draft} open={open} onOpenChange={setOpen} /> : null}
    </div>
  );
}
