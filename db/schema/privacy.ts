import { boolean, foreignKey, index, integer, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { agents } from "./agents";

// Privacy (issue 20; server/services/privacy/README.md): what an erasure (forget a customer, retention)
// leaves behind — aggregate counts only, so insights' totals still add up after the rows are gone. Each row
// is a group of erased conversations (or trace steps) that share every value insights filter and group by;
// `bucket_start` is their start time rounded down to 15 minutes, which keeps every time zone's day exact
// (zone offsets are multiples of 15 minutes). No column names a conversation, a message or a customer.

export const erasedConversationStats = pgTable(
  "erased_conversation_stats",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull(),
    agentId: uuid().notNull(),
    bucketStart: timestamp({ withTimezone: true }).notNull(),
    channel: text().notNull(),
    status: text().notNull(),
    releaseId: uuid(),
    releaseNumber: integer(),
    journeyId: uuid(),
    handedOff: boolean().notNull(),
    csat: integer(),
    turns: integer().notNull(),
    handoffReason: text(),
    /** How many erased conversations had exactly these values. */
    conversations: integer().notNull(),
  },
  (t) => [
    foreignKey({ columns: [t.agentId, t.workspaceId], foreignColumns: [agents.id, agents.workspaceId] }).onDelete("cascade"),
    unique("erased_conversation_stats_group_unique")
      .on(t.workspaceId, t.agentId, t.bucketStart, t.channel, t.status, t.releaseId, t.releaseNumber, t.journeyId, t.handedOff, t.csat, t.turns, t.handoffReason)
      .nullsNotDistinct(),
    index().on(t.agentId, t.bucketStart),
  ],
);

/** The trace steps insights count (tool, policy, guardrail, knowledge) of erased conversations, grouped like their conversations. */
export const erasedTraceSteps = pgTable(
  "erased_trace_steps",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull(),
    agentId: uuid().notNull(),
    bucketStart: timestamp({ withTimezone: true }).notNull(),
    channel: text().notNull(),
    releaseNumber: integer(),
    journeyId: uuid(),
    type: text().notNull(),
    name: text().notNull(),
    decision: text(),
    ruleId: text(),
    steps: integer().notNull(),
  },
  (t) => [
    foreignKey({ columns: [t.agentId, t.workspaceId], foreignColumns: [agents.id, agents.workspaceId] }).onDelete("cascade"),
    unique("erased_trace_steps_group_unique")
      .on(t.workspaceId, t.agentId, t.bucketStart, t.channel, t.releaseNumber, t.journeyId, t.type, t.name, t.decision, t.ruleId)
      .nullsNotDistinct(),
    index().on(t.agentId, t.bucketStart),
  ],
);
