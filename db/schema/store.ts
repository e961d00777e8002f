import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { workspaces } from "./workspaces";

// The demo brand's own systems (τ²-bench retail). Not studio data: the agent reaches them only through
// the store's HTTP API, as it would a real brand's. `storeId` lets several copies live side by side
// (one per demo workspace, one per test).
export const storeUsers = pgTable(
  "store_users",
  {
    storeId: text().notNull(),
    id: text().notNull(),
    email: text().notNull(),
    firstName: text().notNull(),
    lastName: text().notNull(),
    zip: text().notNull(),
    data: jsonb().$type<Record<string, unknown>>().notNull(),
  },
  // Customers are found by email case-insensitively (find_user_id_by_email compares lower(email)).
  (t) => [primaryKey({ columns: [t.storeId, t.id] }), index("store_users_store_id_lower_email_index").on(t.storeId, sql`lower(${t.email})`)],
);

export const storeOrders = pgTable(
  "store_orders",
  {
    storeId: text().notNull(),
    id: text().notNull(),
    userId: text().notNull(),
    status: text().notNull(),
    data: jsonb().$type<Record<string, unknown>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.id] }), index().on(t.storeId, t.userId)],
);

export const storeProducts = pgTable(
  "store_products",
  {
    storeId: text().notNull(),
    id: text().notNull(),
    name: text().notNull(),
    data: jsonb().$type<Record<string, unknown>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.id] })],
);

// The store's API accounts: which workspace a store serves and the SHA-256 of the API key it issued to it
// (the workspace keeps the key as its `store_api_key` secret). A store without a row accepts no request.
export const stores = pgTable(
  "stores",
  {
    id: text().primaryKey(),
    workspaceId: uuid().notNull().references(() => workspaces.id, { onDelete: "cascade" }),
    credentialHash: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.workspaceId)],
);
