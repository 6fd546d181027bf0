import { createOpenApiFetchHandler } from "trpc-to-openapi";
import { logger } from "@/server/logger";
import { createRequestContext, type Context } from "@/server/trpc/init";
import { appRouter } from "@/server/trpc/root";

export const dynamic = "force-dynamic";

/** REST (`/api/v1/...`) from the same tRPC procedures: one definition, two transports. */
async function handler(req: Request): Promise<Response> {
  let context: Context | undefined;
  return createOpenApiFetchHandler({
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
}

export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE };
