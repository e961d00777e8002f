import { accountRouter } from "./routers/account";
import { agentsRouter } from "./routers/agents";
import { apiKeysRouter } from "./routers/api-keys";
import { releasesRouter } from "./routers/releases";
import { widgetRouter } from "./routers/widget";
import { auditRouter } from "./routers/audit";
import { conversationsRouter } from "./routers/conversations";
import { customersRouter } from "./routers/customers";
import { privacyRouter } from "./routers/privacy";
import { evalsRouter } from "./routers/evals";
import { inboxRouter } from "./routers/inbox";
import { experimentsRouter } from "./routers/experiments";
import { insightsRouter } from "./routers/insights";
import { topicsRouter } from "./routers/topics";
import { alertsRouter } from "./routers/alerts";
import { jobsRouter } from "./routers/jobs";
import { journeysRouter } from "./routers/journeys";
import { knowledgeRouter } from "./routers/knowledge";
import { membersRouter } from "./routers/members";
import { playgroundRouter } from "./routers/playground";
import { reviewRouter } from "./routers/review";
import { workspacesRouter } from "./routers/workspaces";
import { policiesRouter } from "./routers/policies";
import { secretsRouter } from "./routers/secrets";
import { settingsRouter } from "./routers/settings";
import { toolsRouter } from "./routers/tools";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  account: accountRouter,
  workspaces: workspacesRouter,
  members: membersRouter,
  agents: agentsRouter,
  audit: auditRouter,
  conversations: conversationsRouter,
  customers: customersRouter,
  privacy: privacyRouter,
  inbox: inboxRouter,
  insights: insightsRouter,
  experiments: experimentsRouter,
  topics: topicsRouter,
  alerts: alertsRouter,
  review: reviewRouter,
  evals: evalsRouter,
  playground: playgroundRouter,
  knowledge: knowledgeRouter,
  releases: releasesRouter,
  apiKeys: apiKeysRouter,
  widget: widgetRouter,
  journeys: journeysRouter,
  policies: policiesRouter,
  tools: toolsRouter,
  secrets: secretsRouter,
  settings: settingsRouter,
  jobs: jobsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
