import { alertsRouter } from "./routers/alerts";
import { auditRouter } from "./routers/audit";
import { authRouter } from "./routers/auth";
import { dashboardRouter } from "./routers/dashboard";
import { fabricsRouter } from "./routers/fabrics";
import { repositoriesRouter } from "./routers/repositories";
import { resourcesRouter } from "./routers/resources";
import { usersRouter } from "./routers/users";
import { createCallerFactory, router } from "./init";

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  fabrics: fabricsRouter,
  repositories: repositoriesRouter,
  alerts: alertsRouter,
  dashboard: dashboardRouter,
  resources: resourcesRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
