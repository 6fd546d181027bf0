// Prisma's schema engine compiled to WebAssembly (@prisma/schema-engine-wasm), running on the
// PostgreSQL driver adapter (@prisma/adapter-pg). Used by scripts/schema-engine-shim.mjs, which stands
// in for the native `schema-engine` binary that the Prisma CLI cannot download on offline machines.
//
// Two adapter bugs are worked around here (see docs/database.md):
//  - adapter-pg rejects pg_catalog "char" columns (OID 18) that the engine's schema describer reads;
//    inside this process only, such columns are reported to adapter-pg as text.
//  - adapter-pg's connectToShadowDb() drops the shadow database before closing its pool, so the DROP
//    fails ("being accessed by other users") and the database is left behind; it is reimplemented.
import { readFile } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

let charPatched = false;
/** Report pg_catalog "char" columns as text so that adapter-pg can deserialize them. */
export function patchPgCharColumns() {
  if (charPatched) return;
  charPatched = true;
  const addFields = pg.Result.prototype.addFields;
  pg.Result.prototype.addFields = function patchedAddFields(fieldDescriptions) {
    for (const field of fieldDescriptions) {
      if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    }
    return addFields.call(this, fieldDescriptions);
  };
}

/**
 * Split a postgresql:// URL into discrete pg config fields. A `connectionString` would override the
 * `database` field that the shadow-database connection sets.
 */
export function pgConfigFromUrl(url) {
  const u = new URL(url);
  if (u.protocol !== "postgresql:" && u.protocol !== "postgres:") {
    throw new Error(`Only postgresql:// URLs are supported by the wasm schema engine shim (got ${u.protocol})`);
  }
  const hostParam = u.searchParams.get("host");
  return {
    host: hostParam ?? (decodeURIComponent(u.hostname) || "localhost"),
    port: u.port ? Number(u.port) : 5432,
    user: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: decodeURIComponent(u.pathname.replace(/^\//, "")) || undefined,
  };
}

/** The database name a URL points at (PostgreSQL defaults it to the user name). */
export function databaseName(config) {
  return config.database ?? config.user ?? process.env.USER ?? "postgres";
}

export function quoteIdent(name) {
  return `"${name.replaceAll('"', '""')}"`;
}

/** PrismaPg with a shadow database that is really dropped afterwards. */
class ShadowSafePrismaPg extends PrismaPg {
  constructor(config) {
    super(config);
    this.pgConfig = config;
  }

  async connectToShadowDb() {
    const database = `prisma_migrate_shadow_db_${randomUUID()}`;
    const admin = new pg.Client(this.pgConfig);
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${quoteIdent(database)}`);
    } finally {
      await admin.end();
    }
    const shadow = await new PrismaPg({ ...this.pgConfig, database }).connect();
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose(); // close the pool first, then the database can be dropped
      const dropper = new pg.Client(this.pgConfig);
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)}`);
      } finally {
        await dropper.end();
      }
    };
    return shadow;
  }
}

export function createAdapterFactory(url) {
  if (!url) {
    // No database configured: commands that only need a scratch database (`migrate diff` from migrations or
    // schemas) run on an in-memory PGlite, whose shadow database is another in-memory PGlite.
    return new PrismaPGlite(new PGlite());
  }
  patchPgCharColumns();
  return new ShadowSafePrismaPg(pgConfigFromUrl(url));
}

/** The engine reports Rust panics through this global; the last message is kept for the error reply. */
export const panics = { last: undefined };
globalThis.PRISMA_WASM_PANIC_REGISTRY ??= {
  set_message(message) {
    panics.last = message;
  },
};

const errorRegistries = [];
/** Adapter errors reach the engine as "External error id#N"; append the adapter's own message. */
export function explainExternalErrors(message) {
  return message.replace(/External error id#(\d+)/g, (text, id) => {
    for (const registry of errorRegistries) {
      const cause = registry.consumeError(Number(id))?.error;
      if (cause) return `${text} (${cause.message ?? JSON.stringify(cause)})`;
    }
    return text;
  });
}

let wasmModule;
/** Instantiate the wasm module (the package's own entry needs `--experimental-wasm-modules`). */
async function loadWasm() {
  if (wasmModule) return wasmModule;
  const bgUrl = import.meta.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const bg = await import(bgUrl);
  const bytes = await readFile(new URL("schema_engine_bg.wasm", bgUrl));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg });
  bg.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  wasmModule = bg;
  return bg;
}

export async function wasmEngineVersion() {
  const bg = await loadWasm();
  return bg.version();
}

/**
 * @param {{ datamodels: [string, string][], url: string, log?: (line: string) => void }} opts
 *   datamodels: [path, content] pairs of the Prisma schema files.
 */
export async function createSchemaEngine({ datamodels, url, log = () => {} }) {
  const bg = await loadWasm();
  const factory = bindMigrationAwareSqlAdapterFactory(createAdapterFactory(url));
  errorRegistries.push(factory.errorRegistry);
  return bg.SchemaEngine.new({ datamodels }, log, factory);
}
