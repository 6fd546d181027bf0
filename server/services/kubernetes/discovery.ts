/**
 * Which Hedgehog kinds the cluster serves: API discovery (/apis, then each Hedgehog group version). The VPC and
 * wiring groups must be there ("a Hedgehog cluster"); gateway kinds are read only when the cluster has them.
 */
import { FABRIC_KINDS, GATEWAY_GROUP, VPC_GROUP, WIRING_GROUP, type KindInfo } from "@/lib/hedgehog/registry";
import type { KubeClient } from "./client";
import { hostPort, KubeError } from "./errors";

export interface Discovery {
  /** Kinds of the registry the cluster serves, in registry order. */
  kinds: KindInfo[];
  /** Kinds of present groups that the cluster does not serve (an older or newer fabric). */
  missing: KindInfo[];
  gateway: boolean;
}

export const NOT_HEDGEHOG = "not a Hedgehog cluster — the vpc.githedgehog.com and wiring.githedgehog.com APIs are missing";

export async function discoverHedgehogKinds(client: KubeClient): Promise<Discovery> {
  const groups = await client.call("discover API groups", () => client.apis.getAPIVersions());
  const served = new Map<string, string[]>();
  for (const g of groups.groups ?? []) served.set(g.name, (g.versions ?? []).map((v) => v.version));
  const absent = [VPC_GROUP, WIRING_GROUP].filter((g) => !served.has(g));
  if (absent.length > 0) {
    const message =
      absent.length === 2
        ? `${NOT_HEDGEHOG} on ${hostPort(client.target.server)}`
        : `not a complete Hedgehog cluster — the ${absent.join(" and ")} API is missing on ${hostPort(client.target.server)}`;
    throw new KubeError("not-hedgehog", message);
  }
  const gateway = served.has(GATEWAY_GROUP);
  const kinds: KindInfo[] = [];
  const missing: KindInfo[] = [];
  const groupVersions = new Map<string, KindInfo[]>();
  for (const k of FABRIC_KINDS) {
    if (!served.has(k.group)) continue;
    const key = `${k.group}/${k.version}`;
    groupVersions.set(key, [...(groupVersions.get(key) ?? []), k]);
  }
  const resources = await Promise.all(
    [...groupVersions.keys()].map(async (gv) => {
      const [group, version] = gv.split("/") as [string, string];
      if (!served.get(group)!.includes(version)) return [gv, new Set<string>()] as const;
      const list = await client.call(`discover ${gv}`, () => client.custom.getAPIResources({ group, version }));
      return [gv, new Set(list.resources.map((r) => r.name))] as const;
    }),
  );
  const byGv = new Map(resources);
  for (const [gv, list] of groupVersions) {
    for (const k of list) (byGv.get(gv)!.has(k.plural) ? kinds : missing).push(k);
  }
  return { kinds, missing, gateway };
}

/** `plural.group`, as Kubernetes names a resource in messages and RBAC. */
export function qualifiedResource(k: Pick<KindInfo, "plural" | "group">): string {
  return `${k.plural}.${k.group}`;
}
