import { foreignKey, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { agents } from "./agents";
import { policies } from "./agent-config";
import { workspaces } from "./workspaces";

/** Every saved revision of a policy, for the diff against the last saved one. */
export const policyRevisions = pgTable(
  "policy_revisions",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    policyId: uuid().notNull().references(() => policies.id, { onDelete: "cascade" }),
    revision: integer().notNull(),
    definition: jsonb().$type<unknown>().notNull(),
    authorId: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique().on(t.policyId, t.revision), index().on(t.workspaceId)],
);

export const policyTests = pgTable(
  "policy_tests",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull(),
    agentId: uuid().notNull(),
    policyKey: text().notNull(),
    name: text().notNull(),
    facts: jsonb().$type<Record<string, unknown>>().notNull(),
    expectedDecision: text().notNull(),
    expectedRuleId: text(),
    lastResult: jsonb().$type<unknown>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.agentId, t.workspaceId], foreignColumns: [agents.id, agents.workspaceId] }).onDelete("cascade"),
    index().on(t.workspaceId, t.agentId),
  ],
);

/** Workspace secrets: AES-256-GCM ciphertext only; the value never leaves the server. */
export const secrets = pgTable(
  "secrets",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text().notNull(),
    ciphertext: text().notNull(),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique().on(t.workspaceId, t.name)],
);
