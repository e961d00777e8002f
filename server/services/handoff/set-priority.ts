import "server-only";
import { and, eq } from "drizzle-orm";
import { conversations } from "@/db/schema";
import type { Priority } from "@/lib/schemas/inbox";
import { notFound } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { recordConversationEvent } from "./record-event";

/** Moves a conversation up or down its queue. */
export async function setPriority(ctx: WorkspaceCtx, input: { conversationId: string; priority: Priority }) {
  return ctx.db.transaction(async (tx) => {
    const scope = and(eq(conversations.id, input.conversationId), eq(conversations.workspaceId, ctx.workspace.id));
    const [before] = await tx.select({ priority: conversations.priority }).from(conversations).where(scope).for("update");
    if (!before) throw notFound("Conversation");
    const [row] = await tx.update(conversations).set({ priority: input.priority, updatedAt: new Date() }).where(scope).returning({ id: conversations.id, priority: conversations.priority });
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "conversation.priority", targetType: "conversation", targetId: row!.id, before, after: { priority: row!.priority } });
    await recordConversationEvent(tx, { workspaceId: ctx.workspace.id, conversationId: row!.id, type: "conversation.priority", internal: true, payload: { priority: row!.priority } });
    return row!;
  });
}
