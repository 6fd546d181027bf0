import { z } from "zod";
import { listAudit } from "@/server/services/audit";
import { pageInput, pageOutput } from "@/server/services/pagination";
import { adminProcedure, router } from "../init";

const entry = z.object({
  id: z.string(),
  actor: z.string().nullable(),
  actorType: z.string(),
  action: z.string(),
  objectType: z.string(),
  objectId: z.string().nullable(),
  objectName: z.string().nullable(),
  fabricId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
  createdAt: z.string(),
});

export const auditRouter = router({
  list: adminProcedure
    .meta({ openapi: { method: "GET", path: "/audit-log", tags: ["audit"], summary: "Who changed what, with before and after (secrets never included)" } })
    .input(pageInput.extend({ actor: z.string().max(200).optional(), object: z.string().max(300).optional(), fabricId: z.string().optional() }))
    .output(pageOutput(entry))
    .query(({ ctx, input: { limit, cursor, ...q } }) => listAudit(ctx.db, { limit, cursor }, q)),
});
