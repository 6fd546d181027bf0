/**
 * Tunables of the Kubernetes client: timeouts, retries, backoff and the circuit breaker. Tests shorten them with
 * `configureKubernetes`; production uses the defaults.
 */
export interface KubernetesSettings {
  /** Every API call is aborted after this long (ms). */
  timeoutMs: number;
  /** Retries after the first attempt for 5xx, 429, timeouts and dropped connections (none for other 4xx). */
  retries: number;
  /** Exponential backoff: base * 2^attempt, full jitter, capped at backoffMaxMs. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Longest Retry-After honoured (ms); longer ones are capped. */
  retryAfterMaxMs: number;
  /** Consecutive failed calls (after retries) that open a fabric's breaker. */
  breakerThreshold: number;
  /** How long an open breaker refuses calls before a half-open probe (ms). */
  breakerCooldownMs: number;
  /** Objects per list page. */
  pageSize: number;
  /** Parallel requests of the permission probe. */
  probeConcurrency: number;
}

export const DEFAULT_KUBERNETES_SETTINGS: Readonly<KubernetesSettings> = Object.freeze({
  timeoutMs: 15_000,
  retries: 3,
  backoffBaseMs: 250,
  backoffMaxMs: 8_000,
  retryAfterMaxMs: 30_000,
  breakerThreshold: 5,
  breakerCooldownMs: 30_000,
  pageSize: 500,
  probeConcurrency: 8,
});

const holder = globalThis as typeof globalThis & { __hfmKubeSettings?: KubernetesSettings };

export function kubernetesSettings(): KubernetesSettings {
  return (holder.__hfmKubeSettings ??= { ...DEFAULT_KUBERNETES_SETTINGS });
}

/** Overrides some settings (tests, benchmarks). */
export function configureKubernetes(overrides: Partial<KubernetesSettings>): void {
  holder.__hfmKubeSettings = { ...kubernetesSettings(), ...overrides };
}

/** The user agent of every request (also the SSA field manager's name for non-apply writes). */
export const USER_AGENT = "hedgehog-fabric-manager/0.1 (HFM; @kubernetes/client-node)";
/** The field manager of HFM's server-side applies. */
export const FIELD_MANAGER = "hedgehog-fabric-manager";
