import "server-only";
import { and, eq } from "drizzle-orm";
import { cannedReplies } from "@/db/schema";
import { notFound } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";

export async function deleteCannedReply(ctx: WorkspaceCtx, input: { cannedReplyId: string }) {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .delete(cannedReplies)
      .where(and(eq(cannedReplies.id, input.cannedReplyId), eq(cannedReplies.workspaceId, ctx.workspace.id)))
      .returning({ id: cannedReplies.id, title: cannedReplies.title, text: cannedReplies.text });
    if (!row) throw notFound("Canned reply");
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "canned_reply.delete", targetType: "canned_reply", targetId: row.id, before: { title: row.title, text: row.text } });
    return { id: row.id };
  });
}
