import Link from "next/link";
import { FileJson, KeyRound } from "lucide-react";

import { cn } from "@/lib/utils";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/code-block";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import type { ApiModel, FieldDoc, HttpMethod, OperationDoc } from "./model";

const METHOD_CLASS: Record<HttpMethod, string> = {
  get: "border-blue-600/20 bg-blue-50 text-blue-700 dark:border-blue-400/25 dark:bg-blue-400/10 dark:text-blue-300",
  post: "border-emerald-600/20 bg-emerald-50 text-emerald-700 dark:border-emerald-400/25 dark:bg-emerald-400/10 dark:text-emerald-300",
  put: "border-amber-600/25 bg-amber-50 text-amber-800 dark:border-amber-400/25 dark:bg-amber-400/10 dark:text-amber-300",
  patch: "border-amber-600/25 bg-amber-50 text-amber-800 dark:border-amber-400/25 dark:bg-amber-400/10 dark:text-amber-300",
  delete: "border-red-600/20 bg-red-50 text-red-700 dark:border-red-400/25 dark:bg-red-400/10 dark:text-red-300",
};

const TAG_TITLES: Record<string, string> = {
  auth: "Auth & tokens",
  users: "Users",
  fabrics: "Fabrics",
  "git-repositories": "Git repositories",
  repositories: "Git repositories",
  alerts: "Alerts",
};

function tagTitle(tag: string): string {
  return TAG_TITLES[tag] ?? tag.charAt(0).toUpperCase() + tag.slice(1);
}

function anchorOf(op: OperationDoc): string {
  return `op-${op.id.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
}

export function MethodBadge({ method, className }: { method: HttpMethod; className?: string }) {
  return (
    <span
      className={cn(
        "inline-flex w-16 shrink-0 items-center justify-center rounded-md border px-1.5 py-0.5 font-mono text-xs font-semibold uppercase",
        METHOD_CLASS[method],
        className,
      )}
    >
      {method}
    </span>
  );
}

function RoleBadge({ role }: { role: string }) {
  if (role === "none") {
    return (
      <Badge variant="muted" title="No token needed">
        Public
      </Badge>
    );
  }
  return (
    <Badge variant={role === "admin" ? "warning" : role === "operator" ? "info" : "outline"} title={`Needs the ${role} role or higher`}>
      <KeyRound aria-hidden="true" />
      {role}
    </Badge>
  );
}

export type ApiReferenceProps = {
  model: ApiModel;
  /** Origin of this deployment, for copy-paste-ready examples (e.g. "https://hfm.example.com"). */
  origin: string;
};

/** The REST API reference, rendered from the OpenAPI document (server component: no client JavaScript needed). */
export function ApiReference({ model, origin }: ApiReferenceProps) {
  const base = `${origin}${model.baseUrl}`;
  return (
    <div className="mx-auto w-full max-w-6xl">
      <PageHeader
        title="API reference"
        description={
          <>
            Every REST endpoint under <code className="font-mono text-foreground">{model.baseUrl}</code>, generated from the same
            procedures the UI uses. {model.operationCount} operations, version {model.version}.
          </>
        }
        actions={
          <Button asChild variant="outline" size="sm">
            <a href={`${model.baseUrl}/openapi.json`} target="_blank" rel="noreferrer">
              <FileJson aria-hidden="true" />
              openapi.json
            </a>
          </Button>
        }
      />

      <div className="grid gap-6 lg:grid-cols-[13rem_1fr]">
        <nav aria-label="API sections" className="lg:sticky lg:top-4 lg:self-start">
          <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm lg:flex-col lg:gap-1">
            {["Authentication", "Errors", "Pagination"].map((title) => (
              <li key={title}>
                <a href={`#${title.toLowerCase()}`} className="text-muted-foreground hover:text-foreground">
                  {title}
                </a>
              </li>
            ))}
            <li className="hidden pt-3 text-xs font-medium tracking-wide text-muted-foreground uppercase lg:block">Endpoints</li>
            {model.tags.map((tag) => (
              <li key={tag.name}>
                <a href={`#tag-${tag.name}`} className="text-muted-foreground hover:text-foreground">
                  {tagTitle(tag.name)} <span className="tabular-nums">({tag.operations.length})</span>
                </a>
              </li>
            ))}
          </ul>
        </nav>

        <div className="flex min-w-0 flex-col gap-8">
          <Intro base={base} />

          {model.tags.length === 0 ? (
            <EmptyState title="No operations" description="The OpenAPI document lists no endpoints." />
          ) : (
            model.tags.map((tag) => (
              <section key={tag.name} id={`tag-${tag.name}`} aria-labelledby={`tag-${tag.name}-title`} className="scroll-mt-4">
                <h2 id={`tag-${tag.name}-title`} className="mb-3 text-lg font-semibold tracking-tight">
                  {tagTitle(tag.name)}
                </h2>
                <ul className="mb-4 grid gap-1 text-sm">
                  {tag.operations.map((op) => (
                    <li key={op.id} className="flex min-w-0 items-center gap-2">
                      <MethodBadge method={op.method} />
                      <a href={`#${anchorOf(op)}`} className="truncate font-mono text-[13px] hover:underline">
                        {op.path}
                      </a>
                      <span className="hidden truncate text-muted-foreground md:inline">— {op.summary}</span>
                    </li>
                  ))}
                </ul>
                <div className="flex flex-col gap-4">
                  {tag.operations.map((op) => (
                    <OperationCard key={op.id} op={op} base={base} />
                  ))}
                </div>
              </section>
            ))
          )}
        </div>
      </div>
    </div>
  );
}

function Intro({ base }: { base: string }) {
  const authExample = [
    `# Create a token (or under Settings → API tokens; it is shown once)`,
    `curl -s -X POST '${base}/auth/tokens' \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d '{"username":"alice","password":"…","name":"ci","expiresInDays":90}'`,
    ``,
    `export HFM_TOKEN='hfm_…'`,
    `curl -s '${base}/me' -H "Authorization: Bearer $HFM_TOKEN"`,
  ].join("\n");
  const errorExample = JSON.stringify(
    {
      code: "BAD_REQUEST",
      message: "Input validation failed",
      data: { code: "BAD_REQUEST", httpStatus: 400, issues: [{ path: "syncIntervalSeconds", message: "Too small: expected number to be >=60" }] },
    },
    null,
    2,
  );
  const pageExample = [
    `curl -s '${base}/alerts?state=open&limit=100' -H "Authorization: Bearer $HFM_TOKEN"`,
    `# → { "items": [ … ], "nextCursor": "clx…" }`,
    `curl -s '${base}/alerts?state=open&limit=100&cursor=clx…' -H "Authorization: Bearer $HFM_TOKEN"`,
    `# … until "nextCursor": null`,
  ].join("\n");

  return (
    <div className="grid gap-4">
      <Card id="authentication" className="scroll-mt-4">
        <CardHeader>
          <CardTitle as="h2">Authentication</CardTitle>
          <CardDescription>
            Send an API token in the <code className="font-mono">Authorization: Bearer &lt;token&gt;</code> header. Create tokens
            under <Link href="/settings" className="font-medium text-foreground underline underline-offset-4">Settings → API tokens</Link>{" "}
            or with <code className="font-mono">POST /auth/tokens</code> and your password. A token acts with its user&apos;s role
            (viewer reads, operator edits and syncs, admin manages fabrics, repositories and users). No or an invalid token answers
            401, a role without the permission 403 — always JSON.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <CodeBlock code={authExample} title="curl" wrap />
        </CardContent>
      </Card>

      <Card id="errors" className="scroll-mt-4">
        <CardHeader>
          <CardTitle as="h2">Errors</CardTitle>
          <CardDescription>
            Errors are JSON with <code className="font-mono">code</code> and <code className="font-mono">message</code>. Invalid
            input answers 400 and lists each failing field in <code className="font-mono">data.issues</code> as{" "}
            <code className="font-mono">{"{path, message}"}</code>. Other statuses: 404 not found, 409 conflict (duplicate name,
            stale version), 422 a Hedgehog validation rule failed, 429 rate limited (see <code className="font-mono">Retry-After</code>),
            5xx only for real server faults.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <CodeBlock code={errorExample} title="400 response" language="json" />
        </CardContent>
      </Card>

      <Card id="pagination" className="scroll-mt-4">
        <CardHeader>
          <CardTitle as="h2">Pagination</CardTitle>
          <CardDescription>
            Lists take <code className="font-mono">limit</code> (default 50, max 1000) and <code className="font-mono">cursor</code>,
            and answer <code className="font-mono">{"{ items, nextCursor }"}</code>. Pass <code className="font-mono">nextCursor</code>{" "}
            as <code className="font-mono">cursor</code> to read the next page; it is <code className="font-mono">null</code> on the
            last page.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <CodeBlock code={pageExample} title="curl" wrap />
        </CardContent>
      </Card>
    </div>
  );
}

function curlFor(op: OperationDoc, base: string): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => `<${name}>`);
  const requiredQuery = op.parameters.filter((p) => p.location === "query" && p.required);
  const query = requiredQuery.length ? `?${requiredQuery.map((p) => `${p.name}=<${p.name}>`).join("&")}` : "";
  const lines = [`curl -s -X ${op.method.toUpperCase()} '${base}${path}${query}'`];
  if (op.role !== "none") lines.push(`  -H "Authorization: Bearer $HFM_TOKEN"`);
  if (op.body.length > 0) {
    const sample: Record<string, string> = {};
    for (const f of op.body.filter((b) => b.required)) sample[f.name] = `<${f.name}>`;
    lines.push(`  -H 'Content-Type: application/json'`);
    lines.push(`  -d '${JSON.stringify(sample)}'`);
  }
  return lines.join(" \\\n");
}

function OperationCard({ op, base }: { op: OperationDoc; base: string }) {
  return (
    <Card id={anchorOf(op)} className="scroll-mt-4 gap-3">
      <CardHeader className="gap-2">
        <div className="flex min-w-0 flex-wrap items-center gap-2">
          <MethodBadge method={op.method} />
          <h3 id={`${anchorOf(op)}-title`} className="min-w-0 font-mono text-sm font-semibold break-all">
            {op.path}
          </h3>
          <RoleBadge role={op.role} />
          {op.deprecated ? <Badge variant="destructive">deprecated</Badge> : null}
        </div>
        {op.summary ? <CardDescription className="text-foreground/90">{op.summary}</CardDescription> : null}
        {op.description ? <CardDescription>{op.description}</CardDescription> : null}
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {op.parameters.length > 0 ? <FieldTable caption="Parameters" fields={op.parameters} showLocation /> : null}
        {op.body.length > 0 ? (
          <FieldTable
            caption={`Request body${op.bodyContentTypes.length ? ` (${op.bodyContentTypes.join(", ")})` : ""}${op.bodyRequired ? "" : ", optional"}`}
            fields={op.body}
          />
        ) : op.bodyType ? (
          <p className="text-sm">
            <span className="font-medium">Request body:</span> <code className="font-mono text-[13px]">{op.bodyType}</code>
          </p>
        ) : null}
        {op.success ? (
          <details className="group rounded-md border">
            <summary className="cursor-pointer px-3 py-2 text-sm font-medium select-none">
              Response <span className="font-mono text-success">{op.success.status}</span>
              {op.success.type ? <span className="ml-2 font-mono text-xs font-normal text-muted-foreground">{op.success.type}</span> : null}
              {op.errorStatuses.length ? (
                <span className="ml-2 text-xs font-normal text-muted-foreground">
                  · errors {op.errorStatuses.map((e) => e.status).join(", ")}
                </span>
              ) : null}
            </summary>
            <div className="border-t px-3 py-3">
              {op.success.fields.length > 0 ? (
                <FieldTable caption="Response fields" fields={op.success.fields} hideCaption />
              ) : (
                <p className="text-sm text-muted-foreground">{op.success.description || "No body."}</p>
              )}
            </div>
          </details>
        ) : null}
        <CodeBlock code={curlFor(op, base)} language="shell" wrap maxHeightClassName="max-h-60" />
      </CardContent>
    </Card>
  );
}

function FieldTable({
  caption,
  fields,
  showLocation = false,
  hideCaption = false,
}: {
  caption: string;
  fields: FieldDoc[];
  showLocation?: boolean;
  hideCaption?: boolean;
}) {
  // Plain elements styled from the table (not per cell): the reference has hundreds of rows.
  return (
    <div className="grid gap-1.5">
      {hideCaption ? null : <p className="text-sm font-medium">{caption}</p>}
      <div className="w-full overflow-x-auto rounded-md border">
        <table
          aria-label={caption}
          className="w-full text-sm [&_td]:px-3 [&_td]:py-1.5 [&_td]:align-top [&_th]:h-8 [&_th]:px-3 [&_th]:text-left [&_th]:text-xs [&_th]:font-medium [&_th]:whitespace-nowrap [&_th]:text-muted-foreground [&_tr]:border-b [&_tbody_tr:last-child]:border-0"
        >
          <thead className="bg-muted/40">
            <tr>
              <th>Name</th>
              {showLocation ? <th>In</th> : null}
              <th>Type</th>
              <th>Required</th>
              <th>Notes</th>
            </tr>
          </thead>
          <tbody className="[&_td:first-child]:font-mono [&_td:first-child]:text-[13px] [&_td:first-child]:font-medium [&_td:first-child]:whitespace-nowrap [&_td:nth-last-child(3)]:max-w-72 [&_td:nth-last-child(3)]:font-mono [&_td:nth-last-child(3)]:text-[13px] [&_td:nth-last-child(3)]:break-words [&_td:last-child]:min-w-40 [&_td:last-child]:text-xs [&_td:last-child]:break-words [&_td:last-child]:text-muted-foreground">
            {fields.map((f) => (
              <tr key={`${f.location}-${f.name}`}>
                <td>{f.name}</td>
                {showLocation ? <td className="text-muted-foreground">{f.location}</td> : null}
                <td>{f.type}</td>
                <td className={f.required ? "font-medium" : "text-muted-foreground"}>{f.required ? "required" : "optional"}</td>
                <td>{[f.description, ...f.notes].filter(Boolean).join(" · ") || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
