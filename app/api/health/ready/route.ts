import { getDatabase } from "@/server/db";
import { openBreakers } from "@/server/services/kubernetes/views";
import { engineHealth } from "@/server/services/workflows";

export const dynamic = "force-dynamic";

/**
 * Readiness: the database answers a query and the workflow engine runs (`engine`: mode, embedded executor running,
 * queue length, oldest queued age). 503 (with the failing check) when not ready; never secrets. The
 * `kubernetes` section lists fabrics whose circuit breaker is open or half-open: reported, never a reason to be unready.
 */
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
  // The workflow engine: not ready when the embedded engine should run and failed to start.
  let engine: Awaited<ReturnType<typeof engineHealth>> | undefined;
  try {
    const db = await getDatabase();
    engine = await engineHealth(db.prisma);
    checks.engine = { ok: engine.ok, ...(engine.message ? { message: engine.message } : {}) };
  } catch {
    checks.engine = { ok: false, message: "The workflow engine's queue could not be read" };
  }
  let kubernetes: { openBreakers: Awaited<ReturnType<typeof openBreakers>> } | { error: string };
  try {
    const db = await getDatabase();
    kubernetes = { openBreakers: await openBreakers(db.prisma) };
  } catch {
    kubernetes = { error: "The fabrics' breaker states could not be read" };
  }
  const ready = Object.values(checks).every((c) => c.ok);
  return Response.json({ status: ready ? "ready" : "not ready", checks, engine, kubernetes }, { status: ready ? 200 : 503 });
}
