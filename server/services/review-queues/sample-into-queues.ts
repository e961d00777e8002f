import "server-only";
import { createHash } from "node:crypto";
import { and, eq, gte, inArray, isNotNull, isNull, lt, ne, or, type SQL, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { conversations, reviewQueueItems, reviewQueues } from "@/db/schema";
import { BACKFILL_DAYS, queueFilter } from "@/lib/schemas/review-queues";
import { DomainError } from "@/server/errors";
import { IDLE_AFTER_MS } from "@/server/services/annotation/annotate-pending";
import { conversationFilters } from "@/server/services/conversations/list-conversations";

type Queue = typeof reviewQueues.$inferSelect;

/**
 * Where a (queue, conversation) pair falls on [0, 100): the first 32 bits of md5(queue id ‖ conversation
 * id), modulo 10,000, over 100. A conversation enters a queue of rate r when it is below r, so membership
 * never changes on a re-run, and raising the rate only adds conversations. `samplePointSql` is the same
 * number computed by the database.
 */
export function samplePoint(queueId: string, conversationId: string): number {
  const hex = createHash("md5").update(`${queueId}${conversationId}`).digest("hex").slice(0, 8);
  return (Number.parseInt(hex, 16) % 10_000) / 100;
}

const samplePointSql = (queueId: string) =>
  sql`((('x' || substr(md5(${queueId}::text || conversations.id::text), 1, 8))::bit(32)::bigint % 10000) / 100.0)`;

/**
 * Ended (closed with a time, or an outcome other than open) or gone idle (open, its last message more
 * than IDLE_AFTER_MS before `now`: the judge's own test, annotation/annotate-pending.ts). Eval runs are
 * tests, never reviewed here.
 */
export const endedOrIdleConversation = (now: Date) =>
  and(
    or(isNotNull(conversations.endedAt), ne(conversations.status, "open"), lt(conversations.lastMessageAt, new Date(now.getTime() - IDLE_AFTER_MS))),
    ne(conversations.channel, "eval"),
  );

/** The condition of a queue's sampling rule on `conversations`. */
export function ruleCondition(rule: Pick<Queue, "ruleKind" | "ruleThreshold">): SQL | undefined {
  switch (rule.ruleKind) {
    case "all":
      return undefined;
    case "escalated":
      return eq(conversations.status, "escalated");
    case "policy_denial_or_guardrail":
      // A gate's denial or a guardrail's block in any of its turns' traces (jsonb containment per turn row).
      return sql`exists (select 1 from turn_traces t where t.conversation_id = conversations.id
        and (t.events @> '[{"type":"policy","decision":"deny"}]'::jsonb or t.events @> '[{"type":"guardrail","decision":"blocked"}]'::jsonb))`;
    case "negative_sentiment":
      return sql`exists (select 1 from conversation_annotations a where a.conversation_id = conversations.id and a.sentiment_label = 'negative')`;
    case "ai_score_below":
      return sql`(select avg(s.points) from conversation_scores s where s.conversation_id = conversations.id and s.kind = 'ai') < ${(rule.ruleThreshold ?? 0) / 100}`;
  }
}

/**
 * Every condition a conversation meets to match a queue (filter, agent, release, rule, ended or idle at
 * `now`), without the sampling. Null when the saved filter names a tag or criterion since deleted: the
 * queue matches nothing.
 */
export async function queueMatch(
  db: Db | Tx,
  queue: Pick<Queue, "workspaceId" | "agentId" | "filter" | "ruleKind" | "ruleThreshold" | "releaseNumber">,
  now = new Date(),
): Promise<SQL | null> {
  const parsed = queueFilter.safeParse(queue.filter);
  if (!parsed.success) return null;
  let filters: (SQL | undefined)[];
  try {
    filters = await conversationFilters(db, queue.workspaceId, parsed.data);
  } catch (e) {
    if (e instanceof DomainError && e.code === "not_found") return null;
    throw e;
  }
  return and(
    ...filters,
    queue.agentId ? eq(conversations.agentId, queue.agentId) : undefined,
    queue.releaseNumber === null ? undefined : eq(conversations.releaseNumber, queue.releaseNumber),
    endedOrIdleConversation(now),
    ruleCondition(queue),
  )!;
}

/** Puts the sampled conversations of `scope` that match the queue in it; those already in are left alone. */
export async function enterQueue(db: Db | Tx, queue: Queue, scope: SQL, now = new Date()): Promise<number> {
  const match = await queueMatch(db, queue, now);
  if (!match) return 0;
  const sampled = queue.rate >= 100 ? undefined : sql`${samplePointSql(queue.id)} < ${queue.rate}`;
  const entered = await db
    .insert(reviewQueueItems)
    .select(
      db
        .select({
          id: sql<string>`gen_random_uuid()`.as("id"),
          workspaceId: conversations.workspaceId,
          queueId: sql<string>`${queue.id}::uuid`.as("queue_id"),
          conversationId: conversations.id,
          status: sql<"todo">`'todo'`.as("status"),
          claimedBy: sql<null>`null::uuid`.as("claimed_by"),
          claimExpiresAt: sql<null>`null::timestamptz`.as("claim_expires_at"),
          completedBy: sql<null>`null::uuid`.as("completed_by"),
          completedAt: sql<null>`null::timestamptz`.as("completed_at"),
          createdAt: sql<Date>`now()`.as("created_at"),
        })
        .from(conversations)
        .where(and(scope, match, sampled)),
    )
    .onConflictDoNothing()
    .returning({ id: reviewQueueItems.id });
  return entered.length;
}

/**
 * Called after the judge annotates ended or idle conversations (server/services/annotation/process-ended.ts):
 * each conversation that ended or went idle by `now` (not an eval's) enters every queue of its workspace,
 * for its agent or all agents, whose filter and rule it matches and whose sample takes it. Idempotent:
 * (queue, conversation) is unique and the sample is a hash of the pair, so a re-run enters nothing new,
 * and an idle conversation that later ends stays where it entered.
 */
export async function sampleIntoQueues(db: Db, conversationIds: string[], now = new Date()): Promise<{ entered: number }> {
  const ids = [...new Set(conversationIds)];
  if (ids.length === 0) return { entered: 0 };
  const scopes = await db
    .selectDistinct({ workspaceId: conversations.workspaceId, agentId: conversations.agentId })
    .from(conversations)
    .where(and(inArray(conversations.id, ids), endedOrIdleConversation(now)));
  const workspaceIds = [...new Set(scopes.map((s) => s.workspaceId))];
  if (workspaceIds.length === 0) return { entered: 0 };
  const queues = await db
    .select()
    .from(reviewQueues)
    .where(
      and(
        inArray(reviewQueues.workspaceId, workspaceIds),
        or(isNull(reviewQueues.agentId), inArray(reviewQueues.agentId, [...new Set(scopes.map((s) => s.agentId))])),
      ),
    );
  let entered = 0;
  for (const queue of queues) entered += await enterQueue(db, queue, inArray(conversations.id, ids), now);
  return { entered };
}

/** A new or edited queue takes in the ended or idle conversations of the last 30 days at once. */
export async function backfillQueue(db: Db | Tx, queue: Queue, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - BACKFILL_DAYS * 24 * 60 * 60 * 1000);
  return enterQueue(db, queue, and(eq(conversations.workspaceId, queue.workspaceId), gte(conversations.createdAt, since))!, now);
}
