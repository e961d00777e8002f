import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { webhookDeliveries } from "@/db/schema";
import { getAgent } from "@/server/services/agents/agents";
import type { WorkspaceCtx } from "@/server/services/context";

/** The agent's latest webhook deliveries, with their attempts and last error. */
export async function listDeliveries(ctx: WorkspaceCtx, input: { agentId: string; limit?: number }) {
  const agent = await getAgent(ctx, input.agentId);
  return ctx.db
    .select({
      id: webhookDeliveries.id,
      event: webhookDeliveries.event,
      url: webhookDeliveries.url,
      conversationId: webhookDeliveries.conversationId,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      responseStatus: webhookDeliveries.responseStatus,
      lastError: webhookDeliveries.lastError,
      nextAttemptAt: webhookDeliveries.nextAttemptAt,
      deliveredAt: webhookDeliveries.deliveredAt,
      createdAt: webhookDeliveries.createdAt,
    })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.workspaceId, ctx.workspace.id), eq(webhookDeliveries.agentId, agent.id)))
    .orderBy(desc(webhookDeliveries.createdAt))
    .limit(input.limit ?? 50);
}
