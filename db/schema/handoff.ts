import { sql } from "drizzle-orm";
import { bigserial, boolean, foreignKey, index, jsonb, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { conversations, messages, tsvector } from "./conversations";
import { workspaces } from "./workspaces";

/**
 * What happened to a conversation, in order: messages (AI, human, customer) and owner changes. Written
 * in the same transaction as the change it reports; its id is the SSE event id, so a reader resumes
 * after the last id it saw. `internal` rows (notes) are for the team and never reach the customer.
 */
export const conversationEvents = pgTable(
  "conversation_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    workspaceId: uuid().notNull(),
    conversationId: uuid().notNull(),
    type: text().notNull(),
    internal: boolean().notNull().default(false),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.conversationId, t.workspaceId], foreignColumns: [conversations.id, conversations.workspaceId] }).onDelete("cascade"),
    index().on(t.conversationId, t.id),
    index().on(t.workspaceId, t.id),
  ],
);

/**
 * Internal notes on a conversation, or on one of its messages: for the team only, never sent to the
 * customer. Human agents write them from the inbox, reviewers from the conversation page (Markdown).
 */
export const conversationNotes = pgTable(
  "conversation_notes",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull(),
    conversationId: uuid().notNull(),
    messageId: uuid(),
    authorId: uuid().references(() => users.id, { onDelete: "set null" }),
    authorName: text().notNull(),
    text: text().notNull(),
    // For the conversation list's "text in notes" filter.
    search: tsvector().generatedAlwaysAs(sql`to_tsvector('simple', text)`),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    foreignKey({ columns: [t.conversationId, t.workspaceId], foreignColumns: [conversations.id, conversations.workspaceId] }).onDelete("cascade"),
    foreignKey({ columns: [t.messageId, t.conversationId, t.workspaceId], foreignColumns: [messages.id, messages.conversationId, messages.workspaceId] }).onDelete("cascade"),
    index().on(t.conversationId, t.createdAt),
    index().using("gin", t.search),
  ],
);

/** A workspace's saved answers a human agent inserts into a reply. */
export const cannedReplies = pgTable(
  "canned_replies",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    title: text().notNull(),
    text: text().notNull(),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique().on(t.workspaceId, t.title)],
);
