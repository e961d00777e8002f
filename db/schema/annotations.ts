import { foreignKey, index, jsonb, pgTable, real, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { conversations } from "./conversations";

// Automatic annotation (issue 16 item 5): what the judge concluded about a conversation once it ended or
// went idle. One row per conversation, always the AI's: people's verdicts live in their own rows
// (scores, tags, notes, corrections) and are never overwritten by this one.

export type AnnotationOutcome = "resolved" | "escalated" | "abandoned" | "unresolved";
export type SentimentLabel = "negative" | "neutral" | "positive";

/** A policy concern the judge found, with the message it is about and a one-line rationale. */
export interface AnnotationFlag {
  kind: "talked_around_denial" | "unallowed_promise";
  messageId: string | null;
  rationale: string;
}

/** An agent statement the knowledge it cited does not support. */
export interface UngroundedClaim {
  messageId: string;
  claim: string;
  /** How well the best cited chunk supports it, 0..1. */
  support: number;
}

export const conversationAnnotations = pgTable(
  "conversation_annotations",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull(),
    conversationId: uuid().notNull(),
    outcome: text().$type<AnnotationOutcome>().notNull(),
    /** Over the customer's messages, −1..1. */
    sentiment: real().notNull(),
    sentimentLabel: text().$type<SentimentLabel>().notNull(),
    topic: text().notNull(),
    flags: jsonb().$type<AnnotationFlag[]>().notNull().default([]),
    ungrounded: jsonb().$type<UngroundedClaim[]>().notNull().default([]),
    /** One line per field above: why the judge concluded it. */
    rationales: jsonb().$type<Record<string, string>>().notNull().default({}),
    /** `local judge` or the model that judged. */
    judge: text().notNull(),
    annotatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.conversationId, t.workspaceId], foreignColumns: [conversations.id, conversations.workspaceId] }).onDelete("cascade"),
    unique().on(t.conversationId),
    // Queue sampling and list filters by sentiment or outcome.
    index().on(t.workspaceId, t.sentimentLabel),
    index().on(t.workspaceId, t.outcome),
  ],
);
