import "server-only";
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { agents, conversationTags, conversations, customerMemories, customers, tags } from "@/db/schema";
import { humanOwns } from "@/lib/schemas/inbox";
import { notFound } from "@/server/errors";
import type { WorkspaceCtx } from "@/server/services/context";

const MAX_CONVERSATIONS = 200;

/**
 * One customer's profile: identity and attributes, every conversation across channels (newest first) with
 * its tags, the ones waiting for or owned by a person, and every memory (expired ones marked). Another
 * workspace's customer is not found.
 */
export async function getCustomer(ctx: WorkspaceCtx, input: { customerId: string }) {
  const [customer] = await ctx.db
    .select()
    .from(customers)
    .where(and(eq(customers.id, input.customerId), eq(customers.workspaceId, ctx.workspace.id)))
    .limit(1);
  if (!customer) throw notFound("Customer");
  const scope = and(eq(conversations.customerRef, customer.id), eq(conversations.workspaceId, ctx.workspace.id));
  const [rows, memories] = await Promise.all([
    ctx.db
      .select({
        id: conversations.id,
        channel: conversations.channel,
        status: conversations.status,
        owner: conversations.owner,
        turns: conversations.turns,
        createdAt: conversations.createdAt,
        lastMessageAt: conversations.lastMessageAt,
        agent: { id: agents.id, slug: agents.slug, name: agents.name },
      })
      .from(conversations)
      .innerJoin(agents, and(eq(agents.id, conversations.agentId), eq(agents.workspaceId, conversations.workspaceId)))
      .where(scope)
      .orderBy(desc(conversations.createdAt))
      .limit(MAX_CONVERSATIONS),
    ctx.db
      .select()
      .from(customerMemories)
      .where(and(eq(customerMemories.customerId, customer.id), eq(customerMemories.workspaceId, ctx.workspace.id)))
      .orderBy(asc(customerMemories.kind), desc(customerMemories.learnedAt)),
  ]);
  const tagRows = rows.length
    ? await ctx.db
        .selectDistinct({ conversationId: conversationTags.conversationId, id: tags.id, name: tags.name, colour: tags.colour })
        .from(conversationTags)
        .innerJoin(tags, and(eq(tags.id, conversationTags.tagId), eq(tags.workspaceId, conversationTags.workspaceId)))
        .where(and(eq(conversationTags.workspaceId, ctx.workspace.id), inArray(conversationTags.conversationId, rows.map((r) => r.id))))
    : [];
  const now = Date.now();
  const list = rows.map((r) => ({ ...r, tags: tagRows.filter((t) => t.conversationId === r.id).map(({ id, name, colour }) => ({ id, name, colour })) }));
  return {
    customer,
    conversations: list,
    openHandoffs: list.filter((c) => humanOwns(c.owner)),
    memories: memories.map((m) => ({ ...m, expired: !!m.expiresAt && m.expiresAt.getTime() <= now })),
  };
}
