import { sql } from "drizzle-orm";
import { foreignKey, index, integer, jsonb, pgTable, real, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { conversations } from "./conversations";
import { workspaces } from "./workspaces";

// Scorecards (issue 16): the criteria a workspace scores conversations on, and the scores. A score names
// its conversation and its criterion with the workspace, so it cannot cross a tenant.

/**
 * A criterion of the workspace's scorecard. `scale` is pass_fail (pass | fail | na), one_to_five, or
 * choice (one of `options`); `scorer` says who scores it: human, ai or both. Archived criteria keep
 * their scores but take no new ones.
 */
export const scoreCriteria = pgTable(
  "score_criteria",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text().notNull(),
    /** What a reviewer checks; the AI judge reads it too unless `aiRubric` is set. */
    description: text().notNull().default(""),
    /** What the AI judge reads instead of the description (local models grade `contains:` / `not_contains:` lines). */
    aiRubric: text().notNull().default(""),
    scale: text().notNull(), // pass_fail | one_to_five | choice
    options: jsonb().$type<string[]>().notNull().default([]),
    scorer: text().notNull(), // human | ai | both
    position: integer().notNull().default(0),
    archivedAt: timestamp({ withTimezone: true }),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique().on(t.id, t.workspaceId),
    uniqueIndex("score_criteria_workspace_id_lower_name_index").on(t.workspaceId, sql`lower(${t.name})`),
    index().on(t.workspaceId, t.position),
  ],
);

/**
 * The current score of one criterion on one conversation, one by a person and one by the AI at most: a
 * re-score replaces the row (the audit log keeps before and after). `points` is the value on 0..1
 * (pass 1, fail 0, 1–5 as (n−1)/4; n.a. and choices have none), what averages and filters read.
 */
export const conversationScores = pgTable(
  "conversation_scores",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull(),
    conversationId: uuid().notNull(),
    criterionId: uuid().notNull(),
    kind: text().notNull(), // human | ai
    value: text().notNull(),
    points: real(),
    /** The person who scored (human); null for the AI. */
    authorId: uuid().references(() => users.id, { onDelete: "set null" }),
    /** The person's name as it was, or the model that judged. */
    authorName: text().notNull(),
    /** The AI judge's reasoning; empty for a person's score. */
    rationale: text().notNull().default(""),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.conversationId, t.workspaceId], foreignColumns: [conversations.id, conversations.workspaceId] }).onDelete("cascade"),
    foreignKey({ columns: [t.criterionId, t.workspaceId], foreignColumns: [scoreCriteria.id, scoreCriteria.workspaceId] }).onDelete("cascade"),
    // One current score per kind; (conversation, …) is also the list's per-page lookup.
    unique().on(t.conversationId, t.criterionId, t.kind),
    // The list's "failed criterion X" filter and insights per criterion.
    index().on(t.criterionId, t.kind, t.points),
    // The list's "score below" filter (its low scores first) and review status (people's scores): bench/README.md, scale.
    index().on(t.kind, t.points, t.conversationId),
    index().on(t.workspaceId),
  ],
);
