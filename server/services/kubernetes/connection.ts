/**
 * Test-connection: /version, discovery (is this a Hedgehog cluster?), then for every Hedgehog kind in the fabric's
 * namespace a real list (limit 1) and SelfSubjectAccessReviews for get/list/watch/patch. The outcome is stored on the
 * Fabric row and answered in words a user acts on. Never throws for cluster problems; never echoes the token.
 */
import type { KindInfo } from "@/lib/hedgehog/registry";
import type { Fabric, PrismaClient } from "@/server/db";
import { logger } from "@/server/logger";
import { raiseAlert, resolveAlerts } from "@/server/services/alerts";
import { notFound } from "@/server/services/errors";
import { fabricTarget, KubeClient } from "./client";
import { FabricBreaker } from "./breaker";
import { kubernetesSettings } from "./config";
import { discoverHedgehogKinds, qualifiedResource } from "./discovery";
import { hostPort, KubeError, toKubeError } from "./errors";

export const PROBE_VERBS = ["get", "list", "watch", "patch"] as const;
export type ProbeVerb = (typeof PROBE_VERBS)[number];

export interface KindPermission {
  kind: string;
  resource: string;
  /** The list call (limit 1) itself succeeded. */
  list: boolean;
  get: boolean;
  watch: boolean;
  patch: boolean;
  /** What the probe found wrong, when something is. */
  error?: string;
}

export interface ConnectionDetails {
  server: string;
  namespace: string;
  serverVersion: string | null;
  latencyMs: number | null;
  hedgehog: boolean | null;
  gateway: boolean | null;
  kinds: KindPermission[];
  /** Kinds HFM knows that the cluster does not serve. */
  missingKinds: string[];
  failure: string | null;
  credentialsExpired: boolean;
  breaker: { state: string; failures: number; openedAt: string | null };
}

export interface ConnectionResult {
  ok: boolean;
  message: string;
  details: ConnectionDetails;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

async function probeKind(client: KubeClient, k: KindInfo, namespace: string): Promise<KindPermission> {
  const resource = qualifiedResource(k);
  const perm: KindPermission = { kind: k.kind, resource, list: false, get: false, watch: false, patch: false };
  const [list, ...reviews] = await Promise.allSettled([
    client.call(`list ${resource}`, () => client.custom.listNamespacedCustomObject({ group: k.group, version: k.version, namespace, plural: k.plural, limit: 1 })),
    ...PROBE_VERBS.map((verb) =>
      client.call(`review ${verb} ${resource}`, () =>
        client.authz.createSelfSubjectAccessReview({
          body: { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", spec: { resourceAttributes: { namespace, verb, group: k.group, resource: k.plural } } },
        }),
      ),
    ),
  ]);
  if (list!.status === "fulfilled") perm.list = true;
  else perm.error = toKubeError(list!.reason, client.target.server, `list ${resource}`).message;
  PROBE_VERBS.forEach((verb, i) => {
    const r = reviews[i]!;
    if (r.status === "fulfilled") perm[verb] = r.value.status?.allowed === true;
  });
  // The real list is the truth for list (an SSAR may be answered differently by webhooks).
  perm.list = perm.list && list!.status === "fulfilled";
  if (list!.status === "rejected") {
    const err = list!.reason instanceof KubeError ? list!.reason : toKubeError(list!.reason, client.target.server, `list ${resource}`);
    if (err.reason !== "forbidden") throw err;
  }
  return perm;
}

function summarize(kinds: KindPermission[], direct: boolean): { ok: boolean; problem: string | null; note: string | null } {
  const missing: string[] = [];
  for (const k of kinds) {
    for (const verb of ["list", "get", "watch"] as const) if (!k[verb]) missing.push(`${verb} ${k.resource}`);
    if (direct && !k.patch) missing.push(`patch ${k.resource}`);
  }
  if (missing.length > 0) {
    const shown = missing.slice(0, 3).map((m) => `cannot ${m}`).join("; ");
    const more = missing.length > 3 ? ` (and ${missing.length - 3} more)` : "";
    return { ok: false, problem: `permission missing: ${shown}${more} — grant the service account these verbs on the Hedgehog API groups (see docs/kubernetes.md)`, note: null };
  }
  const readOnly = kinds.some((k) => !k.patch);
  return { ok: true, problem: null, note: readOnly ? "read-only access (no patch): fine for GitOps mode, direct apply would fail" : null };
}

/** Tests a fabric's cluster connection for real and stores the result on the fabric. */
export async function testFabricConnection(db: PrismaClient, fabricId: string): Promise<ConnectionResult> {
  const fabric = await db.fabric.findUnique({ where: { id: fabricId } });
  if (!fabric) throw notFound("Fabric");
  const details: ConnectionDetails = {
    server: fabric.kubernetesServer ?? "",
    namespace: fabric.kubernetesNamespace,
    serverVersion: null,
    latencyMs: null,
    hedgehog: null,
    gateway: null,
    kinds: [],
    missingKinds: [],
    failure: null,
    credentialsExpired: false,
    breaker: { state: fabric.breakerState, failures: fabric.breakerFailures, openedAt: fabric.breakerOpenedAt?.toISOString() ?? null },
  };
  let client: KubeClient | null = null;
  let ok = false;
  let message: string;
  try {
    const target = fabricTarget(fabric);
    // An explicit test is the user's probe: it is allowed through an open breaker and its outcome moves the breaker.
    const breaker = new FabricBreaker(db, fabric.id, fabric.name, { state: fabric.breakerState, failures: fabric.breakerFailures, openedAt: fabric.breakerOpenedAt });
    client = new KubeClient(db, target, breaker, true);
    const c = client;
    const started = performance.now();
    const version = await c.call("get /version", () => c.version.getCode(), { retries: 1 });
    details.latencyMs = Math.round(performance.now() - started);
    details.serverVersion = version.gitVersion;
    const discovery = await discoverHedgehogKinds(c);
    details.hedgehog = true;
    details.gateway = discovery.gateway;
    details.missingKinds = discovery.missing.map((k) => k.kind);
    details.kinds = await mapLimit(discovery.kinds, Math.max(1, Math.floor(kubernetesSettings().probeConcurrency / 5)), (k) => probeKind(c, k, target.namespace));
    const summary = summarize(details.kinds, fabric.applyMode === "direct");
    ok = summary.ok;
    message = summary.ok
      ? `connected to ${hostPort(target.server)} (Kubernetes ${version.gitVersion}, ${details.latencyMs} ms): ${details.kinds.length} Hedgehog kinds readable in namespace ${target.namespace}${summary.note ? `; ${summary.note}` : ""}`
      : summary.problem!;
    if (details.missingKinds.length > 0 && ok) message += `; not served by this cluster: ${details.missingKinds.join(", ")}`;
  } catch (e) {
    const err = e instanceof KubeError ? e : toKubeError(e, fabric.kubernetesServer ?? "", "test connection");
    details.failure = err.reason;
    if (err.reason === "not-hedgehog") details.hedgehog = false;
    message = err.message;
  } finally {
    client?.close();
  }
  details.credentialsExpired = details.failure === "unauthorized";
  await storeResult(db, fabric, ok, message, details);
  const after = await db.fabric.findUniqueOrThrow({ where: { id: fabricId }, select: { breakerState: true, breakerFailures: true, breakerOpenedAt: true } });
  details.breaker = { state: after.breakerState, failures: after.breakerFailures, openedAt: after.breakerOpenedAt?.toISOString() ?? null };
  return { ok, message, details };
}

/** Marker in the `/version` gitVersion of HFM's simulated cluster. */
export const SIMULATED_VERSION_MARK = "hfm-simulated";

async function storeResult(db: PrismaClient, fabric: Fabric, ok: boolean, message: string, details: ConnectionDetails): Promise<void> {
  await db.fabric.update({
    where: { id: fabric.id },
    data: {
      connectionStatus: ok ? "ok" : "error",
      connectionMessage: message,
      connectionCheckedAt: new Date(),
      connectionLatencyMs: details.latencyMs,
      // The simulated cluster (`npm run dev:cluster`) announces itself in its version; its fabrics are labelled so.
      ...(details.serverVersion ? { serverVersion: details.serverVersion, simulated: details.serverVersion.includes(SIMULATED_VERSION_MARK) } : {}),
      // A rejected token marks the credentials expired; any authenticated answer clears it.
      ...(details.failure === "unauthorized" ? { credentialsExpired: true } : details.serverVersion && details.failure === null ? { credentialsExpired: false } : {}),
    },
  });
  try {
    if (details.failure === "unauthorized") {
      await raiseAlert(db, {
        fabricId: fabric.id,
        type: "credentials-expired",
        fingerprint: `credentials-expired:${fabric.id}`,
        severity: "critical",
        title: `Kubernetes token of fabric ${fabric.name} rejected`,
        message,
      });
    } else if (details.failure === null || details.serverVersion) {
      await resolveAlerts(db, { fingerprints: [`credentials-expired:${fabric.id}`] });
    }
    if (details.failure && ["refused", "timeout", "dns", "dropped", "server", "tls"].includes(details.failure)) {
      await raiseAlert(db, {
        fabricId: fabric.id,
        type: "cluster-unreachable",
        fingerprint: `cluster-unreachable:${fabric.id}`,
        severity: "critical",
        title: `Cluster of fabric ${fabric.name} unreachable`,
        message,
      });
    } else if (details.serverVersion) {
      await resolveAlerts(db, { fingerprints: [`cluster-unreachable:${fabric.id}`] });
    }
  } catch (e) {
    logger.warn({ err: e, fabricId: fabric.id }, "could not record the connection alert");
  }
}
