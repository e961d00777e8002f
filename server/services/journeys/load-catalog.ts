import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { knowledgeBases, policies, tools } from "@/db/schema";
import { httpToolSchema } from "@/lib/schemas/tool";
import type { WorkspaceCtx } from "@/server/services/context";

/** What journey nodes may refer to: the agent's tools and policies, and the workspace's knowledge bases. */
export async function loadJourneyCatalog(ctx: WorkspaceCtx, input: { agentId: string }) {
  const ws = ctx.workspace.id;
  const [toolRows, policyRows, kbRows] = await Promise.all([
    ctx.db.select({ name: tools.name, definition: tools.definition }).from(tools).where(and(eq(tools.workspaceId, ws), eq(tools.agentId, input.agentId))).orderBy(asc(tools.name)),
    ctx.db.select({ key: policies.key, name: policies.name }).from(policies).where(and(eq(policies.workspaceId, ws), eq(policies.agentId, input.agentId))).orderBy(asc(policies.name)),
    ctx.db.select({ id: knowledgeBases.id, name: knowledgeBases.name }).from(knowledgeBases).where(eq(knowledgeBases.workspaceId, ws)).orderBy(asc(knowledgeBases.name)),
  ]);
  return {
    tools: toolRows.flatMap((t) => {
      const parsed = httpToolSchema.safeParse(t.definition);
      if (!parsed.success) return [];
      const { name, description, kind, args, policyKey } = parsed.data;
      return [{ name, description, kind, args, policyKey: policyKey ?? null }];
    }),
    policies: policyRows,
    knowledgeBases: kbRows,
  };
}

export type JourneyCatalogData = Awaited<ReturnType<typeof loadJourneyCatalog>>;
