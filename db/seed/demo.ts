import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users, workspaces } from "@/db/schema";
import { createAgent } from "@/server/services/agents/agents";
import { createUser } from "@/server/services/users/create-user";
import { createWorkspace } from "@/server/services/workspaces/create-workspace";
import { seedKnowledge } from "./knowledge";
import { seedRetailAgent } from "./retail-agent";
import { seedStore } from "./store";

export const demo = {
  email: "demo@switchback.dev",
  password: "switchback-demo",
  workspaceSlug: "demo-retail",
  storeId: "demo-retail",
} as const;

/** Seeds the demo workspace on first start; a no-op once it exists. */
export async function seedDemo(db: Db): Promise<{ created: boolean }> {
  const existing = await db.query.workspaces.findFirst({ where: eq(workspaces.slug, demo.workspaceSlug) });
  if (existing) return { created: false };

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
  await seedRetailAgent(db, { workspaceId: workspace.id, agentId: agent.id, storeId: demo.storeId });
  await seedKnowledge(ctx, agent.id);
  return { created: true };
}
