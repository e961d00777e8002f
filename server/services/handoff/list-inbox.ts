import "server-only";
import { and, asc, desc, eq, exists, inArray, isNull, ne, type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import { agents, conversations, messages, users } from "@/db/schema";
import { listInboxInput } from "@/lib/schemas/inbox";
import type { WorkspaceCtx } from "@/server/services/context";

/**
 * The inbox's queues: `unassigned` (waiting for a person), `mine` (held by the caller), `open` (waiting or
 * held by anyone). Most urgent first, then longest waiting; each item says how long it has waited.
 */
export async function listInbox(ctx: WorkspaceCtx, input: z.input<typeof listInboxInput>) {
  const q = listInboxInput.parse(input);
  const filters: (SQL | undefined)[] = [
    eq(conversations.workspaceId, ctx.workspace.id),
    // An eval case that escalates tests the hand-over; no person is waiting for an answer.
    ne(conversations.channel, "eval"),
    q.queue === "unassigned" ? and(eq(conversations.owner, "waiting_for_human"), isNull(conversations.assigneeId)) : undefined,
    q.queue === "mine" ? and(eq(conversations.owner, "human"), eq(conversations.assigneeId, ctx.userId)) : undefined,
    q.queue === "open" ? inArray(conversations.owner, ["waiting_for_human", "human"]) : undefined,
    q.agentId ? eq(conversations.agentId, q.agentId) : undefined,
    q.channel ? eq(conversations.channel, q.channel) : undefined,
    q.priority ? eq(conversations.priority, q.priority) : undefined,
    q.search
      ? exists(
          ctx.db
            .select({ one: sql`1` })
            .from(messages)
            .where(and(eq(messages.conversationId, conversations.id), sql`${messages.search} @@ plainto_tsquery('simple', ${q.search})`)),
        )
      : undefined,
  ];
  const now = new Date();
  const rows = await ctx.db
    .select({
      id: conversations.id,
      agent: { id: agents.id, name: agents.name },
      channel: conversations.channel,
      owner: conversations.owner,
      priority: conversations.priority,
      customer: conversations.customer,
      assignee: { id: users.id, name: users.name },
      waitingSince: conversations.waitingSince,
      handedOffAt: conversations.handedOffAt,
      lastMessageAt: conversations.lastMessageAt,
      handoff: conversations.handoff,
      // Qualified by hand: drizzle renders columns unqualified inside a raw correlated subquery.
      lastMessage: sql<string | null>`(select m.text from messages m where m.conversation_id = conversations.id and m.role in ('customer', 'agent', 'human') order by m.turn desc, m.created_at desc limit 1)`,
    })
    .from(conversations)
    .innerJoin(agents, eq(agents.id, conversations.agentId))
    .leftJoin(users, eq(users.id, conversations.assigneeId))
    .where(and(...filters))
    .orderBy(
      desc(sql`array_position(array['low', 'normal', 'high', 'urgent'], ${conversations.priority})`),
      asc(sql`coalesce(${conversations.waitingSince}, ${conversations.handedOffAt}, ${conversations.createdAt})`),
      asc(conversations.id),
    )
    .limit(q.limit);
  return rows.map(({ assignee, ...r }) => ({
    ...r,
    assignee: assignee?.id ? assignee : null,
    waitingMs: r.waitingSince ? Math.max(0, now.getTime() - r.waitingSince.getTime()) : null,
  }));
}
