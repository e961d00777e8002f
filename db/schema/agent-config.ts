import { boolean, foreignKey, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { agents } from "./agents";
import { workspaces } from "./workspaces";

// The draft configuration of an agent. Definitions are jsonb validated by the zod schemas in lib/schemas,
// so the canvas, the runtime and releases read exactly the same shape.
const owned = () => ({
  id: uuid().primaryKey().defaultRandom(),
  workspaceId: uuid().notNull().references(() => workspaces.id, { onDelete: "cascade" }),
  agentId: uuid().notNull(),
  revision: integer().notNull().default(1),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const journeys = pgTable(
  "journeys",
  {
    ...owned(),
    name: text().notNull(),
    enabled: boolean().notNull().default(true),
    trigger: jsonb().$type<unknown>().notNull(),
    graph: jsonb().$type<unknown>().notNull(),
  },
  (t) => [
    foreignKey({ columns: [t.agentId, t.workspaceId], foreignColumns: [agents.id, agents.workspaceId] }).onDelete("cascade"),
    index().on(t.workspaceId, t.agentId),
  ],
);

export const policies = pgTable(
  "policies",
  {
    ...owned(),
    key: text().notNull(),
    name: text().notNull(),
    definition: jsonb().$type<unknown>().notNull(),
  },
  (t) => [
    foreignKey({ columns: [t.agentId, t.workspaceId], foreignColumns: [agents.id, agents.workspaceId] }).onDelete("cascade"),
    unique().on(t.agentId, t.key),
    index().on(t.workspaceId, t.agentId),
  ],
);

export const tools = pgTable(
  "tools",
  {
    ...owned(),
    name: text().notNull(),
    definition: jsonb().$type<unknown>().notNull(),
  },
  (t) => [
    foreignKey({ columns: [t.agentId, t.workspaceId], foreignColumns: [agents.id, agents.workspaceId] }).onDelete("cascade"),
    unique().on(t.agentId, t.name),
    index().on(t.workspaceId, t.agentId),
  ],
);
