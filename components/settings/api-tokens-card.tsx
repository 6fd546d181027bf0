"use client";

import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { BookOpen, KeyRound, Plus, RotateCw } from "lucide-react";

import { formatDateTime, formatRelative } from "@/lib/format";
import { errorMessage } from "@/lib/form-errors";
import type { AppRouter } from "@/server/trpc/root";
import { useTRPC } from "@/components/providers/trpc";
import { Callout } from "@/components/ui/alert";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { CreateTokenDialog } from "./create-token-dialog";

export type ApiTokenDto = inferRouterOutputs<AppRouter>["auth"]["listTokens"][number];

function isExpired(token: ApiTokenDto): boolean {
  return token.expiresAt !== null && new Date(token.expiresAt).getTime() <= Date.now();
}

function When({ iso, fallback, relative = false }: { iso: string | null; fallback: string; relative?: boolean }) {
  if (!iso) return <span className="text-muted-foreground">{fallback}</span>;
  return (
    <time dateTime={iso} title={formatDateTime(iso)} className="whitespace-nowrap">
      {relative ? formatRelative(iso) : formatDateTime(iso)}
    </time>
  );
}

/** The signed-in user's API tokens: list, create (shown once), revoke. */
export function ApiTokensCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.auth.listTokens.queryOptions());
  const revoke = useMutation(trpc.auth.revokeToken.mutationOptions());

  const onRevoke = async (token: ApiTokenDto) => {
    try {
      await revoke.mutateAsync({ id: token.id });
      toast.success(`Token "${token.name}" revoked`, { description: "Scripts using it now get 401." });
    } catch (error) {
      toast.error("Could not revoke the token", { description: errorMessage(error) });
    } finally {
      await queryClient.invalidateQueries({ queryKey: trpc.auth.listTokens.queryKey() });
    }
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">API tokens</CardTitle>
        <CardDescription>
          Tokens let scripts and CI call the REST API as you, with your role: send{" "}
          <code className="font-mono text-foreground">Authorization: Bearer &lt;token&gt;</code>. HFM stores only a hash; a token
          is shown once, when you create it. See the{" "}
          <Link href="/api-docs" className="font-medium text-foreground underline underline-offset-4">
            API reference
          </Link>
          .
        </CardDescription>
        <CardAction>
          <CreateTokenDialog
            trigger={
              <Button size="sm">
                <Plus aria-hidden="true" />
                Create token
              </Button>
            }
          />
        </CardAction>
      </CardHeader>
      <CardContent>
        {tokens.isPending ? (
          <div className="grid gap-2" aria-busy="true" aria-label="Loading tokens">
            {Array.from({ length: 3 }, (_, i) => (
              <Skeleton key={i} className="h-9 w-full" />
            ))}
          </div>
        ) : tokens.isError ? (
          <Callout
            variant="error"
            title="Could not load your API tokens"
            action={
              <Button variant="outline" size="sm" onClick={() => void tokens.refetch()}>
                <RotateCw aria-hidden="true" />
                Retry
              </Button>
            }
          >
            {errorMessage(tokens.error)}
          </Callout>
        ) : tokens.data.length === 0 ? (
          <EmptyState
            icon={<KeyRound />}
            title="No API tokens"
            description="Create a token to use the REST API or the CLI from scripts and CI pipelines."
            action={
              <Button asChild variant="outline" size="sm">
                <Link href="/api-docs">
                  <BookOpen aria-hidden="true" />
                  Read the API reference
                </Link>
              </Button>
            }
          />
        ) : (
          <Table containerClassName="rounded-md border" aria-label="Your API tokens">
            <TableHeader className="bg-muted/40">
              <TableRow className="hover:bg-transparent">
                <TableHead>Name</TableHead>
                <TableHead>Token</TableHead>
                <TableHead>Created</TableHead>
                <TableHead>Expires</TableHead>
                <TableHead>Last used</TableHead>
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {tokens.data.map((token) => (
                <TableRow key={token.id}>
                  <TableCell className="font-medium">{token.name}</TableCell>
                  <TableCell className="font-mono text-[13px] whitespace-nowrap text-muted-foreground">{token.prefix}…</TableCell>
                  <TableCell>
                    <When iso={token.createdAt} fallback="—" />
                  </TableCell>
                  <TableCell>
                    {isExpired(token) ? (
                      <span className="inline-flex items-center gap-2 whitespace-nowrap">
                        <Badge variant="destructive">Expired</Badge>
                        <When iso={token.expiresAt} fallback="" />
                      </span>
                    ) : (
                      <When iso={token.expiresAt} fallback="Never" />
                    )}
                  </TableCell>
                  <TableCell>
                    <When iso={token.lastUsedAt} fallback="Never used" relative />
                  </TableCell>
                  <TableCell className="text-right">
                    <ConfirmDialog
                      trigger={
                        <Button variant="ghost" size="xs" className="text-destructive hover:text-destructive" aria-label={`Revoke token ${token.name}`}>
                          Revoke
                        </Button>
                      }
                      title={`Revoke token "${token.name}"?`}
                      description={
                        <>
                          Scripts using <span className="font-mono">{token.prefix}…</span> stop working at once (401). This cannot be
                          undone; create a new token to replace it.
                        </>
                      }
                      confirmLabel="Revoke token"
                      destructive
                      onConfirm={() => onRevoke(token)}
                    />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
