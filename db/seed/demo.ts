import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { stores, tools, users, workspaces } from "@/db/schema";
import { env } from "@/lib/env";
import { SUITE_FILE_VERSION } from "@/lib/schemas/evals";
import type { HttpTool } from "@/lib/schemas/tool";
import { startStoreServer } from "@/server/agent/demo/local-store-server";
import { createAgent } from "@/server/services/agents/agents";
import type { WorkspaceCtx } from "@/server/services/context";
import { importSuite } from "@/server/services/evals/suite-file";
import { publishRelease } from "@/server/services/releases/publish-release";
import { annotatePending } from "@/server/services/annotation/annotate-pending";
import { rebuildAgentInsights } from "@/server/services/insights/rollup";
import { storeCredentialSecret } from "@/server/services/store/credential";
import { issueStoreCredential } from "@/server/services/store/issue-store-credential";
import { createUser } from "@/server/services/users/create-user";
import { createWorkspace } from "@/server/services/workspaces/create-workspace";
import { policyEvalSuite } from "./evals/policy-suite";
import { retailEvalSuite } from "./evals/retail-suite";
import { ensureDemoKnowledgeAudience, seedKnowledge } from "./knowledge";
import { seedDemoHistory } from "./history";
import { seedDemoSignals } from "./insights-signals";
import { seedRetailAgent, upgradeRetailFacts } from "./retail-agent";
import { seedDemoQueues } from "./review-queues";
import { seedDemoScorecard } from "./scorecard";
import { loadRetailDb, recordDeliveryDates, seedStore } from "./store";

export const demo = {
  email: "demo@switchback.dev",
  password: "switchback-demo",
  workspaceSlug: "demo-retail",
  storeId: "demo-retail",
} as const;

/** Seeds the demo workspace on first start, its agent published as release 1; a no-op once it exists. */
export async function seedDemo(db: Db): Promise<{ created: boolean }> {
  const existing = await db.query.workspaces.findFirst({ where: eq(workspaces.slug, demo.workspaceSlug) });
  if (existing) {
    await ensureStoreCredential(db, { workspaceId: existing.id, storeId: demo.storeId });
    await upgradeRetailFacts(db, { workspaceId: existing.id, storeId: demo.storeId });
    await ensureDemoKnowledgeAudience(db, existing.id);
    return { created: false };
  }

  const user =
    (await db.query.users.findFirst({ where: eq(users.email, demo.email), columns: { id: true } })) ??
    (await createUser(db, { name: "Demo Builder", email: demo.email, password: demo.password }));
  const workspace = await createWorkspace({ db, userId: user.id }, { name: "Demo Retail", slug: demo.workspaceSlug });
  const ctx = { db, userId: user.id, workspace, role: "owner" as const };
  const agent = await createAgent(ctx, {
    name: "Retail support",
    description: "Order status, cancellations, changes, returns and exchanges for the demo store.",
    persona: {
      agentName: "Sam",
      tone: "friendly",
      greeting: "Hi, I'm Sam from the store's support team. How can I help with your order today?",
    },
  });
  await seedStore(db, demo.storeId);
  await recordDeliveryDates(db, demo.storeId);
  await seedRetailAgent(db, { workspaceId: workspace.id, agentId: agent.id, storeId: demo.storeId });
  await seedKnowledge(ctx, agent.id);
  await seedDemoEvals(ctx, agent.id);
  // The agent's tools reach the demo store through its HTTP API, served here while the seed needs it.
  const store = await startStoreServer(db);
  try {
    // Release 1 through the studio's own publish (gates included: the gating eval suites run on the
    // draft), so the hosted API and the widget answer at once.
    await publishRelease({ ...ctx, appUrl: store.appUrl }, { agentId: agent.id, notes: "Release 1, published by the seed" });
    await seedDemoScorecard(ctx);
    // Thirty days of simulated history: release 2 as a canary for the last ten, a busy day two days ago.
    if (env().SWITCHBACK_DEMO_HISTORY > 0) await seedDemoHistory(ctx, { agentId: agent.id, agentSlug: agent.slug, appUrl: store.appUrl, total: env().SWITCHBACK_DEMO_HISTORY });
  } finally {
    await store.close();
  }
  // The AI judge annotates the history and scores its AI criteria, as the review.process-ended job would.
  await annotatePending(db, { limit: env().SWITCHBACK_DEMO_HISTORY, workspaceId: workspace.id });
  // Review queues over the history: each backfills the last 30 days' conversations it matches.
  await seedDemoQueues(ctx);
  // Topics and anomaly alerts over the history (the busy day's wave included), as the nightly jobs would compute them.
  if (env().SWITCHBACK_DEMO_HISTORY > 0) await seedDemoSignals(db, { workspaceId: workspace.id, agentId: agent.id });
  // The dashboards' facts and hourly / daily rollups, as `switchback insights rebuild` computes them.
  await rebuildAgentInsights(db, { id: agent.id, workspaceId: workspace.id });
  return { created: true };
}

/** The demo's gating eval suites, imported as a brand would import its own suite files. */
async function seedDemoEvals(ctx: WorkspaceCtx, agentId: string): Promise<void> {
  for (const suite of [retailEvalSuite(), policyEvalSuite(await loadRetailDb())]) {
    await importSuite(ctx, { agentId, content: JSON.stringify({ switchback: "eval-suite", version: SUITE_FILE_VERSION, suite }) });
  }
}

/**
 * A demo workspace seeded before the store wanted an API key: issue one and have the draft's store tools
 * send it. Releases published before keep their old tools (publish again to serve the key).
 */
export async function ensureStoreCredential(db: Db, input: { workspaceId: string; storeId: string }): Promise<void> {
  const { workspaceId, storeId } = input;
  const [store] = await db.select({ id: stores.id }).from(stores).where(eq(stores.id, storeId)).limit(1);
  if (store) return;
  const base = `{{appUrl}}/api/store/${encodeURIComponent(storeId)}/`;
  await db.transaction(async (tx) => {
    await issueStoreCredential(tx, { storeId, workspaceId });
    for (const row of await tx.select({ id: tools.id, definition: tools.definition }).from(tools).where(eq(tools.workspaceId, workspaceId))) {
      const tool = row.definition as HttpTool;
      if (!tool.url.startsWith(base) || Object.keys(tool.headers ?? {}).some((h) => h.toLowerCase() === "authorization")) continue;
      const headers = { ...tool.headers, authorization: `Bearer {{secret.${storeCredentialSecret}}}` };
      await tx.update(tools).set({ definition: { ...tool, headers } }).where(eq(tools.id, row.id));
    }
  });
}
