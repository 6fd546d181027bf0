import { getDatabase } from "@/server/db";

export const dynamic = "force-dynamic";

/** Readiness: the database answers a query. 503 (with the failing check) when not ready; never secrets. */
export async function GET() {
  const checks: Record<string, { ok: boolean; message?: string; latencyMs?: number; kind?: string }> = {};
  const started = Date.now();
  try {
    const db = await getDatabase();
    await db.prisma.$queryRaw`SELECT 1`;
    checks.database = { ok: true, kind: db.kind, latencyMs: Date.now() - started };
  } catch {
    checks.database = { ok: false, message: "The database does not answer; see the server log" };
  }
  const ready = Object.values(checks).every((c) => c.ok);
  return Response.json({ status: ready ? "ready" : "not ready", checks }, { status: ready ? 200 : 503 });
}
