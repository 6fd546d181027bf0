/**
 * The OpenAPI document of the REST API, built once from the tRPC router (one definition, two transports).
 * Served by `GET /api/v1/openapi.json` and rendered by the API reference page.
 *
 * Each operation also carries `x-hfm-role`: the least role that may call it ("none" for public operations),
 * read from the role middleware of its procedure, so the document cannot disagree with what the server enforces.
 */
import { generateOpenApiDocument } from "trpc-to-openapi";
import type { RoleName } from "@/lib/roles";
import { adminProcedure, operatorProcedure, viewerProcedure } from "./init";
import { appRouter } from "./root";

export type OpenApiDocument = ReturnType<typeof generateOpenApiDocument>;
export type OperationRole = RoleName | "none";

type Middlewares = { _def: { middlewares: readonly unknown[] } };
type ProcedureLike = Middlewares & { _def: { meta?: { openapi?: { method: string; path: string } } } };

/** The role middleware a role procedure adds last (identity comparison: the same function object is shared). */
function roleMiddleware(builder: unknown): unknown {
  return (builder as Middlewares)._def.middlewares.at(-1);
}

function procedureRole(procedure: ProcedureLike): OperationRole {
  const mws = procedure._def.middlewares;
  if (mws.includes(roleMiddleware(adminProcedure))) return "admin";
  if (mws.includes(roleMiddleware(operatorProcedure))) return "operator";
  if (mws.includes(roleMiddleware(viewerProcedure))) return "viewer";
  return "none";
}

function build(): OpenApiDocument {
  const document = generateOpenApiDocument(appRouter, {
    title: "Hedgehog Fabric Manager API",
    description:
      "REST API of Hedgehog Fabric Manager. Authenticate with `Authorization: Bearer <token>` (create one with POST /auth/tokens). " +
      "Errors are JSON with `code` and `message`; lists take `limit` (default 50, max 1000) and `cursor` and answer `{items, nextCursor}`.",
    version: "1.0.0",
    baseUrl: "/api/v1",
    securitySchemes: { bearerAuth: { type: "http", scheme: "bearer" } },
  });

  const procedures = (appRouter as unknown as { _def: { procedures: Record<string, ProcedureLike> } })._def.procedures;
  for (const procedure of Object.values(procedures)) {
    const meta = procedure._def.meta?.openapi;
    if (!meta) continue;
    const pathItem = document.paths?.[meta.path] as Record<string, Record<string, unknown> | undefined> | undefined;
    const operation = pathItem?.[meta.method.toLowerCase()];
    if (!operation) continue;
    const role = procedureRole(procedure);
    operation["x-hfm-role"] = role;
    // Public operations need no token.
    if (role === "none") operation.security = [];
  }
  return document;
}

let cached: OpenApiDocument | undefined;

/** The OpenAPI 3.1 document (built on first use, then reused: the router does not change at run time). */
export function openApiDocument(): OpenApiDocument {
  cached ??= build();
  return cached;
}
