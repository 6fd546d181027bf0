/**
 * What went wrong talking to a cluster, in words a user acts on. Every failure of a Kubernetes call becomes a
 * `KubeError` (a DomainError, so the API maps it to an HTTP status) with a machine-readable `reason`.
 */
import { ApiException } from "@kubernetes/client-node";
import { redactSecrets } from "@/server/logger";
import { DomainError, type DomainErrorCode } from "@/server/services/errors";

export type KubeFailure =
  | "unauthorized"
  | "forbidden"
  | "tls"
  | "refused"
  | "timeout"
  | "dropped"
  | "dns"
  | "throttled"
  | "server"
  | "not-found"
  | "conflict"
  | "invalid"
  | "bad-request"
  | "breaker-open"
  | "not-configured"
  | "not-hedgehog"
  | "other";

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** The Kubernetes `Status` body of a rejected call (when the server sent one). */
export interface KubeStatusBody {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; group?: string; kind?: string; causes?: StatusCause[]; retryAfterSeconds?: number };
}

const DOMAIN_CODE: Record<KubeFailure, DomainErrorCode> = {
  unauthorized: "UNAVAILABLE",
  forbidden: "UNAVAILABLE",
  tls: "UNAVAILABLE",
  refused: "UNAVAILABLE",
  timeout: "UNAVAILABLE",
  dropped: "UNAVAILABLE",
  dns: "UNAVAILABLE",
  throttled: "UNAVAILABLE",
  server: "UNAVAILABLE",
  "not-found": "NOT_FOUND",
  conflict: "CONFLICT",
  invalid: "UNPROCESSABLE",
  "bad-request": "BAD_REQUEST",
  "breaker-open": "UNAVAILABLE",
  "not-configured": "BAD_REQUEST",
  "not-hedgehog": "UNAVAILABLE",
  other: "UNAVAILABLE",
};

export class KubeError extends DomainError {
  constructor(
    public readonly reason: KubeFailure,
    message: string,
    public readonly httpStatus: number | null = null,
    public readonly status: KubeStatusBody | null = null,
    public readonly retryAfterMs: number | null = null,
  ) {
    super(DOMAIN_CODE[reason], redactSecrets(message));
    this.name = "KubeError";
  }

  /** Worth another attempt: 5xx, 429, timeouts and dropped or refused connections. */
  get retryable(): boolean {
    return ["refused", "timeout", "dropped", "throttled", "server", "dns"].includes(this.reason);
  }

  /** The cluster is not answering properly: counts towards the circuit breaker. */
  get unavailable(): boolean {
    return ["refused", "timeout", "dropped", "throttled", "server", "dns"].includes(this.reason);
  }
}

const TLS_CODES = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_UNTRUSTED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "HOSTNAME_MISMATCH",
]);

function parseStatus(body: unknown): KubeStatusBody | null {
  let v: unknown = body;
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      return null;
    }
  }
  return v && typeof v === "object" && !Array.isArray(v) ? (v as KubeStatusBody) : null;
}

function retryAfter(headers: Record<string, string> | undefined, status: KubeStatusBody | null): number | null {
  const h = headers?.["retry-after"] ?? headers?.["Retry-After"];
  if (h !== undefined) {
    const s = Number(h);
    if (Number.isFinite(s) && s >= 0) return s * 1000;
    const at = Date.parse(h);
    if (Number.isFinite(at)) return Math.max(0, at - Date.now());
  }
  const s = status?.details?.retryAfterSeconds;
  return typeof s === "number" ? s * 1000 : null;
}

interface ErrnoLike {
  name?: string;
  code?: string;
  errno?: string;
  type?: string;
  message?: string;
  cause?: unknown;
}

function errnoCode(e: ErrnoLike): string | undefined {
  if (e.code) return e.code;
  if (e.errno && typeof e.errno === "string") return e.errno;
  const c = e.cause as ErrnoLike | undefined;
  return c && typeof c === "object" ? errnoCode(c) : undefined;
}

/** "host:port" of a server URL, for messages. */
export function hostPort(server: string): string {
  try {
    const u = new URL(server);
    return `${u.hostname}:${u.port || (u.protocol === "http:" ? "80" : "443")}`;
  } catch {
    return server;
  }
}

/**
 * Turns anything a client-node call threw into a KubeError. `what` names the call ("list vpcs.vpc.githedgehog.com")
 * and `server` the cluster, so that every message says what, where, and what to do.
 */
export function toKubeError(e: unknown, server: string, what: string): KubeError {
  if (e instanceof KubeError) return e;
  const where = hostPort(server);
  if (e instanceof ApiException) {
    const code = e.code;
    const status = parseStatus(e.body);
    const text = status?.message ?? (typeof e.body === "string" ? e.body.slice(0, 300) : "");
    const headers = e.headers as Record<string, string> | undefined;
    if (code === 401) {
      return new KubeError("unauthorized", `token rejected or expired by ${where} — set a valid service-account token on the fabric`, code, status);
    }
    if (code === 403) return new KubeError("forbidden", `permission missing: ${text || `cannot ${what}`}`, code, status);
    if (code === 404) return new KubeError("not-found", `${what}: not found on ${where}${text ? ` (${text})` : ""}`, code, status);
    if (code === 409) return new KubeError("conflict", `${what}: ${text || "conflict"}`, code, status);
    if (code === 422) return new KubeError("invalid", `${what}: rejected by ${where}: ${text}`, code, status);
    if (code === 429) return new KubeError("throttled", `${where} is throttling requests (429) — HFM retries later`, code, status, retryAfter(headers, status));
    if (code >= 500) {
      return new KubeError("server", `${where} answered ${code} ${status?.reason ?? ""} to ${what}${text ? `: ${text}` : ""} — the API server is unhealthy; HFM retries`.replace(/\s+/g, " "), code, status, retryAfter(headers, status));
    }
    return new KubeError("bad-request", `${what}: ${where} answered ${code}${text ? `: ${text}` : ""}`, code, status);
  }
  const err = (e && typeof e === "object" ? e : { message: String(e) }) as ErrnoLike;
  const code = errnoCode(err);
  if (err.name === "AbortError" || err.type === "aborted" || err.name === "TimeoutError" || code === "ETIMEDOUT" || code === "UND_ERR_CONNECT_TIMEOUT") {
    return new KubeError("timeout", `cannot reach ${where} (timed out) — check the server URL, the network path and firewalls`);
  }
  if (code && TLS_CODES.has(code)) {
    const detail = code === "ERR_TLS_CERT_ALTNAME_INVALID" || code === "HOSTNAME_MISMATCH" ? "the certificate does not name this host" : code;
    return new KubeError("tls", `certificate not trusted — set the fabric's CA certificate (${detail}, ${where})`);
  }
  if (code === "ECONNREFUSED") return new KubeError("refused", `cannot reach ${where} (connection refused) — is the API server running and the port right?`);
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return new KubeError("dns", `cannot reach ${where} (host name not found) — check the server URL`);
  if (code === "ECONNRESET" || code === "EPIPE" || code === "ECONNABORTED" || /socket hang up|premature close/i.test(err.message ?? "")) {
    return new KubeError("dropped", `cannot reach ${where} (connection dropped during ${what}) — HFM retries`);
  }
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH") return new KubeError("refused", `cannot reach ${where} (no route to host) — check the network path`);
  return new KubeError("other", `${what} on ${where} failed: ${err.message ?? String(e)}`);
}
