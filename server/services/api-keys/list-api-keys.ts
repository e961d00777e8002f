import "server-only";
import { desc, eq } from "drizzle-orm";
import { apiKeys, users } from "@/db/schema";
import type { WorkspaceCtx } from "@/server/services/context";

/** The workspace's keys by prefix (never the key or its hash), revoked ones included. */
export async function listApiKeys(ctx: WorkspaceCtx) {
  return ctx.db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      rateLimitPerMinute: apiKeys.rateLimitPerMinute,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
      createdBy: users.name,
    })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    .where(eq(apiKeys.workspaceId, ctx.workspace.id))
    .orderBy(desc(apiKeys.createdAt));
}
