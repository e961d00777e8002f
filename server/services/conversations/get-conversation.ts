import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { conversations, journeys, messages, toolExecutions, turnTraces } from "@/db/schema";
import { notFound } from "@/server/errors";
import type { WorkspaceCtx } from "@/server/services/context";

/** A transcript with everything needed to explain it: messages, the trace, tool executions, handoff. */
export async function getConversation(ctx: WorkspaceCtx, input: { conversationId: string }) {
  const conversation = await ctx.db.query.conversations.findFirst({
    where: and(eq(conversations.id, input.conversationId), eq(conversations.workspaceId, ctx.workspace.id)),
  });
  if (!conversation) throw notFound("Conversation");
  const scoped = (t: typeof messages | typeof turnTraces) =>
    and(eq(t.conversationId, conversation.id), eq(t.workspaceId, ctx.workspace.id));
  const [messageRows, traces, executions, journey] = await Promise.all([
    ctx.db.select().from(messages).where(scoped(messages)).orderBy(asc(messages.turn), asc(messages.createdAt)),
    ctx.db.select({ turn: turnTraces.turn, events: turnTraces.events }).from(turnTraces).where(scoped(turnTraces)).orderBy(asc(turnTraces.turn)),
    ctx.db
      .select()
      .from(toolExecutions)
      .where(and(eq(toolExecutions.conversationId, conversation.id), eq(toolExecutions.workspaceId, ctx.workspace.id)))
      .orderBy(asc(toolExecutions.createdAt)),
    conversation.journeyId
      ? ctx.db.query.journeys.findFirst({ where: eq(journeys.id, conversation.journeyId), columns: { id: true, name: true } })
      : undefined,
  ]);
  // One row per turn, its steps in order: flattened to the steps the timeline reads, by turn then seq.
  const trace = traces.flatMap(({ turn, events }) =>
    events.map((e, seq) => ({ turn, seq, type: e.type, name: e.name, input: e.input ?? null, output: e.output ?? null, decision: e.decision ?? null, durationMs: e.durationMs })),
  );
  return { conversation, journey: journey ?? null, messages: messageRows, trace, toolExecutions: executions };
}
