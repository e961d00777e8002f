import { sql } from "drizzle-orm";
import { customType, doublePrecision, foreignKey, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { agents } from "./agents";
import { users } from "./auth";
import { workspaces } from "./workspaces";

export const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

export const conversations = pgTable(
  "conversations",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    agentId: uuid().notNull(),
    channel: text().notNull(), // playground | api | widget | eval | cli
    status: text().notNull().default("open"), // open | resolved | escalated | abandoned
    customer: jsonb().$type<Record<string, unknown>>(),
    // The brand's customer (db/schema/customers.ts) when the caller named one; the customer's profile lists these.
    customerRef: uuid(),
    metadata: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    // The runtime's session: active journey and node, slots, verified facts, counters.
    state: jsonb().$type<unknown>().notNull().default({}),
    // The handoff summary written at escalation (server/agent/pipeline/escalate.ts).
    handoff: jsonb().$type<unknown>(),
    // Who speaks for the business: ai | waiting_for_human | human | resolved | closed. `status` stays the
    // outcome readers filter on (open | resolved | escalated | abandoned); server/services/handoff/owner.ts maps them.
    owner: text().notNull().default("ai"),
    assigneeId: uuid().references(() => users.id, { onDelete: "set null" }),
    priority: text().notNull().default("normal"), // low | normal | high | urgent
    waitingSince: timestamp({ withTimezone: true }),
    // Numbers for insights: when it was handed off, first answered and claimed by a person, how long
    // people owned it (ms, summed over claims), and how it ended after the handoff.
    handedOffAt: timestamp({ withTimezone: true }),
    claimedAt: timestamp({ withTimezone: true }),
    firstHumanReplyAt: timestamp({ withTimezone: true }),
    humanHandleMs: integer().notNull().default(0),
    handoffOutcome: text(), // resolved | unresolved | handed_back | closed
    // The journey the conversation was last routed to, for filtering without reading `state`.
    journeyId: uuid(),
    // The release that serves it (null: the draft, e.g. in the playground); fixed for its lifetime.
    releaseId: uuid(),
    releaseNumber: integer(),
    csat: integer(),
    endedAt: timestamp({ withTimezone: true }),
    turns: integer().notNull().default(0),
    lastMessageAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.agentId, t.workspaceId], foreignColumns: [agents.id, agents.workspaceId] }).onDelete("cascade"),
    unique().on(t.id, t.workspaceId),
    index().on(t.workspaceId, t.agentId, t.createdAt, t.id),
    index().on(t.agentId, t.status, t.createdAt),
    index().on(t.agentId, t.channel, t.createdAt),
    index().on(t.workspaceId, t.owner, t.waitingSince),
    index().on(t.customerRef, t.createdAt),
    // The list's journey filter, newest first (a rarely reached journey: no walk over the agent's conversations).
    index().on(t.agentId, t.journeyId, t.createdAt, t.id),
    // The list's "handed off" filter: few conversations are, so they get an index of their own.
    index("conversations_handed_off_index").on(t.agentId, t.createdAt, t.id).where(sql`handed_off_at is not null`),
    // The judge's pending poll (annotation/annotate-pending.ts): oldest activity first, evals left out.
    index("conversations_pending_annotation_index").on(t.lastMessageAt, t.id).where(sql`channel <> 'eval' and last_message_at is not null`),
  ],
);

/** The columns of a row written by one turn of a conversation. */
const inTurn = () => ({
  workspaceId: uuid().notNull(),
  conversationId: uuid().notNull(),
  turn: integer().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

const inConversation = () => ({
  id: uuid().primaryKey().defaultRandom(),
  ...inTurn(),
});

export const messages = pgTable(
  "messages",
  {
    ...inConversation(),
    role: text().notNull(), // customer | agent | human | system
    text: text().notNull(),
    // A human agent's reply: who wrote it (the name is kept as shown to the customer).
    authorId: uuid().references(() => users.id, { onDelete: "set null" }),
    authorName: text(),
    citations: jsonb().$type<unknown[]>().notNull().default([]),
    search: tsvector().generatedAlwaysAs(sql`to_tsvector('simple', text)`),
  },
  (t) => [
    index().using("gin", t.search),
    foreignKey({ columns: [t.conversationId, t.workspaceId], foreignColumns: [conversations.id, conversations.workspaceId] }).onDelete("cascade"),
    index().on(t.conversationId, t.createdAt),
    // The target of annotations on one message (db/schema/review.ts): a tag, note or correction names
    // its message with its conversation and workspace, so it cannot point at another conversation's.
    unique().on(t.id, t.conversationId, t.workspaceId),
  ],
);

/** One step of a turn's trace as stored; its position in the turn's `events` is its seq. Absent input, output and decision are left out. */
export interface StoredTraceStep {
  type: string;
  name: string;
  input?: unknown;
  output?: unknown;
  decision?: string | null;
  durationMs: number;
}

/**
 * A turn's trace: one row per turn, written with the turn's messages. One row instead of one per step
 * keeps the turn's write to a single foreign-key check and primary-key insert.
 */
export const turnTraces = pgTable(
  "turn_traces",
  {
    ...inTurn(),
    events: jsonb().$type<StoredTraceStep[]>().notNull(),
    // What the turn cost the customer and the brand (server/agent/pipeline/persist.ts), for insights:
    // ms from receiving the message to the reply being complete, and to its first text when streamed
    // (null: not streamed, or no reply); the model's tokens (0 on local models) and their price then.
    latencyMs: real(),
    firstTextMs: real(),
    inputTokens: integer().notNull().default(0),
    outputTokens: integer().notNull().default(0),
    costUsd: doublePrecision().notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.conversationId, t.turn] }),
    foreignKey({ columns: [t.conversationId, t.workspaceId], foreignColumns: [conversations.id, conversations.workspaceId] }).onDelete("cascade"),
  ],
);

/** The ledger every tool execution goes through; the idempotency key makes a retried write a no-op. */
export const toolExecutions = pgTable(
  "tool_executions",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    conversationId: uuid(),
    tool: text().notNull(),
    idempotencyKey: text().notNull(),
    args: jsonb().$type<unknown>().notNull(),
    status: text().notNull(), // running | succeeded | failed | blocked
    decision: jsonb().$type<unknown>(),
    result: jsonb().$type<unknown>(),
    error: text(),
    durationMs: real(),
    // A running execution's claim: past it, the caller that ran it is presumed gone (a crash, a kill) and
    // the next caller with the key takes the execution over (server/agent/tools/ledger.ts).
    leaseExpiresAt: timestamp({ withTimezone: true }),
    // Times the call was started: the first run plus takeovers after a lease ran out.
    attempts: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp({ withTimezone: true }),
  },
  (t) => [unique().on(t.workspaceId, t.idempotencyKey), index().on(t.conversationId)],
);
