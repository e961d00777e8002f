import { sql } from "drizzle-orm";
import { foreignKey, index, integer, jsonb, pgTable, real, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { agents } from "./agents";
import { users } from "./auth";
import { conversations } from "./conversations";
import { workspaces } from "./workspaces";

// Review queues (issue 16 item 4): a saved conversation-list filter plus a sampling rule, and the
// conversations that entered it. An item is claimed under a lease (claimed_by, claim_expires_at) and
// completed by whoever finished it (completed_by): the claimer and the completer are kept apart, as in
// Langfuse's annotation queues. Every row names its workspace, so an item cannot cross a tenant.

/** How a queue samples: `all`, or one kind of conversation; `ai_score_below` reads `ruleThreshold` (0–100). */
export type QueueRuleKind = "all" | "escalated" | "policy_denial_or_guardrail" | "negative_sentiment" | "ai_score_below";
export type QueueItemStatus = "todo" | "done" | "skipped";

export const reviewQueues = pgTable(
  "review_queues",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    /** One agent's conversations, or every agent's (null). */
    agentId: uuid(),
    name: text().notNull(),
    description: text().notNull().default(""),
    /** The conversation list's filter (lib/schemas/review-queues.ts `queueFilter`). */
    filter: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    ruleKind: text().$type<QueueRuleKind>().notNull(),
    /** `ai_score_below`: the AI's mean score, as a percentage, below which a conversation is taken. */
    ruleThreshold: real(),
    /** The share of matching conversations that enter, 0–100 %: deterministic per (queue, conversation). */
    rate: real().notNull().default(100),
    /** Only conversations served by this release number of the agent. */
    releaseNumber: integer(),
    /** Who may work it (member user ids); empty: every member with review:write. */
    assigneeIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.agentId, t.workspaceId], foreignColumns: [agents.id, agents.workspaceId] }).onDelete("cascade"),
    unique().on(t.id, t.workspaceId),
    index().on(t.workspaceId, t.agentId),
  ],
);

export const reviewQueueItems = pgTable(
  "review_queue_items",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull(),
    queueId: uuid().notNull(),
    conversationId: uuid().notNull(),
    status: text().$type<QueueItemStatus>().notNull().default("todo"),
    claimedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    claimExpiresAt: timestamp({ withTimezone: true }),
    completedBy: uuid().references(() => users.id, { onDelete: "set null" }),
    completedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.queueId, t.workspaceId], foreignColumns: [reviewQueues.id, reviewQueues.workspaceId] }).onDelete("cascade"),
    foreignKey({ columns: [t.conversationId, t.workspaceId], foreignColumns: [conversations.id, conversations.workspaceId] }).onDelete("cascade"),
    // Entering is idempotent: a conversation is in a queue once.
    unique().on(t.queueId, t.conversationId),
    // "Next item": the oldest to-do item of a queue, one index range scan.
    index("review_queue_items_next_index").on(t.queueId, t.createdAt, t.id).where(sql`status = 'todo'`),
    // Counts per status, and the done / skipped lists newest first.
    index().on(t.queueId, t.status, t.completedAt),
    // The list's review-status and reviewer filters: per conversation.
    index().on(t.conversationId, t.status),
    // The list's review status filters: a conversation's done / to-do items as one index range each.
    index().on(t.status, t.conversationId),
    // The item a reviewer already holds (next-item.ts): without it, a scan of every item of the queue.
    index("review_queue_items_held_index").on(t.claimedBy, t.queueId).where(sql`status = 'todo'`),
    index().on(t.completedBy),
  ],
);
