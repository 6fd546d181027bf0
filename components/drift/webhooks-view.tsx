"use client";

import * as React from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Send, Trash2, Webhook } from "lucide-react";

import { errorMessage, fieldErrors } from "@/lib/form-errors";
import { formatDateTime, formatRelative } from "@/lib/format";
import { useCurrentUser } from "@/components/providers/current-user";
import { useTRPC } from "@/components/providers/trpc";
import { Callout } from "@/components/ui/alert";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { Switch } from "@/components/ui/switch";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";

/** Alert notification webhooks (admins): per installation or fabric, HMAC-signed, repeats suppressed for a window. */
export function WebhooksView() {
  const user = useCurrentUser();
  if (!user.can("admin")) {
    return (
      <div className="mx-auto w-full max-w-5xl">
        <PageHeader title="Webhooks" />
        <Callout variant="error" title="Admins only">Webhooks carry alert data out of HFM; only admins manage them.</Callout>
      </div>
    );
  }
  return <WebhooksAdmin />;
}

function WebhooksAdmin() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const hooks = useQuery(trpc.drift.webhooks.queryOptions());
  const fabrics = useQuery(trpc.fabrics.list.queryOptions({ limit: 200 }));
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.drift.webhooks.queryKey() });
  const [form, setForm] = React.useState({ name: "", url: "", secret: "", fabricId: "", suppressWindowSeconds: "3600", minSeverity: "info" });
  const create = useMutation(
    trpc.drift.createWebhook.mutationOptions({
      onSuccess: async () => {
        toast.success("Webhook added");
        setForm({ name: "", url: "", secret: "", fabricId: "", suppressWindowSeconds: "3600", minSeverity: "info" });
        await invalidate();
      },
    }),
  );
  const update = useMutation(trpc.drift.updateWebhook.mutationOptions({ onSuccess: invalidate, onError: (e) => toast.error("Could not change the webhook", { description: errorMessage(e) }) }));
  const remove = useMutation(trpc.drift.deleteWebhook.mutationOptions({ onSuccess: invalidate, onError: (e) => toast.error("Could not delete the webhook", { description: errorMessage(e) }) }));
  const test = useMutation(
    trpc.drift.testWebhook.mutationOptions({
      onSuccess: async (r) => {
        if (r.ok) toast.success("Test notification delivered", { description: `HTTP ${r.status}` });
        else toast.error("Test notification failed", { description: r.error ?? "no answer" });
        await invalidate();
      },
      onError: (e) => toast.error("Could not send the test", { description: errorMessage(e) }),
    }),
  );
  const errors = fieldErrors(create.error);
  const formError = create.error && Object.keys(errors).length === 0 ? errorMessage(create.error) : null;

  return (
    <div className="mx-auto flex w-full max-w-6xl flex-col gap-4">
      <PageHeader
        className="mb-2"
        title="Webhooks"
        breadcrumbs={[{ label: "Settings", href: "/settings" }, { label: "Webhooks" }]}
        description={
          <>
            Alerts are POSTed as JSON, signed with <code>X-HFM-Signature: sha256=&lt;HMAC-SHA256 of the body&gt;</code> using the endpoint&apos;s secret, retried with
            exponential backoff. A repeat of the same alert within the window is not sent again.
          </>
        }
      />
      <Card>
        <CardHeader>
          <CardTitle>Add a webhook</CardTitle>
          <CardDescription>The secret is stored encrypted and never shown again.</CardDescription>
        </CardHeader>
        <CardContent>
          <form
            className="grid gap-3 md:grid-cols-3"
            onSubmit={(e) => {
              e.preventDefault();
              create.mutate({
                name: form.name || undefined,
                url: form.url,
                secret: form.secret || undefined,
                fabricId: form.fabricId || null,
                enabled: true,
                suppressWindowSeconds: Number(form.suppressWindowSeconds) || 0,
                minSeverity: form.minSeverity as "info" | "warning" | "critical",
              });
            }}
          >
            {formError ? <Callout variant="error" className="md:col-span-3">{formError}</Callout> : null}
            <FormField label="URL" error={errors.url} required>
              <Input value={form.url} onChange={(e) => setForm({ ...form, url: e.target.value })} placeholder="https://hooks.example/hfm" />
            </FormField>
            <FormField label="Secret" error={errors.secret} hint="At least 8 characters; used for the HMAC signature.">
              <Input type="password" autoComplete="new-password" value={form.secret} onChange={(e) => setForm({ ...form, secret: e.target.value })} />
            </FormField>
            <FormField label="Name">
              <Input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
            </FormField>
            <FormField label="Alerts of">
              <Select
                value={form.fabricId}
                onChange={(e) => setForm({ ...form, fabricId: e.target.value })}
                options={[{ value: "", label: "Every fabric (installation)" }, ...(fabrics.data?.items ?? []).map((f) => ({ value: f.id, label: f.name }))]}
              />
            </FormField>
            <FormField label="Minimum severity">
              <Select
                value={form.minSeverity}
                onChange={(e) => setForm({ ...form, minSeverity: e.target.value })}
                options={[
                  { value: "info", label: "Info and above" },
                  { value: "warning", label: "Warning and above" },
                  { value: "critical", label: "Critical only" },
                ]}
              />
            </FormField>
            <FormField label="Suppress repeats for (seconds)" error={errors.suppressWindowSeconds}>
              <Input type="number" min={0} value={form.suppressWindowSeconds} onChange={(e) => setForm({ ...form, suppressWindowSeconds: e.target.value })} />
            </FormField>
            <div className="md:col-span-3">
              <Button type="submit" disabled={create.isPending || !form.url}>
                {create.isPending ? <Spinner /> : null}
                Add webhook
              </Button>
            </div>
          </form>
        </CardContent>
      </Card>
      {hooks.isError ? (
        <Callout variant="error" title="Could not load webhooks">
          {errorMessage(hooks.error)}
        </Callout>
      ) : !hooks.data ? (
        <Skeleton className="h-40 w-full" />
      ) : hooks.data.items.length === 0 ? (
        <EmptyState icon={<Webhook />} title="No webhooks" description="Alerts are only shown in HFM." />
      ) : (
        <div className="overflow-hidden rounded-lg border bg-card">
          <Table aria-label="Webhooks">
            <TableHeader className="bg-muted/40">
              <TableRow className="hover:bg-transparent">
                <TableHead>Endpoint</TableHead>
                <TableHead>Scope</TableHead>
                <TableHead>Window</TableHead>
                <TableHead>Last delivery</TableHead>
                <TableHead>Enabled</TableHead>
                <TableHead className="text-right">
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {hooks.data.items.map((h) => (
                <TableRow key={h.id}>
                  <TableCell className="max-w-sm">
                    <p className="font-medium">{h.name ?? h.url}</p>
                    {h.name ? <p className="truncate font-mono text-xs text-muted-foreground">{h.url}</p> : null}
                    <div className="mt-1 flex gap-1">
                      <Badge variant="outline">{h.secretSet ? "signed" : "unsigned"}</Badge>
                      <Badge variant="outline">{h.minSeverity}+</Badge>
                    </div>
                  </TableCell>
                  <TableCell>{h.fabricName ?? "every fabric"}</TableCell>
                  <TableCell className="tabular-nums">{h.suppressWindowSeconds} s</TableCell>
                  <TableCell>
                    {h.lastDeliveryAt ? (
                      <span title={formatDateTime(h.lastDeliveryAt)}>
                        {h.lastDeliveryStatus} {formatRelative(h.lastDeliveryAt)}
                        {h.lastDeliveryError ? <span className="block text-xs text-destructive">{h.lastDeliveryError}</span> : null}
                      </span>
                    ) : (
                      <span className="text-muted-foreground">never</span>
                    )}
                  </TableCell>
                  <TableCell>
                    <Switch checked={h.enabled} onCheckedChange={(enabled) => update.mutate({ id: h.id, enabled })} aria-label={`Enable ${h.name ?? h.url}`} />
                  </TableCell>
                  <TableCell className="text-right">
                    <div className="flex justify-end gap-1">
                      <Button variant="outline" size="xs" disabled={test.isPending || !h.enabled} onClick={() => test.mutate({ id: h.id })}>
                        <Send aria-hidden="true" />
                        Test
                      </Button>
                      <ConfirmDialog
                        trigger={
                          <Button variant="ghost" size="xs" aria-label={`Delete ${h.name ?? h.url}`}>
                            <Trash2 aria-hidden="true" />
                            Delete
                          </Button>
                        }
                        title={`Delete the webhook ${h.name ?? h.url}?`}
                        description="Alerts are no longer sent to this endpoint; its delivery history is deleted with it."
                        confirmLabel="Delete webhook"
                        destructive
                        onConfirm={async () => void (await remove.mutateAsync({ id: h.id }))}
                      />
                    </div>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </div>
  );
}
