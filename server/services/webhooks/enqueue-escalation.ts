import "server-only";
import { and, asc, desc, eq, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agents, conversations, messages, webhookDeliveries, workspaces } from "@/db/schema";
import { DELIVER_WEBHOOK_QUEUE } from "@/server/jobs/queues";
import { sendJob } from "@/server/jobs/send-job";
import { readWebhook } from "./webhook-settings";

export const ESCALATION_EVENT = "conversation.escalated";
const TRANSCRIPT = 20;

/**
 * Queues the escalation webhook for a conversation that is now escalated, once per conversation, when
 * its agent has a webhook. The payload (structured summary + recent transcript) is frozen here, so every
 * retry sends the same body. Returns the delivery id, or null when there is nothing to send.
 */
export async function enqueueEscalationWebhook(db: Db, input: { workspaceId: string; conversationId: string }): Promise<string | null> {
  return db.transaction(async (tx) => {
    // Serialises the API path and the job runner's scan for one conversation (works on both databases).
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`webhook:${input.conversationId}`}))`);
    const [row] = await tx
      .select({ conversation: conversations, agent: { id: agents.id, slug: agents.slug, name: agents.name, settings: agents.settings }, workspaceSlug: workspaces.slug })
      .from(conversations)
      .innerJoin(agents, eq(agents.id, conversations.agentId))
      .innerJoin(workspaces, eq(workspaces.id, conversations.workspaceId))
      .where(and(eq(conversations.id, input.conversationId), eq(conversations.workspaceId, input.workspaceId)))
      .limit(1);
    if (!row || row.conversation.status !== "escalated") return null;
    const hook = readWebhook(row.agent.settings);
    if (!hook) return null;
    const [existing] = await tx
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.conversationId, input.conversationId), eq(webhookDeliveries.event, ESCALATION_EVENT)))
      .limit(1);
    if (existing) return null;

    const c = row.conversation;
    const recent = await tx
      .select({ role: messages.role, text: messages.text, at: messages.createdAt })
      .from(messages)
      .where(eq(messages.conversationId, c.id))
      .orderBy(desc(messages.turn), desc(messages.createdAt))
      .limit(TRANSCRIPT);
    const [delivery] = await tx
      .insert(webhookDeliveries)
      .values({ workspaceId: c.workspaceId, agentId: c.agentId, conversationId: c.id, event: ESCALATION_EVENT, url: hook.url, payload: {}, nextAttemptAt: new Date() })
      .returning({ id: webhookDeliveries.id, createdAt: webhookDeliveries.createdAt });
    const payload = {
      id: delivery!.id,
      event: ESCALATION_EVENT,
      createdAt: delivery!.createdAt.toISOString(),
      workspace: { id: c.workspaceId, slug: row.workspaceSlug },
      agent: { id: row.agent.id, slug: row.agent.slug, name: row.agent.name },
      conversation: {
        id: c.id,
        channel: c.channel,
        status: c.status,
        release: c.releaseNumber,
        customer: c.customer,
        metadata: c.metadata,
        turns: c.turns,
        startedAt: c.createdAt.toISOString(),
      },
      // The runtime's structured handoff summary: who, what they want, what was tried, why it escalated.
      summary: c.handoff,
      transcript: recent.reverse().map((m) => ({ role: m.role, text: m.text, at: m.at.toISOString() })),
    };
    await tx.update(webhookDeliveries).set({ payload }).where(eq(webhookDeliveries.id, delivery!.id));
    await sendJob(tx, DELIVER_WEBHOOK_QUEUE, { workspaceId: c.workspaceId, deliveryId: delivery!.id });
    return delivery!.id;
  });
}

/**
 * Escalations from any channel (playground, inbox, CLI) whose webhook has not been queued: the job
 * scheduled scan job calls this every minute. Only conversations escalated after the webhook was configured count.
 */
export async function scanEscalations(db: Db, opts: { limit?: number } = {}): Promise<number> {
  const due = await db
    .select({ id: conversations.id, workspaceId: conversations.workspaceId })
    .from(conversations)
    .innerJoin(agents, eq(agents.id, conversations.agentId))
    .where(
      and(
        eq(conversations.status, "escalated"),
        ne(conversations.channel, "eval"), // an eval case's hand-over is a test: the brand's webhook is not told
        sql`${agents.settings} ? 'webhook'`,
        sql`${conversations.updatedAt} >= (${agents.settings} -> 'webhook' ->> 'configuredAt')::timestamptz`,
        sql`not exists (select 1 from webhook_deliveries d where d.conversation_id = ${conversations.id} and d.event = ${ESCALATION_EVENT})`,
      ),
    )
    .orderBy(asc(conversations.updatedAt))
    .limit(opts.limit ?? 50);
  let queued = 0;
  for (const c of due) if (await enqueueEscalationWebhook(db, { workspaceId: c.workspaceId, conversationId: c.id })) queued++;
  return queued;
}
