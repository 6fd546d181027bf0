/**
 * Validation benchmark: generated fabrics of about 1k, 10k and 50k objects, serialized to YAML, then validated with
 * validateSources (parse, structure, duplicates, defaulting, every semantic rule). Each size runs in its own child
 * process so that peak RSS is per size.
 *
 *   ./node_modules/.bin/tsx tests/bench/validate.bench.ts [sizes...]     (default: 1000 10000 50000)
 *
 * Prints one line per size (objects, YAML size, validation wall time, peak RSS) and the growth factors between sizes.
 * Target: 50k objects validate in under 5 s.
 */
import { spawnSync } from "node:child_process";
import { toCanonicalYamlStream } from "../../lib/hedgehog/canonical";
import { fabricOptionsForSize, generateFabric } from "../../lib/hedgehog/generator";
import { validateSources } from "../../lib/hedgehog/report";

interface Result {
  target: number;
  objects: number;
  yamlMB: number;
  ms: number;
  valid: boolean;
  errors: number;
  rssBeforeMB: number;
  peakRssMB: number;
}

function child(target: number): void {
  const objects = generateFabric(fabricOptionsForSize(target, 1));
  const text = toCanonicalYamlStream(objects);
  // Warm up the compiled schemas and the JIT on a small fabric so the timing measures validation, not start-up.
  validateSources([{ file: "warmup.yaml", text: toCanonicalYamlStream(generateFabric(fabricOptionsForSize(500, 2))) }]);
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const report = validateSources([{ file: "fabric.yaml", text }]);
  const ms = performance.now() - t0;
  const result: Result = {
    target,
    objects: report.objects,
    yamlMB: text.length / 1e6,
    ms,
    valid: report.valid,
    errors: report.errors.length,
    rssBeforeMB: rssBefore / 2 ** 20,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(JSON.stringify(result) + "\n");
}

function parent(sizes: number[]): void {
  const results: Result[] = [];
  console.log("size      objects   YAML MB   validate ms   RSS before MB   peak RSS MB   valid");
  for (const size of sizes) {
    const r = spawnSync(process.execPath, [...process.execArgv, import.meta.filename, "--child", String(size)], { encoding: "utf8", maxBuffer: 1 << 20 });
    if (r.status !== 0) {
      console.error(r.stderr);
      process.exitCode = 1;
      return;
    }
    const res = JSON.parse(r.stdout.trim().split("\n").at(-1)!) as Result;
    results.push(res);
    console.log(
      [
        String(size).padEnd(9),
        String(res.objects).padStart(7),
        res.yamlMB.toFixed(1).padStart(9),
        res.ms.toFixed(0).padStart(13),
        res.rssBeforeMB.toFixed(0).padStart(15),
        res.peakRssMB.toFixed(0).padStart(13),
        String(res.valid && res.errors === 0).padStart(7),
      ].join(" "),
    );
  }
  for (let i = 1; i < results.length; i++) {
    const a = results[i - 1];
    const b = results[i];
    const objects = b.objects / a.objects;
    console.log(
      `growth ${a.objects} -> ${b.objects}: objects x${objects.toFixed(1)}, time x${(b.ms / a.ms).toFixed(1)}, ` +
        `time per object x${(b.ms / a.ms / objects).toFixed(2)}, peak RSS x${(b.peakRssMB / a.peakRssMB).toFixed(1)}`,
    );
  }
  const largest = results.at(-1);
  if (largest && largest.objects >= 45_000) console.log(`target (50k objects < 5000 ms): ${largest.ms < 5000 ? "met" : "MISSED"} (${largest.ms.toFixed(0)} ms)`);
}

const argv = process.argv.slice(2);
if (argv[0] === "--child") child(Number(argv[1]));
else parent(argv.length > 0 ? argv.map(Number) : [1_000, 10_000, 50_000]);
