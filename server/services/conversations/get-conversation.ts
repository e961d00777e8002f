import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { conversations, journeys, messages, toolExecutions, traceEvents } from "@/db/schema";
import { notFound } from "@/server/errors";
import type { WorkspaceCtx } from "@/server/services/context";

/** A transcript with everything needed to explain it: messages, the trace, tool executions, handoff. */
export async function getConversation(ctx: WorkspaceCtx, input: { conversationId: string }) {
  const conversation = await ctx.db.query.conversations.findFirst({
    where: and(eq(conversations.id, input.conversationId), eq(conversations.workspaceId, ctx.workspace.id)),
  });
  if (!conversation) throw notFound("Conversation");
  const scoped = (t: typeof messages | typeof traceEvents) =>
    and(eq(t.conversationId, conversation.id), eq(t.workspaceId, ctx.workspace.id));
  const [messageRows, events, executions, journey] = await Promise.all([
    ctx.db.select().from(messages).where(scoped(messages)).orderBy(asc(messages.turn), asc(messages.createdAt)),
    ctx.db.select().from(traceEvents).where(scoped(traceEvents)).orderBy(asc(traceEvents.turn), asc(traceEvents.seq)),
    ctx.db
      .select()
      .from(toolExecutions)
      .where(and(eq(toolExecutions.conversationId, conversation.id), eq(toolExecutions.workspaceId, ctx.workspace.id)))
      .orderBy(asc(toolExecutions.createdAt)),
    conversation.journeyId
      ? ctx.db.query.journeys.findFirst({ where: eq(journeys.id, conversation.journeyId), columns: { id: true, name: true } })
      : undefined,
  ]);
  return { conversation, journey: journey ?? null, messages: messageRows, trace: events, toolExecutions: executions };
}
