#!/usr/bin/env node
// Stand-in for Prisma's native `schema-engine` binary, for machines where the Prisma CLI cannot download
// it (offline / air-gapped). prisma.config.ts points PRISMA_SCHEMA_ENGINE_BINARY here, so the real CLI
// (`prisma migrate dev|deploy|status|diff|reset`, `db push`) runs unchanged on top of
// @prisma/schema-engine-wasm over the PostgreSQL driver adapter. See docs/database.md.
//
// The CLI starts the binary in three ways, all implemented here:
//   <shim> --version
//   <shim> --datasource '{"url":…}' cli can-connect-to-database|create-database   (one shot)
//   <shim> --datamodels <file>… --datasource '{"url":…}'   then JSON-RPC 2.0, one message per line
//     on stdin/stdout; the method names and params are those of the wasm SchemaEngine.
// Log lines go to stderr as JSON ({level, target, fields: {message, error_code?}}), as the CLI expects.
import { readFile } from "node:fs/promises";
import readline from "node:readline";
import pg from "pg";
import {
  createSchemaEngine,
  databaseName,
  explainExternalErrors,
  panics,
  pgConfigFromUrl,
  quoteIdent,
  wasmEngineVersion,
} from "./schema-engine-wasm.mjs";

function parseArgs(argv) {
  const args = { datamodels: [], datasource: undefined, cli: undefined, version: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--version" || a === "-V") args.version = true;
    else if (a === "--datamodels") args.datamodels.push(argv[++i]);
    else if (a === "--datasource") args.datasource = JSON.parse(argv[++i]);
    else if (a === "--enabled-preview-features" || a === "--extension-types") i++;
    else if (a === "cli") args.cli = argv[++i];
  }
  return args;
}

function logLine(level, message, extra = {}) {
  process.stderr.write(
    `${JSON.stringify({ timestamp: new Date().toISOString(), level, target: "schema_engine::logger", fields: { message, ...extra } })}\n`,
  );
}

/** Engine errors arrive as JS errors whose message is sometimes a JSON user-facing error. */
function describeError(error) {
  const raw = error instanceof Error ? error.message : String(error);
  let parsed;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  if (parsed && typeof parsed === "object") {
    return {
      message: parsed.message ?? raw,
      error_code: parsed.error_code ?? parsed.errorCode,
      meta: parsed.meta,
      is_panic: parsed.is_panic ?? false,
    };
  }
  const code = /\b(P\d{4})\b/.exec(raw)?.[1];
  return { message: raw, error_code: code, is_panic: false };
}

// ───────────────────────── one-shot commands ─────────────────────────

async function runCli(command, url) {
  if (!url) throw Object.assign(new Error("The datasource URL is missing."), { code: "P1012" });
  const config = pgConfigFromUrl(url);
  const name = databaseName(config);
  if (command === "can-connect-to-database") {
    const client = new pg.Client(config);
    try {
      await client.connect();
    } catch (error) {
      if (error.code === "3D000") {
        throw Object.assign(new Error(`Database \`${name}\` does not exist on the database server at \`${config.host}:${config.port}\`.`), { code: "P1003" });
      }
      if (error.code === "28P01" || error.code === "28000") {
        throw Object.assign(new Error(`Authentication failed against database server at \`${config.host}\`: ${error.message}`), { code: "P1000" });
      }
      throw Object.assign(new Error(`Can't reach database server at \`${config.host}:${config.port}\`: ${error.message}`), { code: "P1001" });
    } finally {
      await client.end().catch(() => {});
    }
    return;
  }
  if (command === "create-database") {
    // Connect to the maintenance database to create the target one.
    const admin = new pg.Client({ ...config, database: name === "postgres" ? "template1" : "postgres" });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
    } catch (error) {
      if (error.code !== "42P04") throw error; // already exists
    } finally {
      await admin.end();
    }
    logLine("INFO", `Database '${name}' was successfully created.`);
    return;
  }
  throw new Error(`Unknown schema engine cli command: ${command}`);
}

// ───────────────────────── JSON-RPC over stdin/stdout ─────────────────────────

const isMissingMigrationsTable = (e) => describeError(e).error_code === "P1014" || /_prisma_migrations does not exist/.test(String(e?.message));
const isColdShadowCache = (e) => /shadow DB must be provided through an external factory|external_shadow_db/i.test(String(e?.message));

async function serveRpc(args) {
  const url = args.datasource?.url;
  const datamodels = await Promise.all(args.datamodels.map(async (file) => [file, await readFile(file, "utf8")]));
  // Some commands (migrate diff) start the engine without a schema; the wasm engine still needs to know
  // the provider (it panics otherwise), and this shim only speaks PostgreSQL.
  if (datamodels.length === 0) datamodels.push(["schema.prisma", 'datasource db {\n  provider = "postgresql"\n}\n']);
  let enginePromise;
  const engine = () =>
    (enginePromise ??= createSchemaEngine({
      datamodels,
      url,
      log: (line) => process.stderr.write(`${typeof line === "string" ? line : JSON.stringify(line)}\n`),
    }));

  const methods = {
    async devDiagnostic(e, params) {
      return withMigrationsTable(e, params, () => e.devDiagnostic(params));
    },
    async diagnoseMigrationHistory(e, params) {
      return withMigrationsTable(e, params, () => e.diagnoseMigrationHistory(params));
    },
    async createMigration(e, params) {
      return withWarmCache(e, params, () => e.createMigration(params));
    },
    async evaluateDataLoss(e, params) {
      return withWarmCache(e, params, () => e.evaluateDataLoss(params));
    },
    async getDatabaseVersion(e, params) {
      return e.version(params ?? undefined);
    },
    async createDatabase() {
      throw new Error("createDatabase over RPC is not supported by the wasm schema engine shim; create the database first.");
    },
  };

  // Workaround: on a database without `_prisma_migrations` the wasm engine fails with P1014 instead of
  // treating it as empty. Applying an empty migration list creates the table; then retry.
  async function withMigrationsTable(e, params, run) {
    try {
      return await run();
    } catch (error) {
      if (!isMissingMigrationsTable(error)) throw error;
      await e.applyMigrations({
        migrationsList: { ...params.migrationsList, migrationDirectories: [] },
        filters: params.filters ?? { externalTables: [], externalEnums: [] },
      });
      return run();
    }
  }

  // Workaround: createMigration/evaluateDataLoss need the migration-schema cache that devDiagnostic fills.
  async function withWarmCache(e, params, run) {
    try {
      return await run();
    } catch (error) {
      if (!isColdShadowCache(error)) throw error;
      await withMigrationsTable(e, params, () =>
        e.devDiagnostic({ migrationsList: params.migrationsList, filters: params.filters }),
      );
      return run();
    }
  }

  const send = (msg) => process.stdout.write(`${JSON.stringify(msg)}\n`);
  // The native engine prints `migrate diff` output by sending the CLI a "print" request; the wasm engine
  // returns it in the result instead, and the CLI ignores it there.
  const pendingPrints = new Map();
  let nextPrintId = 1;
  const printToCli = (content) =>
    new Promise((resolve) => {
      const id = nextPrintId++;
      pendingPrints.set(id, resolve);
      send({ jsonrpc: "2.0", id, method: "print", params: { content: content.replace(/\n$/, "") } });
    });
  methods.diff = async (e, params) => {
    const result = await e.diff(params);
    if (typeof result.stdout === "string" && result.stdout.length > 0) await printToCli(result.stdout);
    return { ...result, stdout: null };
  };

  let queue = Promise.resolve();
  const handle = async (request) => {
    const { id, method, params } = request;
    try {
      const e = await engine();
      let result;
      if (methods[method]) result = await methods[method](e, params);
      else if (typeof e[method] === "function") result = await e[method](params);
      else throw new Error(`Unknown schema engine method: ${method}`);
      send({ jsonrpc: "2.0", id, result: result ?? {} });
    } catch (error) {
      const d = describeError(error);
      d.message = explainExternalErrors(d.message);
      if (panics.last) {
        Object.assign(d, { message: `${panics.last}\n${d.message}`, is_panic: true });
        panics.last = undefined;
      }
      logLine("ERROR", d.message, d.error_code ? { error_code: d.error_code } : {});
      send({
        jsonrpc: "2.0",
        id,
        error: {
          code: 4466,
          message: "An error happened. Check the data field for details.",
          data: { is_panic: d.is_panic, message: d.message, meta: d.meta ?? null, error_code: d.error_code ?? null },
        },
      });
    }
  };

  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  // Requests are handled one at a time, in order, like the native engine does.
  rl.on("line", (line) => {
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      return;
    }
    if (message.method === undefined) {
      // the CLI's answer to one of our print requests
      pendingPrints.get(message.id)?.();
      pendingPrints.delete(message.id);
      return;
    }
    queue = queue.then(() => handle(message));
  });
  await new Promise((resolve) => rl.on("close", resolve));
  await queue;
  if (enginePromise) {
    const e = await enginePromise.catch(() => undefined);
    e?.free();
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.version) {
    process.stdout.write(`schema-engine-wasm-shim ${await wasmEngineVersion()}\n`);
    return 0;
  }
  if (args.cli) {
    // The CLI ignores the first stderr line of one-shot commands and parses the following ones.
    logLine("INFO", `Starting schema engine cli command ${args.cli}`);
    try {
      await runCli(args.cli, args.datasource?.url);
      return 0;
    } catch (error) {
      const d = describeError(error);
      d.message = explainExternalErrors(d.message);
      if (panics.last) {
        Object.assign(d, { message: `${panics.last}\n${d.message}`, is_panic: true });
        panics.last = undefined;
      }
      logLine("ERROR", d.message, { error_code: error.code?.startsWith?.("P") ? error.code : (d.error_code ?? "P1001") });
      return 1;
    }
  }
  await serveRpc(args);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    logLine("ERROR", error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
