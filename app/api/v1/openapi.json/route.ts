import { generateOpenApiDocument } from "trpc-to-openapi";
import { appRouter } from "@/server/trpc/root";

export const dynamic = "force-static";

const document = generateOpenApiDocument(appRouter, {
  title: "Hedgehog Fabric Manager API",
  description:
    "REST API of Hedgehog Fabric Manager. Authenticate with `Authorization: Bearer <token>` (create one with POST /auth/tokens). " +
    "Errors are JSON with `code` and `message`; lists take `limit` (default 50, max 1000) and `cursor` and answer `{items, nextCursor}`.",
  version: "1.0.0",
  baseUrl: "/api/v1",
  securitySchemes: { bearerAuth: { type: "http", scheme: "bearer" } },
});

export function GET() {
  return Response.json(document);
}
