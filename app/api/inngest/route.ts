/**
 * The production workflow engine's entry: Inngest (cloud or self-hosted) registers HFM's functions here and calls
 * them step by step. Used when INNGEST_BASE_URL / INNGEST_SIGNING_KEY / INNGEST_EVENT_KEY are set; otherwise the
 * embedded executor drives the same functions in-process and this route answers 404.
 */
import { serve } from "inngest/next";
import { inngest, inngestConfigured } from "@/inngest/client";
import { functions } from "@/inngest/functions";

export const dynamic = "force-dynamic";
// Long steps (a big fabric's ingest) may take minutes: do not let the platform cut them short.
export const maxDuration = 300;

const handler = serve({ client: inngest, functions });

const notConfigured = () =>
  Response.json(
    { error: "Inngest is not configured on this server (INNGEST_BASE_URL / INNGEST_SIGNING_KEY); the embedded workflow engine runs the workflows" },
    { status: 404 },
  );

type RouteHandler = (req: Request, ctx: unknown) => Promise<Response>;
const guard =
  (h: RouteHandler): RouteHandler =>
  (req, ctx) =>
    inngestConfigured() ? h(req, ctx) : Promise.resolve(notConfigured());

export const GET = guard(handler.GET as RouteHandler);
export const POST = guard(handler.POST as RouteHandler);
export const PUT = guard(handler.PUT as RouteHandler);
