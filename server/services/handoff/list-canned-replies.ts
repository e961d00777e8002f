import "server-only";
import { asc, eq } from "drizzle-orm";
import { cannedReplies } from "@/db/schema";
import type { WorkspaceCtx } from "@/server/services/context";

export async function listCannedReplies(ctx: WorkspaceCtx) {
  return ctx.db
    .select({ id: cannedReplies.id, title: cannedReplies.title, text: cannedReplies.text, createdAt: cannedReplies.createdAt })
    .from(cannedReplies)
    .where(eq(cannedReplies.workspaceId, ctx.workspace.id))
    .orderBy(asc(cannedReplies.title));
}
