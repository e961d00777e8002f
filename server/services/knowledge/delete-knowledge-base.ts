import "server-only";
import { and, eq } from "drizzle-orm";
import { knowledgeBases } from "@/db/schema";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { getKnowledgeBase } from "./get-knowledge-base";

/** Deletes the knowledge base; its documents and chunks go with it (foreign keys cascade). */
export async function deleteKnowledgeBase(ctx: WorkspaceCtx, input: { knowledgeBaseId: string }) {
  await ctx.db.transaction(async (tx) => {
    const before = await getKnowledgeBase({ ...ctx, db: tx }, input);
    await tx.delete(knowledgeBases).where(and(eq(knowledgeBases.id, input.knowledgeBaseId), eq(knowledgeBases.workspaceId, ctx.workspace.id)));
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "knowledge_base.delete", targetType: "knowledge_base", targetId: input.knowledgeBaseId, before: { name: before.name } });
  });
}
