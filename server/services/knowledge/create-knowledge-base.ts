import "server-only";
import type { z } from "zod";
import { knowledgeBases } from "@/db/schema";
import { createKnowledgeBaseInput } from "@/lib/schemas/knowledge";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";

export async function createKnowledgeBase(ctx: WorkspaceCtx, input: z.input<typeof createKnowledgeBaseInput>) {
  const { name, description } = createKnowledgeBaseInput.parse(input);
  return ctx.db.transaction(async (tx) => {
    const [kb] = await tx.insert(knowledgeBases).values({ workspaceId: ctx.workspace.id, name, description }).returning();
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "knowledge_base.create", targetType: "knowledge_base", targetId: kb!.id, after: { name, description } });
    return kb!;
  });
}
