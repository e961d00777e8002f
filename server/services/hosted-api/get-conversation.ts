import "server-only";
import { eq } from "drizzle-orm";
import { agents } from "@/db/schema";
import { queueStatus } from "@/server/services/handoff/queue-status";
import { readHandoffSettings } from "@/server/services/handoff/read-handoff-settings";
import type { ApiCtx } from "./context";
import { conversationMessages, findApiConversation } from "./messages";

export async function getApiConversation(ctx: ApiCtx, input: { conversationId: string }) {
  const c = await findApiConversation(ctx, input.conversationId);
  const [[agent], messages] = await Promise.all([
    ctx.db.select({ id: agents.id, slug: agents.slug, name: agents.name }).from(agents).where(eq(agents.id, c.agentId)).limit(1),
    conversationMessages(ctx, c.id),
  ]);
  return {
    id: c.id,
    object: "conversation" as const,
    agent: agent!,
    release: c.releaseNumber,
    channel: c.channel,
    status: c.status,
    // Who answers: the AI, a person (waiting for one, or one holding it), or nobody (resolved, closed).
    owner: c.owner,
    customer: c.customer,
    metadata: c.metadata,
    // The handoff summary is for the business (gate decisions, facts looked up): not for the customer's widget.
    handoff: ctx.channel === "widget" ? null : (c.handoff ?? null),
    csat: c.csat,
    turns: c.turns,
    createdAt: c.createdAt.toISOString(),
    endedAt: c.endedAt?.toISOString() ?? null,
    // While the customer waits for a person: their place in the queue and when to expect an answer.
    queue: c.owner === "waiting_for_human" ? await queueStatus(ctx.db, c, await readHandoffSettings(ctx.db, c.workspaceId)) : null,
    messages,
  };
}
