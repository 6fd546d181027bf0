/**
 * alert-notify: sends the alerts that changed to the notification webhooks (suppression windows, signatures and
 * delivery retries are the alerts service's). Retried with backoff when an endpoint is down.
 */
import { alertNotifyRequested, inngest } from "@/inngest/client";
import { getDb } from "@/server/db";
import { notifyAlerts } from "@/server/services/alerts";

export const alertNotify = inngest.createFunction(
  {
    id: "alert-notify",
    name: "Alert notifications",
    triggers: [alertNotifyRequested],
    retries: 3,
    priority: { run: "60" },
    timeouts: { finish: "10m" },
  },
  async ({ event, step }) => {
    const { opened, repeated, resolved } = event.data;
    const sent = await step.run("notify", async () => notifyAlerts(await getDb(), { opened, repeated, resolved }));
    return { endpoints: sent.length, sent: sent.reduce((n, e) => n + e.sent, 0), failed: sent.filter((e) => !e.ok).length };
  },
);
