"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/components/providers/trpc";
import { StateBadge } from "@/components/ui/state-badge";
import type { HhObject } from "@/lib/hedgehog/types";
import { resourceHref, resourcesHref } from "./shared";

/** Objects found by a system label (`q=key=value`), e.g. a VPC's attachments. */
interface LabelQuery {
  title: string;
  kind: string;
  label: string;
}

/** Objects this object names in its spec (an attachment's VPC and connection). */
interface DirectRef {
  title: string;
  kind: string;
  name: string;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const rec = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** What is related to an object, from its kind, name, spec and labels (API-NOTES §2 label table). */
export function relationsOf(kind: string, name: string, object: HhObject | null, labels: Record<string, string> | null): { queries: LabelQuery[]; refs: DirectRef[] } {
  const spec = rec(object?.spec);
  const queries: LabelQuery[] = [];
  const refs: DirectRef[] = [];
  const ref = (title: string, k: string, n: string | undefined) => {
    if (n) refs.push({ title, kind: k, name: n });
  };
  switch (kind) {
    case "VPC":
      queries.push({ title: "Attachments", kind: "VPCAttachment", label: `fabric.githedgehog.com/vpc=${name}` });
      queries.push({ title: "Peerings", kind: "VPCPeering", label: `vpc.fabric.githedgehog.com/${name}=true` });
      queries.push({ title: "External peerings", kind: "ExternalPeering", label: `fabric.githedgehog.com/vpc=${name}` });
      ref("IPv4Namespace", "IPv4Namespace", str(spec.ipv4Namespace) ?? "default");
      ref("VLANNamespace", "VLANNamespace", str(spec.vlanNamespace) ?? "default");
      break;
    case "VPCAttachment": {
      const subnet = str(spec.subnet);
      ref("VPC", "VPC", subnet?.split("/")[0]);
      ref("Connection", "Connection", str(spec.connection));
      break;
    }
    case "VPCPeering":
      for (const vpc of new Set((Array.isArray(spec.permit) ? spec.permit : []).flatMap((p) => Object.keys(rec(p))))) ref("VPC", "VPC", vpc);
      break;
    case "External":
      queries.push({ title: "Attachments", kind: "ExternalAttachment", label: `fabric.githedgehog.com/external=${name}` });
      queries.push({ title: "Peerings", kind: "ExternalPeering", label: `fabric.githedgehog.com/external=${name}` });
      ref("IPv4Namespace", "IPv4Namespace", str(spec.ipv4Namespace) ?? "default");
      break;
    case "ExternalAttachment":
      ref("External", "External", str(spec.external));
      ref("Connection", "Connection", str(spec.connection));
      break;
    case "ExternalPeering": {
      const permit = rec(spec.permit);
      ref("VPC", "VPC", str(rec(permit.vpc).name));
      ref("External", "External", str(rec(permit.external).name));
      break;
    }
    case "IPv4Namespace":
      queries.push({ title: "VPCs", kind: "VPC", label: `fabric.githedgehog.com/ipv4ns=${name}` });
      queries.push({ title: "Externals", kind: "External", label: `fabric.githedgehog.com/ipv4ns=${name}` });
      break;
    case "VLANNamespace":
      queries.push({ title: "VPCs", kind: "VPC", label: `fabric.githedgehog.com/vlanns=${name}` });
      queries.push({ title: "Switches", kind: "Switch", label: `vlanns.fabric.githedgehog.com/${name}=true` });
      break;
    case "Switch":
      queries.push({ title: "Connections", kind: "Connection", label: `switch.fabric.githedgehog.com/${name}=true` });
      ref("SwitchProfile", "SwitchProfile", str(spec.profile));
      break;
    case "Server":
      queries.push({ title: "Connections", kind: "Connection", label: `server.fabric.githedgehog.com/${name}=true` });
      break;
    case "SwitchGroup":
      queries.push({ title: "Switches", kind: "Switch", label: `switchgroup.fabric.githedgehog.com/${name}=true` });
      break;
    case "Connection":
      queries.push({ title: "VPC attachments", kind: "VPCAttachment", label: `fabric.githedgehog.com/connection=${name}` });
      queries.push({ title: "External attachments", kind: "ExternalAttachment", label: `fabric.githedgehog.com/connection=${name}` });
      for (const [key, value] of Object.entries(labels ?? {})) {
        const m = /^(switch|server)\.fabric\.githedgehog\.com\/(.+)$/.exec(key);
        if (m && value === "true") ref(m[1] === "switch" ? "Switch" : "Server", m[1] === "switch" ? "Switch" : "Server", m[2]);
      }
      break;
  }
  return { queries, refs };
}

export function RelatedObjects({ fabricId, kind, name, object, labels }: { fabricId: string; kind: string; name: string; object: HhObject | null; labels: Record<string, string> | null }) {
  const { queries, refs } = relationsOf(kind, name, object, labels);
  if (queries.length === 0 && refs.length === 0) {
    return <p className="text-sm text-muted-foreground">HFM knows no related objects for a {kind}.</p>;
  }
  return (
    <div className="flex flex-col gap-4">
      {refs.length > 0 ? (
        <div className="flex flex-col gap-1.5">
          <h4 className="text-sm font-medium">Refers to</h4>
          <ul className="flex flex-col gap-1 text-sm">
            {refs.map((r) => (
              <li key={`${r.kind}/${r.name}`} className="flex items-baseline gap-2">
                <span className="w-32 shrink-0 text-muted-foreground">{r.title}</span>
                <Link href={resourceHref(fabricId, r.kind, r.name)} className="font-mono text-[13px] break-all hover:underline">
                  {r.name}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {queries.map((q) => (
        <LabelledList key={`${q.kind}|${q.label}`} fabricId={fabricId} query={q} />
      ))}
    </div>
  );
}

const LIMIT = 20;

function LabelledList({ fabricId, query }: { fabricId: string; query: LabelQuery }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.resources.list.queryOptions({ id: fabricId, kind: query.kind, q: query.label, limit: LIMIT }));
  const items = list.data?.items ?? [];
  return (
    <div className="flex flex-col gap-1.5">
      <h4 className="flex items-baseline justify-between gap-2 text-sm font-medium">
        <span>
          {query.title}
          {list.data ? <span className="ml-1.5 text-muted-foreground tabular-nums">{items.length}{list.data.nextCursor ? "+" : ""}</span> : null}
        </span>
        <Link href={resourcesHref(fabricId, { kind: query.kind, q: query.label })} className="text-xs font-normal text-muted-foreground hover:underline">
          Open in list
        </Link>
      </h4>
      {list.isPending ? (
        <p className="text-sm text-muted-foreground">Loading…</p>
      ) : list.isError ? (
        <p className="text-sm text-destructive">{list.error.message}</p>
      ) : items.length === 0 ? (
        <p className="text-sm text-muted-foreground">
          No {query.kind} with label <code className="font-mono text-xs">{query.label}</code>.
        </p>
      ) : (
        <ul className="flex flex-col gap-1 text-sm">
          {items.map((r) => (
            <li key={r.id} className="flex items-center justify-between gap-2">
              <Link href={resourceHref(fabricId, r.kind, r.name)} className="font-mono text-[13px] break-all hover:underline">
                {r.name}
              </Link>
              <StateBadge kind="lifecycle" state={r.state} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
