import "server-only";
import type { z } from "zod";
import { conversationTags } from "@/db/schema";
import type { applyTagInput } from "@/lib/schemas/review";
import { conflict } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { findTag, findTarget } from "./find-target";

/** Puts a workspace tag on a conversation, or on one of its messages; the same tag twice is CONFLICT. */
export async function applyTag(ctx: WorkspaceCtx, input: z.output<typeof applyTagInput>) {
  return ctx.db.transaction(async (tx) => {
    const { conversation, message } = await findTarget(tx, ctx, input);
    const tag = await findTag(tx, ctx, input.tagId);
    // The unique key (tag, conversation, message) with NULLS NOT DISTINCT also holds against a concurrent apply.
    const [row] = await tx
      .insert(conversationTags)
      .values({ workspaceId: ctx.workspace.id, tagId: tag.id, conversationId: conversation.id, messageId: message?.id ?? null, createdBy: ctx.userId })
      .onConflictDoNothing()
      .returning();
    if (!row) throw conflict(`"${tag.name}" is already on this ${message ? "message" : "conversation"}`);
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "conversation.tag",
      targetType: "conversation",
      targetId: conversation.id,
      after: { tag: tag.name, tagId: tag.id, messageId: row.messageId },
    });
    return { id: row.id, tagId: tag.id, name: tag.name, colour: tag.colour, messageId: row.messageId, createdAt: row.createdAt };
  });
}
