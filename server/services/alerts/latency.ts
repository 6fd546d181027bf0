/**
 * API response times of this process, for the `slow-api` threshold: a ring of the last 5 minutes' samples (at most
 * 10,000), read as a 95th percentile. The REST/tRPC handler calls `recordApiResponseTime` once per request.
 */
const WINDOW_MS = 5 * 60 * 1000;
const MAX_SAMPLES = 10_000;

const holder = globalThis as typeof globalThis & { __hfmApiLatency?: { at: Float64Array; ms: Float64Array; next: number; size: number } };

function ring() {
  return (holder.__hfmApiLatency ??= { at: new Float64Array(MAX_SAMPLES), ms: new Float64Array(MAX_SAMPLES), next: 0, size: 0 });
}

/** Records one API response time (milliseconds). */
export function recordApiResponseTime(ms: number, at = Date.now()): void {
  if (!Number.isFinite(ms) || ms < 0) return;
  const r = ring();
  r.at[r.next] = at;
  r.ms[r.next] = ms;
  r.next = (r.next + 1) % MAX_SAMPLES;
  r.size = Math.min(r.size + 1, MAX_SAMPLES);
}

/** The 95th percentile of the response times of the last 5 minutes, or null without samples. */
export function apiResponseTimeP95(now = Date.now()): number | null {
  const r = ring();
  const recent: number[] = [];
  for (let i = 0; i < r.size; i++) if (now - r.at[i]! <= WINDOW_MS) recent.push(r.ms[i]!);
  if (recent.length === 0) return null;
  recent.sort((a, b) => a - b);
  return recent[Math.min(recent.length - 1, Math.ceil(recent.length * 0.95) - 1)]!;
}

/** Forgets every sample (tests). */
export function resetApiResponseTimes(): void {
  holder.__hfmApiLatency = undefined;
}
