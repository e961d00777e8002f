import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { journeys } from "@/db/schema";
import { getAgent } from "@/server/services/agents/agents";
import type { WorkspaceCtx } from "@/server/services/context";

/** The agent's journeys by name, for the conversation viewer's filter. */
export async function listAgentJourneys(ctx: WorkspaceCtx, input: { agentId: string }) {
  await getAgent(ctx, input.agentId);
  return ctx.db
    .select({ id: journeys.id, name: journeys.name })
    .from(journeys)
    .where(and(eq(journeys.workspaceId, ctx.workspace.id), eq(journeys.agentId, input.agentId)))
    .orderBy(asc(journeys.name));
}
