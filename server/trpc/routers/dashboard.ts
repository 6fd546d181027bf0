import { dashboardSummary } from "@/server/services/dashboard";
import { router, viewerProcedure } from "../init";

export const dashboardRouter = router({
  summary: viewerProcedure.query(({ ctx }) => dashboardSummary(ctx.db)),
});
