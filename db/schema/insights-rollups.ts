import { bigint, boolean, doublePrecision, foreignKey, index, integer, jsonb, pgTable, real, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { agents } from "./agents";
import { conversations } from "./conversations";

// Insights rollups (issue 18 item 7; server/services/insights/README.md). Dashboards read these instead of
// scanning messages or trace events: one facts row per conversation, recomputed whenever the conversation
// or one of its turn traces changes (triggers queue it in `insights_pending`, the `insights.rollup` job
// folds the queue in), and hourly / daily rows per (agent, bucket, channel, release, journey) with
// additive counters, summed from the facts (plus the erased conversations' aggregates) by re-rolling the
// whole bucket, so rolling one twice gives the same rows.

/** Counters keyed by a JSON array as text: policy steps `["policy name", "rule id" | null, "decision"]`, escalation reasons `["reason" | null]`. */
export type KeyedCounts = Record<string, number>;

export const conversationFacts = pgTable(
  "conversation_facts",
  {
    conversationId: uuid().primaryKey(),
    workspaceId: uuid().notNull(),
    agentId: uuid().notNull(),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    endedAt: timestamp({ withTimezone: true }),
    channel: text().notNull(),
    status: text().notNull(), // open | resolved | escalated | abandoned
    releaseId: uuid(),
    releaseNumber: integer(), // null: the draft
    journeyId: uuid(),
    handedOff: boolean().notNull(),
    /** The escalation's trigger (conversations.handoff.reason). */
    handoffReason: text(),
    csat: integer(),
    turns: integer().notNull(),
    /** Trace steps: tools that ran and failed, guardrail blocks and injection flags, knowledge searches and "don't know"s. */
    toolCalls: integer().notNull(),
    toolErrors: integer().notNull(),
    guardrailBlocks: integer().notNull(),
    injectionFlags: integer().notNull(),
    knowledgeSearches: integer().notNull(),
    knowledgeNotGrounded: integer().notNull(),
    /** Policy gate decisions per rule. */
    policy: jsonb().$type<KeyedCounts>().notNull(),
    /**
     * Every answered turn's latency (ms) and every streamed turn's first text, as the runtime recorded them:
     * the values themselves, so p50 / p95 over any set of conversations are exact (percentile_cont).
     */
    turnLatencies: real().array().notNull(),
    firstReplyMs: real(),
    firstTextMs: real().array().notNull(),
    /** Turns with a trace, and what they cost. */
    tracedTurns: integer().notNull(),
    inputTokens: bigint({ mode: "number" }).notNull(),
    outputTokens: bigint({ mode: "number" }).notNull(),
    costUsd: doublePrecision().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.conversationId, t.workspaceId], foreignColumns: [conversations.id, conversations.workspaceId] }).onDelete("cascade"),
    foreignKey({ columns: [t.agentId, t.workspaceId], foreignColumns: [agents.id, agents.workspaceId] }).onDelete("cascade"),
    index().on(t.workspaceId, t.agentId, t.startedAt),
  ],
);

/** Conversations whose facts are out of date (written by triggers on conversations and turn_traces). */
export const insightsPending = pgTable("insights_pending", {
  conversationId: uuid().primaryKey(),
  workspaceId: uuid().notNull(),
  /** Null when a trace queued it: the job reads them from the conversation. */
  agentId: uuid(),
  startedAt: timestamp({ withTimezone: true }),
  queuedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const insightsRollups = pgTable(
  "insights_rollups",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull(),
    agentId: uuid().notNull(),
    grain: text().notNull(), // hour | day (UTC)
    bucketStart: timestamp({ withTimezone: true }).notNull(),
    channel: text().notNull(),
    releaseNumber: integer(),
    journeyId: uuid(),
    conversations: integer().notNull(),
    resolved: integer().notNull(),
    contained: integer().notNull(),
    escalated: integer().notNull(),
    abandoned: integer().notNull(),
    open: integer().notNull(),
    handedOff: integer().notNull(),
    csatCount: integer().notNull(),
    csatSum: bigint({ mode: "number" }).notNull(),
    /** Each conversation's turns, for the exact median. */
    turns: integer().array().notNull(),
    toolCalls: integer().notNull(),
    toolErrors: integer().notNull(),
    guardrailBlocks: integer().notNull(),
    injectionFlags: integer().notNull(),
    knowledgeSearches: integer().notNull(),
    knowledgeNotGrounded: integer().notNull(),
    policy: jsonb().$type<KeyedCounts>().notNull(),
    escalationReasons: jsonb().$type<KeyedCounts>().notNull(),
    /** The bucket's latencies (merged by concatenation: exact percentiles, see the README). */
    turnLatencies: real().array().notNull(),
    firstReplyMs: real().array().notNull(),
    firstTextMs: real().array().notNull(),
    tracedTurns: integer().notNull(),
    inputTokens: bigint({ mode: "number" }).notNull(),
    outputTokens: bigint({ mode: "number" }).notNull(),
    costUsd: doublePrecision().notNull(),
  },
  (t) => [
    foreignKey({ columns: [t.agentId, t.workspaceId], foreignColumns: [agents.id, agents.workspaceId] }).onDelete("cascade"),
    unique("insights_rollups_bucket_unique").on(t.workspaceId, t.agentId, t.grain, t.bucketStart, t.channel, t.releaseNumber, t.journeyId).nullsNotDistinct(),
    index().on(t.workspaceId, t.agentId, t.grain, t.bucketStart),
  ],
);
