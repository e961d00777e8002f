import "server-only";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { agents, conversations, messages } from "@/db/schema";
import { renderGreeting } from "@/server/agent/greeting";
import { notFound } from "@/server/errors";
import { attachConversationCustomer, prepareConversationCustomer, recordRecall } from "@/server/services/customers/conversation-customer";
import { loadRelease } from "@/server/services/releases/load-release";
import { pickRelease } from "@/server/services/releases/pick-release";
import type { ApiCtx } from "./context";
import { type ApiMessage, toApiMessage } from "./messages";
import type { createConversationBody } from "./schemas";

export async function resolveApiAgent(ctx: ApiCtx, idOrSlug: string) {
  const byId = /^[0-9a-f-]{36}$/i.test(idOrSlug);
  const [agent] = await ctx.db
    .select({ id: agents.id, slug: agents.slug, name: agents.name })
    .from(agents)
    .where(and(eq(agents.workspaceId, ctx.workspaceId), byId ? eq(agents.id, idOrSlug) : eq(agents.slug, idOrSlug)))
    .limit(1);
  if (!agent || (ctx.agentId && agent.id !== ctx.agentId)) throw notFound("Agent");
  return agent;
}

/**
 * Opens a conversation on a published release: the pinned one, else the canary (sticky per customer id)
 * or the live one. The release is fixed for the conversation's lifetime; its persona greets.
 */
export async function createApiConversation(ctx: ApiCtx, input: z.infer<typeof createConversationBody> & { identityToken?: string }) {
  const agent = await resolveApiAgent(ctx, input.agent);
  const now = new Date();
  // Checked before anything is written: a refused token is a 401 and opens nothing.
  const who = await prepareConversationCustomer(ctx.db, { workspaceId: ctx.workspaceId, channel: ctx.channel, customer: input.customer, identityToken: input.identityToken, now });
  const customerId = who?.externalId ?? (typeof input.customer?.id === "string" ? input.customer.id : undefined);
  const releaseId = await pickRelease(ctx.db, { workspaceId: ctx.workspaceId, agentId: agent.id, pinned: input.release, customerId });
  const release = await loadRelease(ctx.db, { workspaceId: ctx.workspaceId, releaseId });
  const { conversation, message } = await ctx.db.transaction(async (tx) => {
    const { customerRef, session, recalled, scope } = await attachConversationCustomer(tx, who, { workspaceId: ctx.workspaceId, now });
    const greeting = renderGreeting(release.snapshot.agent.persona.greeting, scope);
    const [conversation] = await tx
      .insert(conversations)
      .values({
        workspaceId: ctx.workspaceId,
        agentId: agent.id,
        channel: ctx.channel,
        customer: who?.claims ? { id: who.externalId, attributes: who.attributes, verified: true } : (input.customer ?? null),
        customerRef,
        metadata: input.metadata ?? {},
        state: session,
        releaseId,
        releaseNumber: release.number,
      })
      .returning({ id: conversations.id, status: conversations.status, createdAt: conversations.createdAt });
    const [message] = await tx
      .insert(messages)
      .values({ workspaceId: ctx.workspaceId, conversationId: conversation!.id, turn: 0, role: "agent", text: greeting })
      .returning();
    await recordRecall(tx, { workspaceId: ctx.workspaceId, conversationId: conversation!.id, recalled });
    return { conversation: conversation!, message: message! };
  });
  return {
    id: conversation.id,
    object: "conversation" as const,
    agent: { id: agent.id, slug: agent.slug, name: agent.name },
    release: release.number,
    status: conversation.status,
    /** Whom the conversation is with, when the caller named a customer: `verified` when the session starts verified. */
    customer: who ? { id: who.externalId, verified: who.verifiedSession } : null,
    createdAt: conversation.createdAt.toISOString(),
    messages: [toApiMessage(message)] satisfies ApiMessage[],
  };
}
