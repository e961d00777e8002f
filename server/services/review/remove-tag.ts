import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type { z } from "zod";
import { conversationTags } from "@/db/schema";
import type { removeTagInput } from "@/lib/schemas/review";
import { notFound } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { findTag, findTarget } from "./find-target";

/** Takes a tag off a conversation, or off one of its messages. */
export async function removeTag(ctx: WorkspaceCtx, input: z.output<typeof removeTagInput>) {
  return ctx.db.transaction(async (tx) => {
    const { conversation, message } = await findTarget(tx, ctx, input);
    const tag = await findTag(tx, ctx, input.tagId);
    const [row] = await tx
      .delete(conversationTags)
      .where(
        and(
          eq(conversationTags.workspaceId, ctx.workspace.id),
          eq(conversationTags.conversationId, conversation.id),
          eq(conversationTags.tagId, tag.id),
          message ? eq(conversationTags.messageId, message.id) : isNull(conversationTags.messageId),
        ),
      )
      .returning({ id: conversationTags.id });
    if (!row) throw notFound(`"${tag.name}" on this ${message ? "message" : "conversation"}`);
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "conversation.untag",
      targetType: "conversation",
      targetId: conversation.id,
      before: { tag: tag.name, tagId: tag.id, messageId: message?.id ?? null },
    });
    return { id: row.id };
  });
}
