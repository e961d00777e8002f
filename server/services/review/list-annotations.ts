import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { conversationNotes, conversationTags, journeys, messageCorrections, tags } from "@/db/schema";
import type { WorkspaceCtx } from "@/server/services/context";
import { canChangeAnnotation } from "./can-change";
import { findTarget } from "./find-target";

/**
 * Everything the team wrote on a conversation: tags (on it, or on a message when `messageId` is set),
 * notes (the inbox's too) and corrections, oldest first, each saying whether the caller may change it.
 */
export async function listAnnotations(ctx: WorkspaceCtx, input: { conversationId: string }) {
  const { conversation } = await findTarget(ctx.db, ctx, input);
  const inConversation = <T extends typeof conversationTags | typeof conversationNotes | typeof messageCorrections>(t: T) =>
    and(eq(t.conversationId, conversation.id), eq(t.workspaceId, ctx.workspace.id));
  const [tagRows, notes, corrections] = await Promise.all([
    ctx.db
      .select({ id: conversationTags.id, tagId: tags.id, name: tags.name, colour: tags.colour, description: tags.description, messageId: conversationTags.messageId, createdAt: conversationTags.createdAt })
      .from(conversationTags)
      .innerJoin(tags, and(eq(tags.id, conversationTags.tagId), eq(tags.workspaceId, conversationTags.workspaceId)))
      .where(inConversation(conversationTags))
      .orderBy(asc(conversationTags.createdAt)),
    ctx.db
      .select({
        id: conversationNotes.id,
        messageId: conversationNotes.messageId,
        authorId: conversationNotes.authorId,
        authorName: conversationNotes.authorName,
        text: conversationNotes.text,
        createdAt: conversationNotes.createdAt,
        updatedAt: conversationNotes.updatedAt,
      })
      .from(conversationNotes)
      .where(inConversation(conversationNotes))
      .orderBy(asc(conversationNotes.createdAt)),
    ctx.db
      .select({
        id: messageCorrections.id,
        messageId: messageCorrections.messageId,
        authorId: messageCorrections.authorId,
        authorName: messageCorrections.authorName,
        text: messageCorrections.text,
        expectedJourneyId: messageCorrections.expectedJourneyId,
        expectedJourneyName: journeys.name,
        expectedToolCall: messageCorrections.expectedToolCall,
        expectedDecision: messageCorrections.expectedDecision,
        createdAt: messageCorrections.createdAt,
      })
      .from(messageCorrections)
      .leftJoin(journeys, and(eq(journeys.id, messageCorrections.expectedJourneyId), eq(journeys.workspaceId, messageCorrections.workspaceId)))
      .where(inConversation(messageCorrections))
      .orderBy(asc(messageCorrections.createdAt)),
  ]);
  return {
    tags: tagRows,
    notes: notes.map((n) => ({ ...n, canChange: canChangeAnnotation(ctx, n.authorId) })),
    corrections: corrections.map((c) => ({ ...c, canChange: canChangeAnnotation(ctx, c.authorId) })),
  };
}
