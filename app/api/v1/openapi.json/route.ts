import { openApiDocument } from "@/server/trpc/openapi";

export const dynamic = "force-static";

export function GET() {
  return Response.json(openApiDocument());
}
