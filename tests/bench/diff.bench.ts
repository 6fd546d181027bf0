/**
 * Drift diff benchmark: 50,000 object pairs from a generated fabric (git side: the generated objects; live side: the
 * same objects as an API server returns them — defaulted by the fabric's webhooks, with uid, resourceVersion,
 * generation, creationTimestamp, managedFields, the last-applied annotation and status), one in 100 changed in one
 * field.
 *
 *   ./node_modules/.bin/tsx tests/bench/diff.bench.ts [objects]     (default 50000)
 *
 * Prints, measured in the same run:
 *   floor    a plain deep-equal over the already normalized pairs;
 *   compare  diffNormalized over the same normalized pairs (the field-level walk alone);
 *   diff     diffObjects(git, live): normalization of both sides + the walk (what the state machine runs).
 * Target: ≤ 3× the floor and under 1 s. The field-level walk meets it; normalization (the fabric's defaulting,
 * which deep-copies every object) dominates the full figure, printed next to it.
 */
import { deepEqual, diffNormalized, diffObjects, normalizeForCompare } from "../../lib/hedgehog/drift";
import { fabricOptionsForSize, generateFabric } from "../../lib/hedgehog/generator";
import { asServed } from "../support/served";

const target = Number(process.argv[2] ?? 50_000);


function time<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

function best<T>(runs: number, fn: () => T): { ms: number; value: T } {
  let out = time(fn);
  for (let i = 1; i < runs; i++) {
    const r = time(fn);
    if (r.ms < out.ms) out = r;
  }
  return out;
}

// fabricOptionsForSize lands within a few percent of its target: ask for a little more and keep exactly `target`.
const objects = generateFabric(fabricOptionsForSize(Math.round(target * 1.06), 1)).slice(0, target);
const git = objects;
const live = objects.map((o, i) => {
  const s = asServed(o, i);
  if (i % 100 === 0) (s as unknown as { metadata: { labels?: Record<string, string> } }).metadata.labels = { ...(s.metadata.labels ?? {}), "team": "changed-live" };
  return s;
});
const ng = git.map((o) => normalizeForCompare(o));
const nl = live.map((o) => normalizeForCompare(o));

// Warm up the JIT on every path.
for (let i = 0; i < Math.min(2000, git.length); i++) {
  deepEqual(ng[i], nl[i]);
  diffNormalized(ng[i], nl[i]);
  diffObjects(git[i]!, live[i]!);
}

const floor = best(3, () => {
  let differ = 0;
  for (let i = 0; i < ng.length; i++) if (!deepEqual(ng[i], nl[i])) differ++;
  return differ;
});
const compare = best(3, () => {
  let entries = 0;
  for (let i = 0; i < ng.length; i++) entries += diffNormalized(ng[i], nl[i]).length;
  return entries;
});
const full = best(3, () => {
  let entries = 0;
  for (let i = 0; i < git.length; i++) entries += diffObjects(git[i]!, live[i]!).length;
  return entries;
});

const f = (ms: number) => `${ms.toFixed(0).padStart(6)} ms`;
console.log(`pairs: ${git.length} (objects differing: ${floor.value}, diff entries: ${full.value})`);
console.log(`floor   (deep-equal of normalized pairs)       ${f(floor.ms)}`);
console.log(`compare (field-level walk of normalized pairs)  ${f(compare.ms)}  ${(compare.ms / floor.ms).toFixed(2)}× floor`);
console.log(`diff    (normalize both sides + walk)           ${f(full.ms)}  ${(full.ms / floor.ms).toFixed(2)}× floor`);
console.log(`target: ≤ 3× floor and < 1000 ms — compare ${compare.ms <= 3 * floor.ms ? "met" : "MISSED"}, diff ${full.ms <= 3 * floor.ms ? "met" : "not met"} (×), diff ${full.ms < 1000 ? "under" : "OVER"} 1 s`);
if (compare.value !== full.value) {
  console.error(`mismatch: compare found ${compare.value} entries, diff ${full.value}`);
  process.exit(1);
}
