import { sql } from "drizzle-orm";
import { foreignKey, index, pgTable, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { journeys } from "./agent-config";
import { users } from "./auth";
import { conversations, messages } from "./conversations";
import { workspaces } from "./workspaces";

// Review annotations (issue 16): a workspace's tags, their applications to a conversation or one of its
// messages, and corrections of agent messages. Notes are `conversation_notes` (db/schema/handoff.ts),
// shared with the inbox. Every row names its conversation with the workspace, and a message with its
// conversation and workspace, so an annotation cannot cross a tenant or a conversation.

/** A workspace's tag: a name unique regardless of case, a colour from lib/schemas/review.ts `tagColours`. */
export const tags = pgTable(
  "tags",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text().notNull(),
    colour: text().notNull(),
    description: text().notNull().default(""),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique().on(t.id, t.workspaceId), uniqueIndex("tags_workspace_id_lower_name_index").on(t.workspaceId, sql`lower(${t.name})`)],
);

/** A tag on a conversation (no message) or on one of its messages; a tag once per target. */
export const conversationTags = pgTable(
  "conversation_tags",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull(),
    tagId: uuid().notNull(),
    conversationId: uuid().notNull(),
    messageId: uuid(),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.tagId, t.workspaceId], foreignColumns: [tags.id, tags.workspaceId] }).onDelete("cascade"),
    foreignKey({ columns: [t.conversationId, t.workspaceId], foreignColumns: [conversations.id, conversations.workspaceId] }).onDelete("cascade"),
    foreignKey({ columns: [t.messageId, t.conversationId, t.workspaceId], foreignColumns: [messages.id, messages.conversationId, messages.workspaceId] }).onDelete("cascade"),
    // Also the list's "tagged with" filter: (tag, conversation) is its prefix.
    unique().on(t.tagId, t.conversationId, t.messageId).nullsNotDistinct(),
    index().on(t.conversationId),
    index().on(t.workspaceId),
  ],
);

/**
 * What an agent message should have said, and optionally what the agent should have done: the journey it
 * should have reached, the tool it should have called, the decision the policy gate should have given.
 */
export const messageCorrections = pgTable(
  "message_corrections",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull(),
    conversationId: uuid().notNull(),
    messageId: uuid().notNull(),
    authorId: uuid().references(() => users.id, { onDelete: "set null" }),
    authorName: text().notNull(),
    text: text().notNull().default(""),
    expectedJourneyId: uuid().references(() => journeys.id, { onDelete: "set null" }),
    expectedToolCall: text(),
    expectedDecision: text(), // allow | deny | require_confirmation | escalate
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    foreignKey({ columns: [t.messageId, t.conversationId, t.workspaceId], foreignColumns: [messages.id, messages.conversationId, messages.workspaceId] }).onDelete("cascade"),
    index().on(t.conversationId, t.createdAt),
    index().on(t.workspaceId),
  ],
);
