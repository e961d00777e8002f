import "server-only";
import { and, asc, desc, eq, exists, gte, inArray, isNotNull, isNull, lt, ne, or, type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { conversationAnnotations, conversationNotes, conversations, conversationScores, conversationTags, memberships, messages, reviewQueueItems, scoreCriteria, tags } from "@/db/schema";
import { type channels, listConversationsInput, type outcomes } from "@/lib/schemas/conversation";
import { FAILING_POINTS } from "@/lib/scorecards/scale";
import { invalid, notFound } from "@/server/errors";
import { getAgent } from "@/server/services/agents/agents";
import type { WorkspaceCtx } from "@/server/services/context";
import { conversationTopics, topics } from "@/db/schema";

/**
 * Newest first, keyset-paginated on (created_at, id) so page 1,000 costs what page 1 does. Text search
 * uses the messages' generated tsvector (GIN), never a scan.
 */
export async function listConversations(ctx: WorkspaceCtx, input: z.input<typeof listConversationsInput>) {
  const q = listConversationsInput.parse(input);
  await getAgent(ctx, q.agentId); // another workspace's agent is NOT_FOUND, not an empty list
  const filters: (SQL | undefined)[] = [
    ...(await conversationFilters(ctx.db, ctx.workspace.id, q)),
    eq(conversations.agentId, q.agentId),
    q.release === undefined ? undefined : q.release === "draft" ? isNull(conversations.releaseNumber) : eq(conversations.releaseNumber, q.release),
    q.from ? gte(conversations.createdAt, q.from) : undefined,
    q.to ? lt(conversations.createdAt, q.to) : undefined,
  ];
  if (q.reviewStatus) filters.push(reviewStatusFilter(q.reviewStatus));
  // Latency and tokens as the runtime recorded them on each turn (turn_traces, by its conversation index):
  // the insights dashboard's latency, tokens and cost cards open these.
  if (q.slowTurnMs !== undefined) filters.push(sql`exists (select 1 from turn_traces t where t.conversation_id = conversations.id and t.latency_ms >= ${q.slowTurnMs})`);
  if (q.slowFirstReplyMs !== undefined) {
    filters.push(sql`exists (select 1 from turn_traces t where t.conversation_id = conversations.id and t.turn = 1 and t.latency_ms >= ${q.slowFirstReplyMs})`);
  }
  if (q.minTokens !== undefined) {
    filters.push(sql`(select coalesce(sum(t.input_tokens + t.output_tokens), 0) from turn_traces t where t.conversation_id = conversations.id) >= ${q.minTokens}`);
  }
  // The AI judge's annotation: one row per conversation, found by its unique conversation id.
  if (q.sentiment || q.aiOutcome) {
    filters.push(
      exists(
        ctx.db
          .select({ one: sql`1` })
          .from(conversationAnnotations)
          .where(
            and(
              eq(conversationAnnotations.conversationId, conversations.id),
              q.sentiment ? eq(conversationAnnotations.sentimentLabel, q.sentiment) : undefined,
              q.aiOutcome ? eq(conversationAnnotations.outcome, q.aiOutcome) : undefined,
            ),
          ),
      ),
    );
  }
  if (q.reviewerId) {
    const [member] = await ctx.db
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.workspaceId, ctx.workspace.id), eq(memberships.userId, q.reviewerId)));
    if (!member) throw notFound("Reviewer (a member of this workspace)");
    // Completed one of its queue items, or scored it by hand.
    filters.push(
      or(
        exists(
          ctx.db
            .select({ one: sql`1` })
            .from(reviewQueueItems)
            .where(and(eq(reviewQueueItems.conversationId, conversations.id), eq(reviewQueueItems.status, "done"), eq(reviewQueueItems.completedBy, member.userId))),
        ),
        exists(
          ctx.db
            .select({ one: sql`1` })
            .from(conversationScores)
            .where(and(eq(conversationScores.conversationId, conversations.id), eq(conversationScores.kind, "human"), eq(conversationScores.authorId, member.userId))),
        ),
      ),
    );
  }
  if (q.topicId) {
    // Another workspace's or agent's topic (or one replaced by a recompute) is NOT_FOUND, not an empty list.
    const [topic] = await ctx.db
      .select({ id: topics.id })
      .from(topics)
      .where(and(eq(topics.id, q.topicId), eq(topics.workspaceId, ctx.workspace.id), eq(topics.agentId, q.agentId)));
    if (!topic) throw notFound("Topic");
    filters.push(exists(ctx.db.select({ one: sql`1` }).from(conversationTopics).where(and(eq(conversationTopics.topicId, topic.id), eq(conversationTopics.conversationId, conversations.id)))));
  }
  if (q.cursor) {
    const { createdAt, id } = decodeCursor(q.cursor);
    filters.push(
      or(lt(conversations.createdAt, createdAt), and(eq(conversations.createdAt, createdAt), lt(conversations.id, id))),
    );
  }
  const rows = await ctx.db
    .select({
      id: conversations.id,
      channel: conversations.channel,
      status: conversations.status,
      customer: conversations.customer,
      journeyId: conversations.journeyId,
      turns: conversations.turns,
      createdAt: conversations.createdAt,
      lastMessageAt: conversations.lastMessageAt,
      // Qualified by hand: drizzle renders columns unqualified inside a raw correlated subquery.
      preview: sql<string | null>`(select m.text from messages m where m.conversation_id = conversations.id and m.role = 'customer' order by m.created_at limit 1)`,
    })
    .from(conversations)
    .where(and(...filters))
    .orderBy(desc(conversations.createdAt), desc(conversations.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const [tagsOf, scoresOf] = await Promise.all([pageTags(ctx, page.map((c) => c.id)), pageScores(ctx, page.map((c) => c.id))]);
  const items = page.map((c) => ({ ...c, tags: tagsOf.get(c.id) ?? [], scores: scoresOf.get(c.id) ?? noScores }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > q.limit && last ? encodeCursor(last.createdAt, last.id) : null };
}

/** The list's filters that describe a kind of conversation, shared with review queues' saved filters. */
export interface ConversationFilter {
  channel?: (typeof channels)[number];
  status?: (typeof outcomes)[number];
  journeyId?: string;
  handedOff?: boolean;
  search?: string;
  tagId?: string;
  noteSearch?: string;
  scoreBelow?: number;
  failedCriterionId?: string;
  scoredBy?: "human" | "ai";
}

/**
 * The conditions of a filter on `conversations` in one workspace (eval conversations only when the channel
 * asks for them). Another workspace's tag or criterion is NOT_FOUND, not an empty list.
 */
export async function conversationFilters(db: Db | Tx, workspaceId: string, q: ConversationFilter): Promise<(SQL | undefined)[]> {
  const scoredBy = q.scoredBy ?? "human";
  const filters: (SQL | undefined)[] = [
    eq(conversations.workspaceId, workspaceId),
    // Eval cases' conversations are listed only when asked for (channel eval): they are tests, not customers.
    q.channel ? eq(conversations.channel, q.channel) : ne(conversations.channel, "eval"),
    q.status ? eq(conversations.status, q.status) : undefined,
    q.journeyId ? eq(conversations.journeyId, q.journeyId) : undefined,
    q.handedOff === undefined ? undefined : q.handedOff ? isNotNull(conversations.handedOffAt) : isNull(conversations.handedOffAt),
  ];
  if (q.search) {
    filters.push(
      exists(
        db
          .select({ one: sql`1` })
          .from(messages)
          .where(
            and(
              eq(messages.conversationId, conversations.id),
              sql`${messages.search} @@ plainto_tsquery('simple', ${q.search})`,
            ),
          ),
      ),
    );
  }
  if (q.tagId) {
    const [tag] = await db.select({ id: tags.id }).from(tags).where(and(eq(tags.id, q.tagId), eq(tags.workspaceId, workspaceId)));
    if (!tag) throw notFound("Tag"); // another workspace's tag is NOT_FOUND, not an empty list
    // (tag_id, conversation_id, …) is the applications' unique key: one index probe per conversation.
    filters.push(
      exists(
        db
          .select({ one: sql`1` })
          .from(conversationTags)
          .where(and(eq(conversationTags.tagId, tag.id), eq(conversationTags.conversationId, conversations.id))),
      ),
    );
  }
  if (q.noteSearch) {
    filters.push(
      exists(
        db
          .select({ one: sql`1` })
          .from(conversationNotes)
          .where(
            and(
              eq(conversationNotes.conversationId, conversations.id),
              sql`${conversationNotes.search} @@ plainto_tsquery('simple', ${q.noteSearch})`,
            ),
          ),
      ),
    );
  }
  if (q.scoreBelow !== undefined) {
    // Hand-qualified like `preview`: the mean of the conversation's points of that kind (n.a. and choices have none).
    // A mean below the bar needs one score below it: that `exists` (implied, so the result is the same) lets
    // the planner start from the few low scores ((kind, points) index) instead of averaging every
    // conversation's scores newest first (1M conversations: seconds when few match; bench/README.md, scale).
    filters.push(
      sql`exists (select 1 from conversation_scores s where s.conversation_id = conversations.id and s.kind = ${scoredBy} and s.points < ${q.scoreBelow / 100})`,
      sql`(select avg(s.points) from conversation_scores s where s.conversation_id = conversations.id and s.kind = ${scoredBy}) < ${q.scoreBelow / 100}`,
    );
  }
  if (q.failedCriterionId) {
    const [criterion] = await db
      .select({ id: scoreCriteria.id })
      .from(scoreCriteria)
      .where(and(eq(scoreCriteria.id, q.failedCriterionId), eq(scoreCriteria.workspaceId, workspaceId)));
    if (!criterion) throw notFound("Criterion"); // another workspace's is NOT_FOUND
    filters.push(
      exists(
        db
          .select({ one: sql`1` })
          .from(conversationScores)
          .where(
            and(
              eq(conversationScores.conversationId, conversations.id),
              eq(conversationScores.criterionId, criterion.id),
              eq(conversationScores.kind, scoredBy),
              lt(conversationScores.points, FAILING_POINTS),
            ),
          ),
      ),
    );
  }
  return filters;
}

/**
 * Reviewed: a person scored it or completed one of its queue items. In a queue: a to-do item and not
 * reviewed. Unreviewed: neither. The three are exclusive.
 */
function reviewStatusFilter(status: "unreviewed" | "in_queue" | "reviewed"): SQL {
  const humanScored = sql`exists (select 1 from conversation_scores s where s.conversation_id = conversations.id and s.kind = 'human')`;
  const doneItem = sql`exists (select 1 from review_queue_items i where i.conversation_id = conversations.id and i.status = 'done')`;
  const inQueue = sql`exists (select 1 from review_queue_items i where i.conversation_id = conversations.id and i.status = 'todo')`;
  if (status === "reviewed") return sql`(${humanScored} or ${doneItem})`;
  // "Not reviewed" as two NOT EXISTS (De Morgan), not NOT (… OR …): Postgres turns each into an anti-join
  // probed per conversation, newest first, instead of hashing every human score and done item first
  // (1M conversations: 165 → 13 ms for in_queue; bench/README.md, scale).
  if (status === "in_queue") return sql`(${inQueue} and not ${humanScored} and not ${doneItem})`;
  return sql`(not ${inQueue} and not ${humanScored} and not ${doneItem})`;
}

/** Each conversation's tags, on it or on any of its messages, once each, by name. */
async function pageTags(ctx: WorkspaceCtx, conversationIds: string[]) {
  const byConversation = new Map<string, { id: string; name: string; colour: string }[]>();
  if (conversationIds.length === 0) return byConversation;
  const rows = await ctx.db
    .selectDistinct({ conversationId: conversationTags.conversationId, id: tags.id, name: tags.name, colour: tags.colour })
    .from(conversationTags)
    .innerJoin(tags, and(eq(tags.id, conversationTags.tagId), eq(tags.workspaceId, conversationTags.workspaceId)))
    .where(and(eq(conversationTags.workspaceId, ctx.workspace.id), inArray(conversationTags.conversationId, conversationIds)))
    .orderBy(asc(conversationTags.conversationId), asc(tags.name), asc(tags.id));
  for (const { conversationId, ...tag } of rows) byConversation.set(conversationId, [...(byConversation.get(conversationId) ?? []), tag]);
  return byConversation;
}

export interface ScoreSummary {
  /** Mean points (0..1) of the scores with points, null when there are none; `count` counts every score. */
  human: { points: number | null; count: number };
  ai: { points: number | null; count: number };
}
const noScores: ScoreSummary = { human: { points: null, count: 0 }, ai: { points: null, count: 0 } };

/** Each conversation's scorecard in two numbers: the people's and the AI's, never mixed. */
async function pageScores(ctx: WorkspaceCtx, conversationIds: string[]) {
  const byConversation = new Map<string, ScoreSummary>();
  if (conversationIds.length === 0) return byConversation;
  const rows = await ctx.db
    .select({
      conversationId: conversationScores.conversationId,
      kind: conversationScores.kind,
      points: sql<number | null>`avg(${conversationScores.points})::float8`,
      count: sql<number>`count(*)::int`,
    })
    .from(conversationScores)
    .where(and(eq(conversationScores.workspaceId, ctx.workspace.id), inArray(conversationScores.conversationId, conversationIds)))
    .groupBy(conversationScores.conversationId, conversationScores.kind);
  for (const { conversationId, kind, points, count } of rows) {
    const summary = byConversation.get(conversationId) ?? structuredClone(noScores);
    summary[kind === "ai" ? "ai" : "human"] = { points: points === null ? null : Number(points), count };
    byConversation.set(conversationId, summary);
  }
  return byConversation;
}

function encodeCursor(createdAt: Date, id: string) {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString("base64url");
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const createdAt = new Date(iso ?? "");
  if (!id || Number.isNaN(createdAt.getTime())) throw invalid("This page link is no longer valid: start from the first page");
  return { createdAt, id };
}
