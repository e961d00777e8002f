import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agents, journeys, policies, tools } from "@/db/schema";
import { journeyGraphSchema } from "@/lib/schemas/journey";
import { httpToolSchema } from "@/lib/schemas/tool";
import { retailJourneys } from "@/server/agent/demo/retail-journeys";
import { retailTools } from "@/server/agent/demo/retail-tools";
import { retailPolicies } from "@/server/agent/policy/retail-policies";
import { issueStoreCredential } from "@/server/services/store/issue-store-credential";

/**
 * Writes the demo retail agent's draft: journeys, HTTP tools pointing at this app's store API, and the
 * store's policies, and gives the workspace a new API key for the store (its tools send it). Replaces
 * any earlier draft of those rows, so re-seeding is safe.
 */
export async function seedRetailAgent(db: Db, input: { workspaceId: string; agentId: string; storeId: string }): Promise<void> {
  const owner = { workspaceId: input.workspaceId, agentId: input.agentId };
  const scope = <T extends typeof journeys | typeof policies | typeof tools>(t: T) => and(eq(t.workspaceId, input.workspaceId), eq(t.agentId, input.agentId));
  await db.transaction(async (tx) => {
    await tx.delete(journeys).where(scope(journeys));
    await tx.delete(policies).where(scope(policies));
    await tx.delete(tools).where(scope(tools));
    await tx.insert(journeys).values(
      retailJourneys().map((j) => {
        const graph = journeyGraphSchema.parse(j.graph);
        return { ...owner, name: j.name, trigger: graph.trigger, graph };
      }),
    );
    await issueStoreCredential(tx, { storeId: input.storeId, workspaceId: input.workspaceId });
    await tx.insert(tools).values(retailTools(input.storeId).map((t) => ({ ...owner, name: t.name, definition: httpToolSchema.parse(t) })));
    await tx.insert(policies).values(Object.values(retailPolicies).map((p) => ({ ...owner, key: p.key, name: p.name, definition: p })));
    const [agent] = await tx.select({ settings: agents.settings }).from(agents).where(and(eq(agents.id, input.agentId), eq(agents.workspaceId, input.workspaceId)));
    await tx
      .update(agents)
      .set({ settings: { ...(agent?.settings ?? {}), storeId: input.storeId } })
      .where(and(eq(agents.id, input.agentId), eq(agents.workspaceId, input.workspaceId)));
  });
}
