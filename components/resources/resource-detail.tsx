"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowRight, Lock, Pencil, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { useCurrentUser } from "@/components/providers/current-user";
import { useTRPC } from "@/components/providers/trpc";
import { Callout } from "@/components/ui/alert";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/code-block";
import { KeyValue, KeyValueList } from "@/components/ui/key-value-list";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { StateBadge } from "@/components/ui/state-badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { toast } from "@/components/ui/toaster";
import { toCanonicalYaml } from "@/lib/hedgehog/canonical";
import type { HhObject } from "@/lib/hedgehog/types";
import { formatDateTime, formatRelative } from "@/lib/format";
import { FindingsList } from "./findings-list";
import { RelatedObjects } from "./related-objects";
import { displayPath, formatValue, resourceHref, resourcesHref, type ResourceHistoryEntry } from "./shared";

const yamlOf = (o: Record<string, unknown> | null) => (o ? toCanonicalYaml(o as HhObject) : null);

/** One object: desired / Git / live YAML, drift, findings, related objects, history, and Edit / Delete. */
export function ResourceDetail({ fabricId, kind, name }: { fabricId: string; kind: string; name: string }) {
  const trpc = useTRPC();
  const user = useCurrentUser();
  const router = useRouter();
  const queryClient = useQueryClient();
  const fabric = useQuery(trpc.fabrics.get.queryOptions({ id: fabricId }));
  const resource = useQuery(trpc.resources.get.queryOptions({ id: fabricId, kind, name }));
  const history = useQuery(trpc.resources.history.queryOptions({ id: fabricId, kind, name }));
  const remove = useMutation(
    trpc.resources.delete.mutationOptions({
      onSuccess: async (res) => {
        await queryClient.invalidateQueries({ queryKey: trpc.resources.pathKey() });
        if (res.deleted === "removed") {
          toast.success(`Deleted ${kind} ${name}`);
          router.push(resourcesHref(fabricId, { kind }));
        } else {
          toast.success(`${kind} ${name} will be deleted from Git with the pending change set`);
        }
      },
    }),
  );

  const r = resource.data;
  const yaml = useMemo(() => (r ? { desired: yamlOf(r.desired), git: yamlOf(r.git), live: yamlOf(r.live) } : null), [r]);
  const fabricName = fabric.data?.name ?? "Fabric";
  const crumbs = [
    { label: "Fabrics", href: "/fabrics" },
    { label: fabricName, href: `/fabrics/${fabricId}` },
    { label: "Resources", href: resourcesHref(fabricId) },
    { label: kind, href: resourcesHref(fabricId, { kind }) },
    { label: name },
  ];

  if (resource.isPending) return <Skeleton className="h-96 w-full" />;
  if (resource.isError) {
    return (
      <div className="flex flex-col gap-4">
        <PageHeader breadcrumbs={crumbs} title={name} />
        <Callout
          variant="error"
          title={`Could not load ${kind} ${name}`}
          action={
            <Button variant="outline" size="sm" asChild>
              <Link href={resourcesHref(fabricId, { kind })}>Back to the {kind} list</Link>
            </Button>
          }
        >
          {resource.error.message}
        </Callout>
      </div>
    );
  }
  const d = r!;
  const canEdit = user.can("operator") && !d.readOnly && d.desired !== null;
  const errors = (d.validationErrors ?? []).filter((f) => f.severity === "error");
  const warnings = (d.validationErrors ?? []).filter((f) => f.severity === "warning");
  const drift = d.drift ?? [];

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        className="mb-0"
        breadcrumbs={crumbs}
        title={name}
        description={<span className="font-mono text-xs">{d.apiVersion} · {kind}</span>}
        badge={
          <span className="flex items-center gap-1.5">
            <StateBadge kind="lifecycle" state={d.state} size="md" />
            <Badge variant="outline">{d.policy}</Badge>
          </span>
        }
        actions={
          canEdit ? (
            <>
              <Button variant="outline" asChild>
                <Link href={`${resourceHref(fabricId, kind, name)}/edit`}>
                  <Pencil /> Edit
                </Link>
              </Button>
              <ConfirmDialog
                trigger={
                  <Button variant="outline">
                    <Trash2 /> Delete
                  </Button>
                }
                title={`Delete ${kind} ${name}?`}
                description={
                  d.git
                    ? "The object is in Git: it becomes a pending deletion, removed from Git with the next change set."
                    : "The object exists only in HFM (a draft): it is removed now."
                }
                confirmLabel="Delete"
                destructive
                onConfirm={() => remove.mutateAsync({ id: fabricId, kind, name, version: d.version }).then(() => undefined)}
              />
            </>
          ) : null
        }
      />

      {d.readOnly && d.readOnlyReason ? (
        <Callout variant="info" title="Read-only in this fabric" icon={<Lock aria-hidden="true" />}>
          {d.readOnlyReason}.
        </Callout>
      ) : null}
      {d.desired === null && d.git ? (
        <Callout variant="warning" title="Pending deletion">
          HFM no longer holds this object; it will be removed from Git with the pending change set.
        </Callout>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle>Versions</CardTitle>
          <CardDescription>Canonical YAML: desired (what HFM holds), Git (the tracked branch) and live (the cluster).</CardDescription>
        </CardHeader>
        <CardContent>
          <Tabs defaultValue="desired">
            <TabsList>
              <TabsTrigger value="desired">Desired</TabsTrigger>
              <TabsTrigger value="git">Git</TabsTrigger>
              <TabsTrigger value="live">Live</TabsTrigger>
              <TabsTrigger value="compare">Side by side</TabsTrigger>
            </TabsList>
            <TabsContent value="desired">
              <VersionBlock title="desired" yaml={yaml?.desired ?? null} empty="HFM holds no desired version (the object is live only, or pending deletion)." />
            </TabsContent>
            <TabsContent value="git">
              <VersionBlock
                title={d.gitFilePath ? `${d.gitFilePath}${d.gitDocumentIndex != null ? ` · document ${d.gitDocumentIndex}` : ""}` : "git"}
                yaml={yaml?.git ?? null}
                empty="Not in Git yet. A draft reaches Git when the pending change set is submitted."
              />
            </TabsContent>
            <TabsContent value="live">
              <VersionBlock title="live" yaml={yaml?.live ?? null} empty="Not seen in the cluster (no live version)." />
            </TabsContent>
            <TabsContent value="compare">
              <div className="grid gap-3 lg:grid-cols-3">
                <VersionBlock title="desired" yaml={yaml?.desired ?? null} empty="No desired version." compact />
                <VersionBlock title="git" yaml={yaml?.git ?? null} empty="Not in Git." compact />
                <VersionBlock title="live" yaml={yaml?.live ?? null} empty="Not live." compact />
              </div>
            </TabsContent>
          </Tabs>
        </CardContent>
      </Card>

      <div className="grid gap-4 xl:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Object</CardTitle>
          </CardHeader>
          <CardContent>
            <KeyValueList>
              <KeyValue label="State">
                <StateBadge kind="lifecycle" state={d.state} />
              </KeyValue>
              <KeyValue label="Namespace" mono>
                {d.namespace}
              </KeyValue>
              <KeyValue label="Version">{d.version}</KeyValue>
              <KeyValue label="Policy">{d.policy}{d.readOnly ? " · read-only" : ""}</KeyValue>
              <KeyValue label="Git file" mono>
                {d.gitFilePath ?? ""}
              </KeyValue>
              <KeyValue label="Git commit" mono>
                {d.gitCommit?.slice(0, 12) ?? ""}
              </KeyValue>
              <KeyValue label="Live seen">{d.liveSeenAt ? formatRelative(d.liveSeenAt) : ""}</KeyValue>
              {d.missingSince ? <KeyValue label="Missing since">{formatDateTime(d.missingSince)}</KeyValue> : null}
              <KeyValue label="Updated">{formatDateTime(d.updatedAt)}</KeyValue>
              <KeyValue label="Labels">
                {d.labels && Object.keys(d.labels).length > 0 ? (
                  <ul className="flex flex-col gap-0.5 font-mono text-xs">
                    {Object.entries(d.labels).map(([k, v]) => (
                      <li key={k} className="break-all">
                        <Link className="hover:underline" href={resourcesHref(fabricId, { q: `${k}=${v}` })}>
                          {k}={v}
                        </Link>
                      </li>
                    ))}
                  </ul>
                ) : null}
              </KeyValue>
            </KeyValueList>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Drift {drift.length > 0 ? <span className="text-muted-foreground tabular-nums">· {drift.length}</span> : null}</CardTitle>
            <CardDescription>Fields where the live object differs from Git, after the fabric&apos;s defaulting.</CardDescription>
          </CardHeader>
          <CardContent>
            {drift.length === 0 ? (
              <p className="text-sm text-muted-foreground">{d.git && d.live ? "No drift: live matches Git." : "Drift needs both a Git and a live version."}</p>
            ) : (
              <div className="overflow-x-auto rounded-md border">
                <Table>
                  <TableHeader>
                    <TableRow>
                      <TableHead>Field</TableHead>
                      <TableHead>Git</TableHead>
                      <TableHead>Live</TableHead>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {drift.map((x) => (
                      <TableRow key={x.path}>
                        <TableCell className="font-mono text-xs break-all" title={x.path}>
                          {displayPath(x.path)}
                        </TableCell>
                        <TableCell className="font-mono text-xs break-all text-emerald-700 dark:text-emerald-300">{formatValue(x.git)}</TableCell>
                        <TableCell className="font-mono text-xs break-all text-amber-700 dark:text-amber-300">{formatValue(x.live)}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </div>
            )}
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>
              Validation findings{" "}
              {errors.length + warnings.length > 0 ? <span className="text-muted-foreground tabular-nums">· {errors.length + warnings.length}</span> : null}
            </CardTitle>
            <CardDescription>The fabric&apos;s rules, checked against every object of the fabric.</CardDescription>
          </CardHeader>
          <CardContent>
            {errors.length + warnings.length === 0 ? (
              <p className="text-sm text-muted-foreground">No findings: the object passes the fabric&apos;s rules.</p>
            ) : (
              <FindingsList
                items={[...errors, ...warnings].map((f) => ({
                  severity: f.severity,
                  message: f.message,
                  path: f.path,
                  rule: f.rule,
                  line: f.line,
                  context: f.file ? `${f.file}${f.document != null ? ` #${f.document}` : ""}` : undefined,
                }))}
              />
            )}
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Related objects</CardTitle>
            <CardDescription>Found through the fabric&apos;s system labels and the references in the spec.</CardDescription>
          </CardHeader>
          <CardContent>
            <RelatedObjects
              fabricId={fabricId}
              kind={kind}
              name={name}
              object={(d.desired ?? d.git ?? d.live) as HhObject | null}
              labels={d.labels}
            />
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>History</CardTitle>
            <CardDescription>State transitions, newest first.</CardDescription>
          </CardHeader>
          <CardContent>
            {history.isPending ? (
              <Skeleton className="h-24 w-full" />
            ) : history.isError ? (
              <p className="text-sm text-destructive">{history.error.message}</p>
            ) : history.data.length === 0 ? (
              <p className="text-sm text-muted-foreground">No transitions recorded yet.</p>
            ) : (
              <HistoryTimeline entries={history.data} />
            )}
          </CardContent>
        </Card>
      </div>
    </div>
  );
}

function VersionBlock({ title, yaml, empty, compact = false }: { title: string; yaml: string | null; empty: string; compact?: boolean }) {
  if (yaml === null) {
    return <div className="rounded-lg border border-dashed px-4 py-8 text-center text-sm text-muted-foreground">{empty}</div>;
  }
  return <CodeBlock code={yaml} title={title} language="yaml" wrap={compact} maxHeightClassName={compact ? "max-h-[32rem]" : "max-h-[40rem]"} />;
}

export function HistoryTimeline({ entries }: { entries: readonly ResourceHistoryEntry[] }) {
  return (
    <ol className="relative flex flex-col gap-4 border-l pl-4">
      {entries.map((t) => (
        <li key={t.id} className="relative">
          <span aria-hidden="true" className="absolute top-1.5 -left-[21px] size-2.5 rounded-full border-2 border-background bg-muted-foreground" />
          <div className="flex flex-wrap items-center gap-1.5">
            {t.fromState ? <StateBadge kind="lifecycle" state={t.fromState} /> : <span className="text-xs text-muted-foreground">new</span>}
            <ArrowRight aria-label="to" className="size-3.5 text-muted-foreground" />
            <StateBadge kind="lifecycle" state={t.toState} />
            <time className="ml-auto text-xs text-muted-foreground" dateTime={t.createdAt} title={formatDateTime(t.createdAt)}>
              {formatRelative(t.createdAt)}
            </time>
          </div>
          <p className="mt-1 text-sm">{t.reason}</p>
          {t.actor || t.jobId ? (
            <p className="text-xs text-muted-foreground">
              {t.actor ? `by ${t.actor}` : null}
              {t.actor && t.jobId ? " · " : null}
              {t.jobId ? <span className="font-mono">job {t.jobId}</span> : null}
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
