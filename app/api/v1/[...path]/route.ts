import { createOpenApiFetchHandler } from "trpc-to-openapi";
import { logger } from "@/server/logger";
import { recordApiResponseTime } from "@/server/services/alerts/latency";
import { createRequestContext, type Context } from "@/server/trpc/init";
import { appRouter } from "@/server/trpc/root";

export const dynamic = "force-dynamic";

const YAML_TYPES = /^(application\/(x-)?yaml|text\/(x-)?yaml|text\/plain)\b/i;

/**
 * YAML bodies (`Content-Type: application/yaml`) become `{yaml, version?}` JSON, so procedures that take objects
 * accept a Kubernetes manifest as it is. `?version=` travels along for optimistic concurrency.
 */
async function yamlToJson(req: Request): Promise<Request> {
  const type = req.headers.get("content-type") ?? "";
  if (req.method === "GET" || req.method === "DELETE") return req;
  if (!type) {
    // A POST without a body (e.g. `curl -X POST …/sync`) is an empty JSON object, not an unsupported media type.
    const text = await req.text();
    const headers = new Headers(req.headers);
    headers.set("content-type", "application/json");
    headers.delete("content-length");
    return new Request(req.url, { method: req.method, headers, body: text.trim() ? text : "{}" });
  }
  if (!YAML_TYPES.test(type)) return req;
  const url = new URL(req.url);
  const version = url.searchParams.get("version");
  const body = JSON.stringify({ yaml: await req.text(), ...(version ? { version: Number(version) } : {}) });
  const headers = new Headers(req.headers);
  headers.set("content-type", "application/json");
  headers.delete("content-length");
  return new Request(req.url, { method: req.method, headers, body });
}

/** REST (`/api/v1/...`) from the same tRPC procedures: one definition, two transports. */
async function handler(original: Request): Promise<Response> {
  const started = performance.now();
  const req = await yamlToJson(original);
  let context: Context | undefined;
  const response = await createOpenApiFetchHandler({
    endpoint: "/api/v1",
    router: appRouter,
    req,
    createContext: async () => {
      context = await createRequestContext(req);
      return context;
    },
    onError: ({ error, path }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") logger.error({ err: error.cause ?? error, path }, "REST request failed");
    },
    // A procedure may answer 201/202 on success; errors keep the status their code maps to.
    responseMeta: ({ errors }) => ({
      status: errors.length ? undefined : context?.response.status,
      headers: context?.response.headers,
    }),
  });
  recordApiResponseTime(performance.now() - started);
  return response;
}

export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE };
