"use client";

import * as React from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ExternalLink, GitPullRequestArrow, RefreshCw, Send, Trash2, Undo2 } from "lucide-react";
import Link from "next/link";
import { useCurrentUser } from "@/components/providers/current-user";
import { useTRPC } from "@/components/providers/trpc";
import { Callout } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FormField } from "@/components/ui/form-field";
import { KeyValue, KeyValueList } from "@/components/ui/key-value-list";
import { PageHeader } from "@/components/ui/page-header";
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { StateBadge, type LifecycleState } from "@/components/ui/state-badge";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/form-errors";
import { formatDateTime, formatRelative } from "@/lib/format";
import { useOperation } from "./use-operation";
import { YamlDiff } from "./yaml-diff";

const STATES: LifecycleState[] = ["draft", "committed", "synced", "drifted", "orphaned", "missing", "invalid", "conflict"];

function shortSha(sha: string | null | undefined): string {
  return sha ? sha.slice(0, 10) : "—";
}

type Operation = ReturnType<typeof useOperation>["operation"];

/** Progress of a running sync or submit: the steps of the SyncOperation as they finish. */
function OperationProgress({ operation, running }: { operation: Operation; running: boolean }) {
  if (!operation) return null;
  return (
    <div className="rounded-md border bg-muted/30 p-3 text-sm" aria-live="polite">
      <div className="mb-2 flex items-center gap-2 font-medium">
        {running ? <Spinner className="size-4" /> : null}
        {operation.kind === "submit" ? "Submit" : "Sync"} · <StateBadge kind="operation" state={operation.status} />
      </div>
      <ol className="grid gap-1">
        {operation.steps.map((s) => (
          <li key={s.name} className="flex flex-wrap items-center gap-2">
            <StateBadge kind="operation" state={s.status} />
            <span className="font-mono">{s.name}</span>
            {s.error ? <span className="text-destructive">{s.error}</span> : null}
          </li>
        ))}
      </ol>
      {operation.error ? <p className="mt-2 text-destructive">{operation.error}</p> : null}
      {typeof operation.counts.note === "string" ? <p className="mt-2">{operation.counts.note}</p> : null}
    </div>
  );
}

export function FabricGitops({ fabricId }: { fabricId: string }) {
  const trpc = useTRPC();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.gitops.status.queryOptions({ id: fabricId }));
  const pending = useQuery(trpc.gitops.pendingChangeSet.queryOptions({ id: fabricId }));
  const history = useQuery(trpc.gitops.syncOperations.queryOptions({ fabricId, limit: 10 }));
  const [operationId, setOperationId] = React.useState<string | null>(null);
  const [mode, setMode] = React.useState<"push" | "pull-request">("push");
  const [message, setMessage] = React.useState("");
  const [open, setOpen] = React.useState<string | null>(null);

  const refresh = React.useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: trpc.gitops.pathKey() });
  }, [queryClient, trpc]);

  const sync = useMutation(
    trpc.gitops.sync.mutationOptions({
      onSuccess: (r) => setOperationId(r.syncOperationId),
      onError: (e) => toast.error("Could not start the sync", { description: errorMessage(e) }),
    }),
  );
  const submit = useMutation(
    trpc.gitops.submit.mutationOptions({
      onSuccess: (r) => {
        setOperationId(r.syncOperationId);
        setMessage("");
        refresh();
      },
      onError: (e) => toast.error("Could not submit the change set", { description: errorMessage(e) }),
    }),
  );
  const discard = useMutation(
    trpc.gitops.discardItem.mutationOptions({
      onSuccess: refresh,
      onError: (e) => toast.error("Could not discard the edit", { description: errorMessage(e) }),
    }),
  );
  const resolve = useMutation(
    trpc.gitops.resolveConflict.mutationOptions({
      onSuccess: (_r, v) => {
        toast.success(v.resolution === "take-git" ? "Took Git's version" : "Kept your edit; submit again to write it");
        refresh();
      },
      onError: (e) => toast.error("Could not resolve the conflict", { description: errorMessage(e) }),
    }),
  );
  const onFinished = React.useCallback(
    (s: string) => {
      if (s === "succeeded") toast.success("Done");
      else toast.error("The operation failed — see the steps for the reason");
      refresh();
    },
    [refresh],
  );
  const { operation, running } = useOperation(operationId, onFinished);

  if (status.isPending) return <Skeleton className="h-96 w-full" />;
  if (status.isError) {
    return (
      <Callout variant="error" title="Could not load the GitOps status">
        {status.error.message}
      </Callout>
    );
  }
  const s = status.data;
  const canOperate = user.can("operator");
  const changeSet = pending.data?.changeSet ?? null;
  const busy = sync.isPending || submit.isPending || running;

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        breadcrumbs={[{ label: "Fabrics", href: "/fabrics" }, { label: s.fabricName, href: `/fabrics/${fabricId}` }, { label: "Git" }]}
        title={`${s.fabricName} · Git`}
        description={s.repository ? `${s.repository.url} · ${s.branch} · /${s.gitPath}` : "No Git repository configured"}
        actions={
          canOperate && s.repository ? (
            <Button onClick={() => sync.mutate({ id: fabricId })} disabled={busy}>
              {sync.isPending ? <Spinner className="size-4" /> : <RefreshCw />} Sync now
            </Button>
          ) : null
        }
      />
      <OperationProgress operation={operation} running={running} />

      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Repository</CardTitle>
            <CardDescription>What HFM last read from Git.</CardDescription>
          </CardHeader>
          <CardContent>
            <KeyValueList>
              <KeyValue label="Repository">
                {s.repository ? <Link className="hover:underline" href={`/repositories/${s.repository.id}`}>{s.repository.name}</Link> : "—"}
              </KeyValue>
              <KeyValue label="Branch" mono>
                {s.branch ?? "—"}
              </KeyValue>
              <KeyValue label="HEAD" mono>
                {shortSha(s.headCommit)} {s.lastFetchedAt ? <span className="text-muted-foreground">· fetched {formatRelative(s.lastFetchedAt)}</span> : null}
              </KeyValue>
              <KeyValue label="Last ingest">
                {s.lastIngestAt ? `${shortSha(s.lastIngestCommit)} · ${formatRelative(s.lastIngestAt)}` : "Never ingested"}
              </KeyValue>
              <KeyValue label="Last sync">{s.lastSyncAt ? `${formatDateTime(s.lastSyncAt)} · ${s.lastSyncStatus ?? ""}` : "Never"}</KeyValue>
              {s.lastSyncError ? <KeyValue label="Last error">{s.lastSyncError}</KeyValue> : null}
              <KeyValue label="Files">{`${s.files.total} YAML file(s), ${s.files.objects} object(s), ${s.files.invalid} with errors`}</KeyValue>
            </KeyValueList>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Objects by state</CardTitle>
            <CardDescription>{s.total} object(s) in this fabric.</CardDescription>
          </CardHeader>
          <CardContent className="flex flex-wrap gap-2">
            {STATES.map((st) => (
              <Link key={st} href={`/fabrics/${fabricId}/resources?state=${st}`} className="flex items-center gap-1.5 rounded-md border px-2 py-1 text-sm hover:bg-muted">
                <StateBadge kind="lifecycle" state={st} />
                <span className="font-mono">{s.counts[st]}</span>
              </Link>
            ))}
          </CardContent>
        </Card>
      </div>

      {s.files.invalidFiles.length ? (
        <Card>
          <CardHeader>
            <CardTitle>Files with errors</CardTitle>
            <CardDescription>These files were read at {shortSha(s.lastIngestCommit)}; the other files were ingested.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-3">
            {s.files.invalidFiles.map((f) => (
              <div key={f.path} className="rounded-md border p-3">
                <div className="mb-1 font-mono text-sm font-medium">{f.path}</div>
                <ul className="grid gap-1 text-sm">
                  {f.errors.map((e, i) => (
                    <li key={i} className="flex gap-2">
                      <span className="w-16 shrink-0 font-mono text-muted-foreground">{e.line != null ? `line ${e.line}` : "—"}</span>
                      <span>
                        {e.kind ? <span className="font-mono">{`${e.kind} ${e.name}: `}</span> : null}
                        {e.message} <span className="text-muted-foreground">[{e.rule}]</span>
                      </span>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </CardContent>
        </Card>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle>Pending changes</CardTitle>
          <CardDescription>Edits made in HFM, written to Git as one commit (push) or one pull request.</CardDescription>
          {changeSet ? (
            <CardAction>
              <Badge variant="secondary">{changeSet.itemCount} change(s)</Badge>
            </CardAction>
          ) : null}
        </CardHeader>
        <CardContent className="grid gap-4">
          {!changeSet || changeSet.itemCount === 0 ? (
            <EmptyState compact title="No pending changes" description="Edit objects of this fabric; the edits collect here until you submit them." />
          ) : (
            <>
              {changeSet.error ? (
                <Callout variant="warning" title="Last submit did not go through">
                  {changeSet.error}
                </Callout>
              ) : null}
              <ul className="grid gap-2">
                {changeSet.items.map((item) => (
                  <li key={item.id} className="rounded-md border">
                    <div className="flex flex-wrap items-center gap-2 p-2">
                      <Badge variant={item.action === "delete" ? "destructive" : "outline"}>{item.action}</Badge>
                      <button type="button" className="font-mono text-sm hover:underline" onClick={() => setOpen(open === item.id ? null : item.id)} aria-expanded={open === item.id}>
                        {item.kind} {item.name}
                      </button>
                      {item.state ? <StateBadge kind="lifecycle" state={item.state} /> : null}
                      {item.gitFilePath ? <span className="font-mono text-xs text-muted-foreground">{item.gitFilePath}</span> : null}
                      <span className="ml-auto flex gap-1">
                        {item.conflict && canOperate ? (
                          <>
                            <Button size="sm" variant="outline" onClick={() => resolve.mutate({ id: fabricId, itemId: item.id, resolution: "take-git" })}>
                              Take Git&apos;s
                            </Button>
                            <Button size="sm" variant="outline" onClick={() => resolve.mutate({ id: fabricId, itemId: item.id, resolution: "keep-mine" })}>
                              Keep mine
                            </Button>
                          </>
                        ) : null}
                        {canOperate && changeSet.status === "pending" ? (
                          <Button size="sm" variant="ghost" aria-label={`Discard the edit of ${item.kind} ${item.name}`} onClick={() => discard.mutate({ id: fabricId, itemId: item.id })}>
                            <Trash2 />
                          </Button>
                        ) : null}
                      </span>
                    </div>
                    {open === item.id ? (
                      <div className="border-t p-2">
                        {item.conflict ? (
                          <Callout variant="warning" title="Changed in Git since your edit" className="mb-2">
                            Git&apos;s current version is on the left. Take Git&apos;s drops your edit; keep mine writes yours over it on the next submit.
                          </Callout>
                        ) : null}
                        <YamlDiff before={item.beforeYaml} after={item.afterYaml} />
                      </div>
                    ) : null}
                  </li>
                ))}
              </ul>
              {canOperate ? (
                <form
                  className="grid gap-3 md:grid-cols-[12rem_1fr_auto] md:items-end"
                  onSubmit={(e) => {
                    e.preventDefault();
                    submit.mutate({ id: fabricId, mode, message: message.trim() || undefined });
                  }}
                >
                  <FormField label="Write as">
                    <Select
                      value={mode}
                      onChange={(e) => setMode(e.target.value === "pull-request" ? "pull-request" : "push")}
                      options={[
                        { value: "push", label: `Commit to ${s.branch ?? "the branch"}` },
                        { value: "pull-request", label: "Pull request" },
                      ]}
                    />
                  </FormField>
                  <FormField label="Commit message">
                    <Textarea rows={2} value={message} onChange={(e) => setMessage(e.target.value)} placeholder="What and why (a summary of the changes is added)" />
                  </FormField>
                  <Button type="submit" disabled={busy || changeSet.status !== "pending" || changeSet.items.some((i) => i.conflict)}>
                    {mode === "pull-request" ? <GitPullRequestArrow /> : <Send />} Submit
                  </Button>
                </form>
              ) : null}
            </>
          )}
        </CardContent>
      </Card>

      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Open pull requests</CardTitle>
          </CardHeader>
          <CardContent>
            {s.openPullRequests.length === 0 ? (
              <p className="text-sm text-muted-foreground">None.</p>
            ) : (
              <ul className="grid gap-2 text-sm">
                {s.openPullRequests.map((p) => (
                  <li key={p.changeSetId} className="flex flex-wrap items-center gap-2">
                    <GitPullRequestArrow className="size-4" />
                    {p.url ? (
                      <a className="hover:underline" href={p.url} target="_blank" rel="noreferrer">
                        #{p.number} <ExternalLink className="inline size-3" />
                      </a>
                    ) : (
                      <span>branch pushed, no pull request opened</span>
                    )}
                    <span className="font-mono text-xs">{p.branch}</span>
                    <span className="text-muted-foreground">{p.submittedBy ? `by ${p.submittedBy}` : ""} {formatRelative(p.submittedAt)}</span>
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Recent operations</CardTitle>
          </CardHeader>
          <CardContent>
            {!history.data?.items.length ? (
              <p className="text-sm text-muted-foreground">No sync yet.</p>
            ) : (
              <ul className="grid gap-1 text-sm">
                {history.data.items.map((o) => (
                  <li key={o.id} className="flex flex-wrap items-center gap-2">
                    <StateBadge kind="operation" state={o.status} />
                    <span>{o.kind}</span>
                    <span className="text-muted-foreground">{formatDateTime(o.createdAt)}</span>
                    {o.requestedBy ? <span className="text-muted-foreground">by {o.requestedBy}</span> : null}
                    {o.error ? <span className="text-destructive">{o.error}</span> : null}
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>
      </div>
      <SubmittedChangeSets fabricId={fabricId} canOperate={canOperate} />
    </div>
  );
}

function RevertButton({ changeSetId }: { changeSetId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const revert = useMutation(
    trpc.gitops.revert.mutationOptions({
      onSuccess: () => {
        toast.success("A change set with the inverse is pending; submit it to revert");
        void queryClient.invalidateQueries({ queryKey: trpc.gitops.pathKey() });
      },
      onError: (e) => toast.error("Could not revert", { description: errorMessage(e) }),
    }),
  );
  return (
    <Button size="sm" variant="outline" onClick={() => revert.mutate({ id: changeSetId })} disabled={revert.isPending}>
      <Undo2 /> Revert
    </Button>
  );
}

function SubmittedChangeSets({ fabricId, canOperate }: { fabricId: string; canOperate: boolean }) {
  const trpc = useTRPC();
  const sets = useQuery(trpc.gitops.changeSets.queryOptions({ id: fabricId, limit: 20 }));
  const done = (sets.data?.items ?? []).filter((c) => c.status !== "pending" && c.status !== "submitting");
  if (!done.length) return null;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Submitted change sets</CardTitle>
        <CardDescription>Revert creates a new pending change set with the inverse edits.</CardDescription>
      </CardHeader>
      <CardContent>
        <ul className="grid gap-2 text-sm">
          {done.map((c) => (
            <li key={c.id} className="flex flex-wrap items-center gap-2">
              <StateBadge kind="changeSet" state={c.status} />
              <span>{c.message?.split("\n")[0] || "(no message)"}</span>
              <span className="font-mono text-xs">{shortSha(c.commitSha)}</span>
              {c.pullRequestUrl ? (
                <a className="hover:underline" href={c.pullRequestUrl} target="_blank" rel="noreferrer">
                  PR #{c.pullRequestNumber}
                </a>
              ) : null}
              <span className="text-muted-foreground">
                {c.submittedBy ? `by ${c.submittedBy}` : ""} {formatRelative(c.submittedAt)}
              </span>
              {c.error ? <span className="text-destructive">{c.error}</span> : null}
              {canOperate && (c.status === "submitted" || c.status === "merged") ? (
                <span className="ml-auto">
                  <RevertButton changeSetId={c.id} />
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}
