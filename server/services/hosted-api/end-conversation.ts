import "server-only";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { conversations } from "@/db/schema";
import { conflict } from "@/server/errors";
import { enqueueEscalationWebhook } from "@/server/services/webhooks/enqueue-escalation";
import type { ApiCtx } from "./context";
import { findApiConversation } from "./messages";
import type { endConversationBody } from "./schemas";

/**
 * Ends a conversation with an outcome and optional CSAT. A CSAT may still be added after the end (the
 * customer rates later); changing the outcome of an ended conversation is a conflict.
 */
export async function endApiConversation(ctx: ApiCtx, input: { conversationId: string } & z.infer<typeof endConversationBody>) {
  const c = await findApiConversation(ctx, input.conversationId);
  if (c.endedAt && input.outcome && input.outcome !== c.status) throw conflict(`This conversation already ended as ${c.status}`);
  const status = input.outcome ?? (c.status === "open" ? "resolved" : c.status);
  const now = new Date();
  const [row] = await ctx.db
    .update(conversations)
    .set({ status, csat: input.csat ?? c.csat, endedAt: c.endedAt ?? now, updatedAt: now })
    .where(eq(conversations.id, c.id))
    .returning({ id: conversations.id, status: conversations.status, csat: conversations.csat, endedAt: conversations.endedAt });
  if (status === "escalated" && c.status !== "escalated") await enqueueEscalationWebhook(ctx.db, { workspaceId: ctx.workspaceId, conversationId: c.id });
  return { id: row!.id, object: "conversation" as const, status: row!.status, csat: row!.csat, endedAt: row!.endedAt!.toISOString() };
}
