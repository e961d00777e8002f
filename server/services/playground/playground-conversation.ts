import "server-only";
import { and, eq } from "drizzle-orm";
import { conversations } from "@/db/schema";
import { notFound } from "@/server/errors";
import type { WorkspaceCtx } from "@/server/services/context";

/** A conversation of this agent in the caller's workspace; anything else does not exist for them. */
export async function getPlaygroundConversation(ctx: WorkspaceCtx, input: { agentId: string; conversationId: string }) {
  const [row] = await ctx.db
    .select({ id: conversations.id, customer: conversations.customer, metadata: conversations.metadata, status: conversations.status })
    .from(conversations)
    .where(and(eq(conversations.id, input.conversationId), eq(conversations.workspaceId, ctx.workspace.id), eq(conversations.agentId, input.agentId)))
    .limit(1);
  if (!row) throw notFound("Conversation");
  return row;
}
