import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { createRequestContext } from "@/server/trpc/init";
import { recordApiResponseTime } from "@/server/services/alerts/latency";
import { appRouter } from "@/server/trpc/root";

export const dynamic = "force-dynamic";

async function handler(req: Request): Promise<Response> {
  const started = performance.now();
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createRequestContext(req),
  });
  recordApiResponseTime(performance.now() - started);
  return response;
}

export { handler as GET, handler as POST };
