import { getDb } from "@/server/db";
import { env } from "@/server/env";
import { metricsText } from "@/server/services/metrics";

export const dynamic = "force-dynamic";

/** Prometheus metrics. Open unless HFM_METRICS_TOKEN is set, then `Authorization: Bearer <token>` is required. */
export async function GET(req: Request) {
  if (env.HFM_METRICS_TOKEN && req.headers.get("authorization") !== `Bearer ${env.HFM_METRICS_TOKEN}`) {
    return Response.json({ code: "UNAUTHORIZED", message: "Send Authorization: Bearer <HFM_METRICS_TOKEN>" }, { status: 401 });
  }
  const { body, contentType } = await metricsText(await getDb());
  return new Response(body, { headers: { "content-type": contentType } });
}
