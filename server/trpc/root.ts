import { alertsRouter } from "./routers/alerts";
import { auditRouter } from "./routers/audit";
import { authRouter } from "./routers/auth";
import { dashboardRouter } from "./routers/dashboard";
import { driftRouter } from "./routers/drift";
import { fabricsRouter } from "./routers/fabrics";
import { kubernetesRouter } from "./routers/kubernetes";
import { gitopsRouter } from "./routers/gitops";
import { repositoriesRouter } from "./routers/repositories";
import { resourcesRouter } from "./routers/resources";
import { usersRouter } from "./routers/users";
import { workflowsRouter } from "./routers/workflows";
import { createCallerFactory, router } from "./init";

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  fabrics: fabricsRouter,
  kubernetes: kubernetesRouter,
  repositories: repositoriesRouter,
  alerts: alertsRouter,
  dashboard: dashboardRouter,
  resources: resourcesRouter,
  drift: driftRouter,
  audit: auditRouter,
  gitops: gitopsRouter,
  workflows: workflowsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
