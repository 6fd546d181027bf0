#!/usr/bin/env node
// Entry point of the `hfm` CLI (package.json "bin"): runs the TypeScript CLI in server/cli/hfm.ts through tsx.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { register } from "tsx/esm/api";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
register({ tsconfig: path.join(root, "tsconfig.json") });
const { main } = await import(pathToFileURL(path.join(root, "server/cli/hfm.ts")).href);
process.exitCode = main(process.argv.slice(2));
