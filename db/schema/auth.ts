import { index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const users = pgTable("users", {
  id: uuid().primaryKey().defaultRandom(),
  email: text().notNull().unique(),
  name: text().notNull(),
  passwordHash: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

// One row per sign-in; its id is the session cookie's `sid`. Signing out deletes the row, so a copied
// cookie stops working even though the JWT itself is still validly signed.
export const sessions = pgTable(
  "sessions",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index().on(t.userId)],
);

// Sign-in attempts per account and per client address (key is a hash of either), counted in a window
// that starts at the first attempt; kept in the database so every instance and every restart shares it.
export const signInThrottles = pgTable(
  "sign_in_throttles",
  {
    key: text().primaryKey(),
    attempts: integer().notNull(),
    windowStart: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index().on(t.windowStart)],
);
