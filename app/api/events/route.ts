/**
 * Live progress as Server-Sent Events: sync step progress, workflow runs, alert changes and change-set status.
 * Authenticated like tRPC (session cookie or `Authorization: Bearer <API token>`); every message passes the
 * caller's permissions. Optional filters: `?fabricId=<id>` and `?topics=sync,alert,changeset,run`.
 * Messages are small hints (ids, statuses); clients refetch the details through tRPC.
 */
import { z } from "zod";
import { isPostgresUrl } from "@/server/db";
import { createRequestContext } from "@/server/trpc/init";
import { connectBus, subscribe, visibleTo } from "@/server/services/workflows";

export const dynamic = "force-dynamic";

const HEARTBEAT_MS = 15_000;
const topicsSchema = z.array(z.enum(["sync", "run", "alert", "changeset"]));

export async function GET(req: Request): Promise<Response> {
  const ctx = await createRequestContext(req);
  if (!ctx.user) {
    return Response.json({ error: ctx.authError ?? "Authentication required: sign in, or send 'Authorization: Bearer <API token>'" }, { status: 401 });
  }
  const role = ctx.user.role;
  const url = new URL(req.url);
  const fabricId = url.searchParams.get("fabricId");
  const topicsParam = url.searchParams.get("topics");
  const parsedTopics = topicsSchema.safeParse(topicsParam ? topicsParam.split(",").map((t) => t.trim()) : ["sync", "run", "alert", "changeset"]);
  if (!parsedTopics.success) return Response.json({ error: "topics must be a comma-separated list of sync, run, alert, changeset" }, { status: 400 });
  const topics = new Set(parsedTopics.data);
  if (isPostgresUrl(process.env.DATABASE_URL)) await connectBus(process.env.DATABASE_URL);

  const encoder = new TextEncoder();
  let cleanup = () => undefined as void;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const send = (chunk: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(chunk));
        } catch {
          cleanup();
        }
      };
      send(`retry: 3000\nevent: ready\ndata: ${JSON.stringify({ user: ctx.user?.username, role })}\n\n`);
      const unsubscribe = subscribe((message) => {
        if (!topics.has(message.topic)) return;
        if (fabricId && message.fabricId !== fabricId) return;
        const visible = visibleTo(role, message);
        if (visible) send(`event: ${visible.topic}\ndata: ${JSON.stringify(visible)}\n\n`);
      });
      const heartbeat = setInterval(() => send(`: keep-alive\n\n`), HEARTBEAT_MS);
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      req.signal.addEventListener("abort", () => cleanup());
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}
