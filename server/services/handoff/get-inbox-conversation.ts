import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { rowsOf } from "@/db/rows";
import { conversationNotes, users } from "@/db/schema";
import { getConversation } from "@/server/services/conversations/get-conversation";
import type { WorkspaceCtx } from "@/server/services/context";

/**
 * One conversation as the inbox shows it: the handoff summary, the transcript and trace (as the studio's
 * conversation view has them), who holds it, the internal notes, and the last event id to follow from.
 */
export async function getInboxConversation(ctx: WorkspaceCtx, input: { conversationId: string }) {
  const base = await getConversation(ctx, input);
  const { conversation } = base;
  const [notes, assignee, [last]] = await Promise.all([
    ctx.db
      .select({ id: conversationNotes.id, text: conversationNotes.text, authorName: conversationNotes.authorName, createdAt: conversationNotes.createdAt })
      .from(conversationNotes)
      .where(and(eq(conversationNotes.conversationId, conversation.id), eq(conversationNotes.workspaceId, ctx.workspace.id)))
      .orderBy(asc(conversationNotes.createdAt)),
    conversation.assigneeId ? ctx.db.query.users.findFirst({ where: eq(users.id, conversation.assigneeId), columns: { id: true, name: true } }) : undefined,
    ctx.db.execute<{ id: number }>(sql`select coalesce(max(id), 0)::int as id from conversation_events where conversation_id = ${conversation.id}`).then(rowsOf<{ id: number }>),
  ]);
  return {
    ...base,
    summary: conversation.handoff ?? null,
    assignee: assignee ?? null,
    notes,
    lastEventId: Number(last?.id ?? 0),
    waitingMs: conversation.waitingSince ? Math.max(0, Date.now() - conversation.waitingSince.getTime()) : null,
  };
}
