import { boolean, foreignKey, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { agents } from "./agents";
import { workspaces } from "./workspaces";

/** Immutable, numbered snapshots of an agent. Only the publishing service writes them. */
export const releases = pgTable(
  "releases",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull(),
    agentId: uuid().notNull(),
    number: integer().notNull(),
    snapshot: jsonb().$type<unknown>().notNull(),
    notes: text().notNull().default(""),
    authorId: uuid().references(() => users.id, { onDelete: "set null" }),
    /** The gating eval run it passed (null: no gating suite, or an admin published over a failure). */
    evalRunId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.agentId, t.workspaceId], foreignColumns: [agents.id, agents.workspaceId] }).onDelete("cascade"),
    unique().on(t.agentId, t.number),
    unique().on(t.id, t.workspaceId),
    index().on(t.workspaceId, t.agentId),
  ],
);

/** The movable pointers: which release is live, and an optional canary with its share of new conversations. */
export const agentDeployments = pgTable("agent_deployments", {
  agentId: uuid().primaryKey().references(() => agents.id, { onDelete: "cascade" }),
  workspaceId: uuid().notNull().references(() => workspaces.id, { onDelete: "cascade" }),
  liveReleaseId: uuid(),
  canaryReleaseId: uuid(),
  canaryPercent: integer().notNull().default(0),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    name: text().notNull(),
    prefix: text().notNull(),
    hash: text().notNull().unique(),
    rateLimitPerMinute: integer().notNull().default(600),
    createdBy: uuid().references(() => users.id, { onDelete: "set null" }),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.workspaceId)],
);

/** Public keys for the web widget: bound to one agent and a list of allowed origins. */
export const widgetKeys = pgTable(
  "widget_keys",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull(),
    agentId: uuid().notNull(),
    publicKey: text().notNull().unique(),
    allowedOrigins: jsonb().$type<string[]>().notNull().default([]),
    theme: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    enabled: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ columns: [t.agentId, t.workspaceId], foreignColumns: [agents.id, agents.workspaceId] }).onDelete("cascade"),
    index().on(t.workspaceId),
  ],
);

/** Fixed-window request counters per API key (shared by every app instance). */
export const rateLimitWindows = pgTable(
  "rate_limit_windows",
  {
    key: text().notNull(),
    windowStart: timestamp({ withTimezone: true }).notNull(),
    count: integer().notNull().default(0),
  },
  (t) => [unique().on(t.key, t.windowStart)],
);

export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    agentId: uuid().notNull(),
    conversationId: uuid(),
    event: text().notNull(),
    url: text().notNull(),
    payload: jsonb().$type<unknown>().notNull(),
    status: text().notNull().default("pending"), // pending | delivered | failed
    attempts: integer().notNull().default(0),
    responseStatus: integer(),
    lastError: text(),
    nextAttemptAt: timestamp({ withTimezone: true }),
    deliveredAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.workspaceId, t.agentId, t.createdAt)],
);
