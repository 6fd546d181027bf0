#!/usr/bin/env node
// `npm start`: build the app (when sources changed since the last build), then serve it.
// Honours PORT (default 3000) and HOSTNAME (default 127.0.0.1).
import { spawnSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const next = path.join(root, "node_modules", ".bin", "next");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const port = process.env.PORT || "3000";
const host = process.env.HOSTNAME || "127.0.0.1";

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (["node_modules", ".next", ".data", ".git", "tests", "test-results"].includes(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

const buildId = path.join(root, ".next", "BUILD_ID");
const stale = !fs.existsSync(buildId) || fs.statSync(buildId).mtimeMs < newestMtime(root);
if (stale || process.env.HFM_FORCE_BUILD === "1") {
  const started = Date.now();
  console.log("Building Hedgehog Fabric Manager (next build)…");
  const build = spawnSync(next, ["build"], { cwd: root, env, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
  console.log(`Build finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

console.log(`Starting on http://${host}:${port}`);
const server = spawn(next, ["start", "-H", host, "-p", port], { cwd: root, env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
