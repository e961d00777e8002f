import { foreignKey, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { agents } from "./agents";
import { conversations } from "./conversations";

// Topics (issue 18 item 3): what customers came for, clustered across an agent's conversations by the
// topics job (server/services/topics). A recompute replaces the agent's topics and assignments in one
// transaction; the per-conversation judge topic (annotations.ts) is a different, per-row label.

/** One clustering of an agent's conversations: when, over how many, and how the topics were named. */
export const topicRuns = pgTable(
  "topic_runs",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull(),
    agentId: uuid().notNull(),
    /** Conversations clustered (those with a customer message in the window). */
    conversations: integer().notNull(),
    /** The window the conversations were started in. */
    windowStart: timestamp({ withTimezone: true }).notNull(),
    windowEnd: timestamp({ withTimezone: true }).notNull(),
    /** terms: c-TF-IDF labels (local models); llm: named by the workspace's model. */
    labelledBy: text().$type<"terms" | "llm">().notNull(),
    /** k-means' mean silhouette for the chosen k (−1..1): how well separated the topics are. */
    silhouette: real(),
    durationMs: integer().notNull(),
    computedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.agentId, t.workspaceId], foreignColumns: [agents.id, agents.workspaceId] }).onDelete("cascade"),
    // One run per agent: a recompute replaces it.
    unique().on(t.agentId),
    unique().on(t.id, t.workspaceId),
    index().on(t.workspaceId),
  ],
);

export const topics = pgTable(
  "topics",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull(),
    agentId: uuid().notNull(),
    runId: uuid().notNull(),
    /** Biggest first: the order the page lists them in. */
    position: integer().notNull(),
    label: text().notNull(),
    /** The cluster's most distinctive terms (c-TF-IDF against the other clusters), best first. */
    terms: jsonb().$type<string[]>().notNull(),
    /** Customer messages nearest the centroid: what the topic sounds like. */
    examples: jsonb().$type<string[]>().notNull(),
    /** The cluster's mean embedding (unit-normalised), for assigning later conversations. */
    centroid: jsonb().$type<number[]>().notNull(),
    size: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.runId, t.workspaceId], foreignColumns: [topicRuns.id, topicRuns.workspaceId] }).onDelete("cascade"),
    foreignKey({ columns: [t.agentId, t.workspaceId], foreignColumns: [agents.id, agents.workspaceId] }).onDelete("cascade"),
    unique().on(t.id, t.workspaceId),
    index().on(t.workspaceId, t.agentId, t.position),
  ],
);

/** Which topic each clustered conversation belongs to (one each). */
export const conversationTopics = pgTable(
  "conversation_topics",
  {
    workspaceId: uuid().notNull(),
    conversationId: uuid().notNull(),
    topicId: uuid().notNull(),
    /** Cosine similarity to the topic's centroid. */
    similarity: real().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.conversationId] }),
    foreignKey({ columns: [t.conversationId, t.workspaceId], foreignColumns: [conversations.id, conversations.workspaceId] }).onDelete("cascade"),
    foreignKey({ columns: [t.topicId, t.workspaceId], foreignColumns: [topics.id, topics.workspaceId] }).onDelete("cascade"),
    index().on(t.topicId),
  ],
);
