import { index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { workspaces } from "./workspaces";

// Identity from the brand (issue 20): the per-workspace secret the brand signs widget identity tokens with,
// and the nonces of tokens already used (kept until the token's expiry, so a replay is refused).

/** One identity secret per workspace, encrypted like other secrets (server/crypto/secret-box.ts). Rotating replaces it. */
export const identitySecrets = pgTable("identity_secrets", {
  workspaceId: uuid()
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  ciphertext: text().notNull(),
  /** The secret's last 4 characters, so an admin can tell which one the brand's server holds. */
  hint: text().notNull(),
  rotatedBy: uuid().references(() => users.id, { onDelete: "set null" }),
  rotatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** A used token's nonce; a second token with it is a replay. Rows past `expiresAt` may be deleted. */
export const identityNonces = pgTable(
  "identity_nonces",
  {
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    nonce: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.nonce] }), index().on(t.workspaceId, t.expiresAt)],
);
