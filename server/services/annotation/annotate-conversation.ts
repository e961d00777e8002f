import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { messages } from "@/db/schema";
import type { annotateConversationInput } from "@/lib/schemas/annotation";
import { invalid } from "@/server/errors";
import type { WorkspaceCtx } from "@/server/services/context";
import { findTarget } from "@/server/services/review/find-target";
import { annotateConversations } from "./annotate-conversations";

/** A reviewer's "Re-annotate": the judge reads the conversation again now, whatever its state. */
export async function annotateConversation(ctx: WorkspaceCtx, input: z.output<typeof annotateConversationInput>) {
  const { conversation } = await findTarget(ctx.db, ctx, input);
  const [said] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(messages)
    .where(and(eq(messages.conversationId, conversation.id), eq(messages.workspaceId, ctx.workspace.id)));
  if (!said?.n) throw invalid("This conversation has no messages to annotate yet");
  const [result] = await annotateConversations(ctx.db, { workspaceId: ctx.workspace.id, conversationIds: [conversation.id], actorId: ctx.userId });
  return result!;
}
