import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { agents, conversations, webhookDeliveries, workspaces } from "@/db/schema";
import { DELIVER_WEBHOOK_QUEUE } from "@/server/jobs/queues";
import { sendJob } from "@/server/jobs/send-job";
import { readWebhook } from "./webhook-settings";

/** The handoff's webhooks (issue 19), besides the once-per-conversation `conversation.escalated`. */
export type ConversationWebhookEvent = "conversation.handoff" | "message.created" | "conversation.resolved";

/**
 * Queues one signed delivery of `event` to the agent's webhook, if it has one, in the caller's
 * transaction: the change and its webhook commit together. The payload is frozen here, so every retry
 * (deliver-webhook.ts, with backoff) sends the same body. Returns the delivery id, or null.
 */
export async function enqueueConversationWebhook(
  tx: Db | Tx,
  input: { workspaceId: string; conversationId: string; event: ConversationWebhookEvent; data: Record<string, unknown> },
): Promise<string | null> {
  const [row] = await tx
    .select({ conversation: conversations, agent: { id: agents.id, slug: agents.slug, name: agents.name, settings: agents.settings }, workspaceSlug: workspaces.slug })
    .from(conversations)
    .innerJoin(agents, eq(agents.id, conversations.agentId))
    .innerJoin(workspaces, eq(workspaces.id, conversations.workspaceId))
    .where(and(eq(conversations.id, input.conversationId), eq(conversations.workspaceId, input.workspaceId)))
    .limit(1);
  const hook = row && readWebhook(row.agent.settings);
  if (!row || !hook) return null;
  const c = row.conversation;
  const [delivery] = await tx
    .insert(webhookDeliveries)
    .values({ workspaceId: c.workspaceId, agentId: c.agentId, conversationId: c.id, event: input.event, url: hook.url, payload: {}, nextAttemptAt: new Date() })
    .returning({ id: webhookDeliveries.id, createdAt: webhookDeliveries.createdAt });
  const payload = {
    id: delivery!.id,
    event: input.event,
    createdAt: delivery!.createdAt.toISOString(),
    workspace: { id: c.workspaceId, slug: row.workspaceSlug },
    agent: { id: row.agent.id, slug: row.agent.slug, name: row.agent.name },
    conversation: { id: c.id, channel: c.channel, status: c.status, owner: c.owner, release: c.releaseNumber, customer: c.customer, metadata: c.metadata },
    ...input.data,
  };
  await tx.update(webhookDeliveries).set({ payload }).where(eq(webhookDeliveries.id, delivery!.id));
  await sendJob(tx, DELIVER_WEBHOOK_QUEUE, { workspaceId: c.workspaceId, deliveryId: delivery!.id });
  return delivery!.id;
}
