import { foreignKey, index, jsonb, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { conversations } from "./conversations";
import { workspaces } from "./workspaces";

// Customers (issue 20): the brand's customers as the brand identifies them (its own id), their
// conversations across channels, and what the agent may remember about them. Conversations name their
// customer with `customer_ref` (the `customer` jsonb column keeps what the caller sent with that one).

/** A brand's customer, by the brand's id. `verifiedAt`: last time the brand vouched for them (a signed token or an API key). */
export const customers = pgTable(
  "customers",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    /** The brand's id for the customer. */
    externalId: text().notNull(),
    attributes: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    verifiedAt: timestamp({ withTimezone: true }),
    firstSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique().on(t.id, t.workspaceId), unique().on(t.workspaceId, t.externalId)],
);

/** A fact the agent learned about a customer and may keep: its kind (a workspace setting says which and for how long), source and time. */
export const customerMemories = pgTable(
  "customer_memories",
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid().notNull(),
    customerId: uuid().notNull(),
    kind: text().notNull(),
    value: text().notNull(),
    sourceConversationId: uuid(),
    learnedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    foreignKey({ columns: [t.customerId, t.workspaceId], foreignColumns: [customers.id, customers.workspaceId] }).onDelete("cascade"),
    foreignKey({ columns: [t.sourceConversationId], foreignColumns: [conversations.id] }).onDelete("set null"),
    index().on(t.customerId, t.kind, t.learnedAt),
  ],
);
