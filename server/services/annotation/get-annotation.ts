import "server-only";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { conversationAnnotations } from "@/db/schema";
import type { annotationInput } from "@/lib/schemas/annotation";
import type { WorkspaceCtx } from "@/server/services/context";
import { findTarget } from "@/server/services/review/find-target";

/** The judge's annotation of a conversation of the caller's workspace, or null before the judge has read it. */
export async function getAnnotation(ctx: WorkspaceCtx, input: z.output<typeof annotationInput>) {
  const { conversation } = await findTarget(ctx.db, ctx, input);
  const [row] = await ctx.db
    .select()
    .from(conversationAnnotations)
    .where(and(eq(conversationAnnotations.conversationId, conversation.id), eq(conversationAnnotations.workspaceId, ctx.workspace.id)));
  if (!row) return null;
  const { workspaceId: _w, ...annotation } = row;
  return annotation;
}
