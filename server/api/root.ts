import { accountRouter } from "./routers/account";
import { agentsRouter } from "./routers/agents";
import { auditRouter } from "./routers/audit";
import { conversationsRouter } from "./routers/conversations";
import { membersRouter } from "./routers/members";
import { playgroundRouter } from "./routers/playground";
import { workspacesRouter } from "./routers/workspaces";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  account: accountRouter,
  workspaces: workspacesRouter,
  members: membersRouter,
  agents: agentsRouter,
  audit: auditRouter,
  conversations: conversationsRouter,
  playground: playgroundRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
