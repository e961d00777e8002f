import "server-only";
import { and, eq } from "drizzle-orm";
import { cannedReplies } from "@/db/schema";
import { conflict } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";

export async function createCannedReply(ctx: WorkspaceCtx, input: { title: string; text: string }) {
  return ctx.db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: cannedReplies.id }).from(cannedReplies).where(and(eq(cannedReplies.workspaceId, ctx.workspace.id), eq(cannedReplies.title, input.title)));
    if (taken) throw conflict(`A canned reply called "${input.title}" already exists: pick another title`);
    // A concurrent create with the same title meets the unique constraint: nothing is inserted.
    const [row] = await tx
      .insert(cannedReplies)
      .values({ workspaceId: ctx.workspace.id, title: input.title, text: input.text, createdBy: ctx.userId })
      .onConflictDoNothing()
      .returning({ id: cannedReplies.id, title: cannedReplies.title, text: cannedReplies.text, createdAt: cannedReplies.createdAt });
    if (!row) throw conflict(`A canned reply called "${input.title}" already exists: pick another title`);
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "canned_reply.create", targetType: "canned_reply", targetId: row.id, after: { title: row.title, text: row.text } });
    return row;
  });
}
