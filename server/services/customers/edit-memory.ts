import "server-only";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { customerMemories } from "@/db/schema";
import { deleteMemoryInput, updateMemoryInput } from "@/lib/schemas/customers";
import { notFound } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";

const mine = (ctx: WorkspaceCtx, memoryId: string) => and(eq(customerMemories.id, memoryId), eq(customerMemories.workspaceId, ctx.workspace.id));

/** An admin corrects what the agent remembers; the source and time stay. */
export async function updateMemory(ctx: WorkspaceCtx, input: z.input<typeof updateMemoryInput>) {
  const { memoryId, value } = updateMemoryInput.parse(input);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(customerMemories).where(mine(ctx, memoryId)).for("update");
    if (!before) throw notFound("Memory");
    const [row] = await tx.update(customerMemories).set({ value }).where(mine(ctx, memoryId)).returning();
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "memory.update",
      targetType: "customer_memory",
      targetId: memoryId,
      // Kinds, not values: the audit log must not keep what a forgotten customer told the agent.
      before: { customerId: before.customerId, kind: before.kind, length: before.value.length },
      after: { customerId: before.customerId, kind: before.kind, length: value.length },
    });
    return row!;
  });
}

export async function deleteMemory(ctx: WorkspaceCtx, input: z.input<typeof deleteMemoryInput>) {
  const { memoryId } = deleteMemoryInput.parse(input);
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.delete(customerMemories).where(mine(ctx, memoryId)).returning();
    if (!row) throw notFound("Memory");
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "memory.delete",
      targetType: "customer_memory",
      targetId: memoryId,
      before: { customerId: row.customerId, kind: row.kind, sourceConversationId: row.sourceConversationId },
    });
  });
}
