import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agents, journeys, policies, releases, tools } from "@/db/schema";
import type { HttpTool } from "@/lib/schemas/tool";
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

type Snapshot = { tools?: Record<string, HttpTool> };

/**
 * A demo workspace seeded while the gate still derived the store's facts in code: its store write tools
 * have no lookups and no computed facts (and its read tools no response schemas), so its policies' rules
 * would read facts nobody fills. Gives the draft's tool rows and every release's snapshot of the
 * workspace's agents what the demo's data has now, keeping everything else (policies as builders edited
 * them, headers, names), so each decides as before. Only what lacks them changes; one transaction.
 */
export async function upgradeRetailFacts(db: Db, input: { workspaceId: string; storeId: string }): Promise<{ tools: number; releases: number }> {
  const demoTools = new Map(retailTools(input.storeId).map((t) => [t.name, httpToolSchema.parse(t)]));
  const base = `{{appUrl}}/api/store/${encodeURIComponent(input.storeId)}/`;
  const upgradeTool = (tool: HttpTool): HttpTool | null => {
    const demo = demoTools.get(tool.name);
    if (!demo || !tool.url.startsWith(base)) return null;
    const missing = {
      ...(demo.factsFrom && !tool.factsFrom ? { factsFrom: demo.factsFrom } : {}),
      ...(demo.responseSchema && !tool.responseSchema ? { responseSchema: demo.responseSchema } : {}),
      ...(demo.facts && !tool.facts ? { facts: demo.facts } : {}),
    };
    return Object.keys(missing).length ? { ...tool, ...missing } : null;
  };
  const counts = { tools: 0, releases: 0 };
  await db.transaction(async (tx) => {
    for (const row of await tx.select({ id: tools.id, definition: tools.definition }).from(tools).where(eq(tools.workspaceId, input.workspaceId))) {
      const upgraded = upgradeTool(row.definition as HttpTool);
      if (!upgraded) continue;
      // updatedAt moves so the runtime's config cache reloads it.
      await tx.update(tools).set({ definition: upgraded, updatedAt: new Date() }).where(eq(tools.id, row.id));
      counts.tools++;
    }
    const agentIds = (await tx.select({ id: agents.id }).from(agents).where(eq(agents.workspaceId, input.workspaceId))).map((a) => a.id);
    const rows = agentIds.length ? await tx.select({ id: releases.id, snapshot: releases.snapshot }).from(releases).where(and(eq(releases.workspaceId, input.workspaceId), inArray(releases.agentId, agentIds))) : [];
    for (const row of rows) {
      const snapshot = row.snapshot as Snapshot;
      let changed = false;
      const upgradedTools = Object.fromEntries(
        Object.entries(snapshot.tools ?? {}).map(([name, tool]) => {
          const upgraded = upgradeTool(tool);
          changed ||= upgraded !== null;
          return [name, upgraded ?? tool];
        }),
      );
      if (!changed) continue;
      await tx.update(releases).set({ snapshot: { ...snapshot, tools: upgradedTools } }).where(eq(releases.id, row.id));
      counts.releases++;
    }
  });
  return counts;
}
