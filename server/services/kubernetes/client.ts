/**
 * The per-fabric Kubernetes client: built in code from the fabric's server URL, decrypted token and CA — never a
 * default kubeconfig, no fallback, TLS always verified (a fabric without a CA uses the system roots; never
 * skipTLSVerify). Every call has a timeout, the HFM user agent, retries with backoff and jitter for transient
 * failures, and goes through the fabric's circuit breaker. A 401 marks the fabric's credentials expired.
 */
import https from "node:https";
import * as k8s from "@kubernetes/client-node";
import type { Fabric, PrismaClient } from "@/server/db";
import { logger, registerSecret } from "@/server/logger";
import { decryptSecret } from "@/server/services/crypto";
import { notFound } from "@/server/services/errors";
import { FabricBreaker } from "./breaker";
import { kubernetesSettings, USER_AGENT } from "./config";
import { KubeError, toKubeError } from "./errors";

export interface FabricTarget {
  id: string;
  name: string;
  server: string;
  namespace: string;
  token: string;
  caPem: string | null;
}

/** The connection settings of a fabric, decrypted; throws a KubeError naming what is missing. */
export function fabricTarget(fabric: Fabric): FabricTarget {
  if (!fabric.kubernetesServer) {
    throw new KubeError("not-configured", `fabric ${fabric.name} has no Kubernetes API server — set its server URL (https://…:6443), token and CA certificate`);
  }
  if (!fabric.kubernetesTokenEncrypted) {
    throw new KubeError("not-configured", `fabric ${fabric.name} has no Kubernetes token — set a service-account token on the fabric`);
  }
  const token = decryptSecret(fabric.kubernetesTokenEncrypted);
  registerSecret(token);
  return {
    id: fabric.id,
    name: fabric.name,
    server: fabric.kubernetesServer.replace(/\/+$/, ""),
    namespace: fabric.kubernetesNamespace,
    token,
    caPem: fabric.kubernetesCaCert,
  };
}

/**
 * A KubeConfig whose every request (generated APIs and Watch alike) goes through HFM's own https.Agent: the fabric's
 * CA (or the system roots), rejectUnauthorized always on whatever NODE_TLS_REJECT_UNAUTHORIZED says, keep-alive.
 */
type FetchInit = ReturnType<k8s.KubeConfig["applyToFetchOptions"]>;

class FabricKubeConfig extends k8s.KubeConfig {
  constructor(private readonly agent: https.Agent) {
    super();
  }

  override async applySecurityAuthentication(context: k8s.RequestContext): Promise<void> {
    await super.applySecurityAuthentication(context);
    context.setAgent(this.agent);
    context.setHeaderParam("User-Agent", USER_AGENT);
  }

  override async applyToFetchOptions(opts: https.RequestOptions): FetchInit {
    const init = await super.applyToFetchOptions(opts);
    init.agent = this.agent;
    const headers = init.headers as { set?: (k: string, v: string) => void } | Record<string, string> | undefined;
    if (headers && typeof headers.set === "function") headers.set("User-Agent", USER_AGENT);
    else init.headers = { ...(headers as Record<string, string> | undefined), "User-Agent": USER_AGENT };
    return init;
  }
}

function timeoutMiddleware(): k8s.Middleware {
  return {
    pre: async (ctx) => {
      ctx.setSignal(AbortSignal.timeout(kubernetesSettings().timeoutMs));
      return ctx;
    },
    post: async (rsp) => rsp,
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Full-jitter exponential backoff for attempt n (0-based), or the server's Retry-After when it sent one. */
export function backoffDelay(attempt: number, retryAfterMs: number | null): number {
  const s = kubernetesSettings();
  if (retryAfterMs !== null) return Math.min(retryAfterMs, s.retryAfterMaxMs);
  const cap = Math.min(s.backoffMaxMs, s.backoffBaseMs * 2 ** attempt);
  return Math.round(cap / 2 + (Math.random() * cap) / 2);
}

export interface CallOptions {
  /** Retries for this call (default: the setting). */
  retries?: number;
}

export class KubeClient {
  readonly kc: k8s.KubeConfig;
  readonly custom: k8s.CustomObjectsApi;
  readonly apis: k8s.ApisApi;
  readonly version: k8s.VersionApi;
  readonly authz: k8s.AuthorizationV1Api;
  readonly breaker: FabricBreaker;
  private readonly agent: https.Agent;
  /** Attempts made (incl. retries) — for counts and tests. */
  attempts = 0;

  constructor(
    private readonly db: PrismaClient,
    readonly target: FabricTarget,
    breaker: FabricBreaker,
    /** An explicit user test: calls pass an open breaker; their outcome still moves it (success closes it). */
    private readonly explicit = false,
  ) {
    this.breaker = breaker;
    this.agent = new https.Agent({
      keepAlive: true,
      rejectUnauthorized: true,
      ...(target.caPem ? { ca: target.caPem } : {}),
    });
    const kc = new FabricKubeConfig(this.agent);
    kc.loadFromOptions({
      clusters: [{ name: "fabric", server: target.server, skipTLSVerify: false }],
      users: [{ name: "hfm", token: target.token }],
      contexts: [{ name: "fabric", cluster: "fabric", user: "hfm", namespace: target.namespace }],
      currentContext: "fabric",
    });
    this.kc = kc;
    const configuration = k8s.createConfiguration({
      baseServer: new k8s.ServerConfiguration(target.server, {}),
      authMethods: { default: kc },
      promiseMiddleware: [timeoutMiddleware()],
    });
    this.custom = new k8s.CustomObjectsApi(configuration);
    this.apis = new k8s.ApisApi(configuration);
    this.version = new k8s.VersionApi(configuration);
    this.authz = new k8s.AuthorizationV1Api(configuration);
  }

  /**
   * Runs one API call with the timeout, retries (5xx, 429 with Retry-After, timeouts, dropped connections; never
   * other 4xx), the breaker and the 401 bookkeeping. Throws a KubeError.
   */
  async call<T>(what: string, fn: () => Promise<T>, opts: CallOptions = {}): Promise<T> {
    const { probe } = this.explicit ? { probe: false } : await this.breaker.admit();
    const retries = probe ? 0 : (opts.retries ?? kubernetesSettings().retries);
    let last: KubeError | undefined;
    for (let attempt = 0; attempt <= retries; attempt++) {
      this.attempts++;
      try {
        const result = await fn();
        await this.breaker.success(probe);
        return result;
      } catch (e) {
        last = toKubeError(e, this.target.server, what);
        if (!last.retryable || attempt === retries) break;
        const delay = backoffDelay(attempt, last.retryAfterMs);
        logger.debug({ fabricId: this.target.id, what, attempt, delay, reason: last.reason }, "kubernetes call retried");
        await sleep(delay);
      }
    }
    const error = last!;
    await this.breaker.failure(probe, error);
    if (error.reason === "unauthorized") await this.markCredentialsExpired(error.message);
    throw error;
  }

  private async markCredentialsExpired(message: string): Promise<void> {
    await this.db.fabric.update({
      where: { id: this.target.id },
      data: { credentialsExpired: true, connectionStatus: "error", connectionMessage: message, connectionCheckedAt: new Date() },
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Loads a fabric and builds its client (throws NOT_FOUND, or a KubeError when the connection is not configured). */
export async function openFabricClient(db: PrismaClient, fabricId: string): Promise<{ fabric: Fabric; client: KubeClient }> {
  const fabric = await db.fabric.findUnique({ where: { id: fabricId } });
  if (!fabric) throw notFound("Fabric");
  const target = fabricTarget(fabric);
  const breaker = new FabricBreaker(db, fabric.id, fabric.name, {
    state: fabric.breakerState,
    failures: fabric.breakerFailures,
    openedAt: fabric.breakerOpenedAt,
  });
  return { fabric, client: new KubeClient(db, target, breaker) };
}

/** Runs `fn` with a fabric's client and closes it afterwards. */
export async function withFabricClient<T>(db: PrismaClient, fabricId: string, fn: (client: KubeClient, fabric: Fabric) => Promise<T>): Promise<T> {
  const { fabric, client } = await openFabricClient(db, fabricId);
  try {
    return await fn(client, fabric);
  } finally {
    client.close();
  }
}
