import "server-only";
import { and, asc, eq, gt, ne, sql } from "drizzle-orm";
import { conversationEvents, conversations } from "@/db/schema";
import { notFound } from "@/server/errors";
import type { WorkspaceCtx } from "@/server/services/context";

/**
 * The workspace's conversation events after `after` (or one conversation's), oldest first: the inbox polls
 * or streams this to update live. Without `after` it returns no events and the id to start from.
 */
export async function listEvents(ctx: WorkspaceCtx, input: { conversationId?: string; after?: number; limit?: number }) {
  if (input.conversationId) {
    const [c] = await ctx.db.select({ id: conversations.id }).from(conversations).where(and(eq(conversations.id, input.conversationId), eq(conversations.workspaceId, ctx.workspace.id)));
    if (!c) throw notFound("Conversation"); // another workspace's too
  }
  const scope = and(
    eq(conversationEvents.workspaceId, ctx.workspace.id),
    input.conversationId ? eq(conversationEvents.conversationId, input.conversationId) : undefined,
    // The team's own typing is for the customer; the inbox has nothing to refresh for it.
    ne(conversationEvents.type, "typing"),
  );
  if (!input.after) {
    const [row] = await ctx.db.select({ id: sql<number>`coalesce(max(${conversationEvents.id}), 0)::int` }).from(conversationEvents).where(scope);
    return { events: [], lastId: Number(row?.id ?? 0) };
  }
  const events = await ctx.db
    .select({ id: conversationEvents.id, conversationId: conversationEvents.conversationId, type: conversationEvents.type, internal: conversationEvents.internal, payload: conversationEvents.payload, createdAt: conversationEvents.createdAt })
    .from(conversationEvents)
    .where(and(scope, gt(conversationEvents.id, input.after)))
    .orderBy(asc(conversationEvents.id))
    .limit(input.limit ?? 200);
  return { events, lastId: events.at(-1)?.id ?? input.after };
}
