import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiKeys } from "@/db/schema";
import { DomainError } from "@/server/errors";
import { hashApiKey } from "./key-format";

export interface ApiKeyPrincipal {
  keyId: string;
  workspaceId: string;
  rateLimitPerMinute: number;
}

/** The workspace a bearer key belongs to; unknown and revoked keys are the same 401. */
export async function authenticateApiKey(db: Db, key: string | null): Promise<ApiKeyPrincipal> {
  if (!key) throw new DomainError("unauthorized", "Send your API key as `Authorization: Bearer sb_live_…`");
  const [row] = await db
    .select({ id: apiKeys.id, workspaceId: apiKeys.workspaceId, rateLimitPerMinute: apiKeys.rateLimitPerMinute, revokedAt: apiKeys.revokedAt, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(eq(apiKeys.hash, hashApiKey(key)))
    .limit(1);
  if (!row || row.revokedAt) throw new DomainError("unauthorized", "This API key is not valid (it may have been revoked)");
  // "Last used" to the minute is enough, and saves a write on every request.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(apiKeys).set({ lastUsedAt: sql`now()` }).where(eq(apiKeys.id, row.id));
  }
  return { keyId: row.id, workspaceId: row.workspaceId, rateLimitPerMinute: row.rateLimitPerMinute };
}
