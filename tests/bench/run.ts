/**
 * `npm run bench`: runs every benchmark in this folder (each prints its own figures), one after the other so that
 * they do not compete for the CPU. Pass names to run a subset: `npm run bench -- validate`.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";

const dir = import.meta.dirname;
const wanted = process.argv.slice(2);
const benches = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();
const tsx = path.resolve(dir, "../../node_modules/.bin/tsx");
let failed = 0;
for (const bench of benches) {
  console.log(`\n=== ${bench.replace(".bench.ts", "")} ===`);
  const run = spawnSync(tsx, [path.join(dir, bench)], { stdio: "inherit" });
  if (run.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
