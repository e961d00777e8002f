import "server-only";
import { and, count, eq } from "drizzle-orm";
import { conversationTags, tags } from "@/db/schema";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { tagSnapshot } from "./create-tag";
import { findTag } from "./find-target";

/** Deletes a tag and, by the foreign key's cascade, every place it was applied (counted in the audit row). */
export async function deleteTag(ctx: WorkspaceCtx, input: { tagId: string }) {
  return ctx.db.transaction(async (tx) => {
    const tag = await findTag(tx, ctx, input.tagId);
    const [applied] = await tx.select({ n: count() }).from(conversationTags).where(and(eq(conversationTags.tagId, tag.id), eq(conversationTags.workspaceId, ctx.workspace.id)));
    await tx.delete(tags).where(and(eq(tags.id, tag.id), eq(tags.workspaceId, ctx.workspace.id)));
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "tag.delete",
      targetType: "tag",
      targetId: tag.id,
      before: { ...tagSnapshot(tag), applications: applied?.n ?? 0 },
    });
    return { id: tag.id, removedApplications: applied?.n ?? 0 };
  });
}
