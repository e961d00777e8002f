import "server-only";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { knowledgeBases } from "@/db/schema";
import { renameKnowledgeBaseInput } from "@/lib/schemas/knowledge";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { getKnowledgeBase } from "./get-knowledge-base";

export async function renameKnowledgeBase(ctx: WorkspaceCtx, input: z.input<typeof renameKnowledgeBaseInput>) {
  const { knowledgeBaseId, name, description } = renameKnowledgeBaseInput.parse(input);
  return ctx.db.transaction(async (tx) => {
    const before = await getKnowledgeBase({ ...ctx, db: tx }, { knowledgeBaseId });
    const changes = { name, ...(description !== undefined ? { description } : {}) };
    const [kb] = await tx
      .update(knowledgeBases)
      .set({ ...changes, updatedAt: new Date() })
      .where(and(eq(knowledgeBases.id, knowledgeBaseId), eq(knowledgeBases.workspaceId, ctx.workspace.id)))
      .returning();
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "knowledge_base.update",
      targetType: "knowledge_base",
      targetId: knowledgeBaseId,
      before: { name: before.name, description: before.description },
      after: changes,
    });
    return kb!;
  });
}
