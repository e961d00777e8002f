import "server-only";
import { and, asc, eq, ilike, or } from "drizzle-orm";
import { stores, storeUsers } from "@/db/schema";
import { agentSettings } from "@/server/services/agents/agents";
import type { WorkspaceCtx } from "@/server/services/context";

const LIMIT = 20;

/** The demo store's customers an agent serves (its `settings.storeId`), by email, name or id. */
export async function searchStoreUsers(ctx: WorkspaceCtx, input: { agentId: string; query?: string }) {
  const storeId = await agentStoreId(ctx, input.agentId);
  if (!storeId) return { storeId: null, users: [] };
  const q = input.query?.trim();
  const pattern = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const users = await ctx.db
    .select({ id: storeUsers.id, email: storeUsers.email, firstName: storeUsers.firstName, lastName: storeUsers.lastName })
    .from(storeUsers)
    .where(
      and(
        eq(storeUsers.storeId, storeId),
        pattern ? or(ilike(storeUsers.email, pattern), ilike(storeUsers.id, pattern), ilike(storeUsers.firstName, pattern), ilike(storeUsers.lastName, pattern)) : undefined,
      ),
    )
    .orderBy(asc(storeUsers.email))
    .limit(LIMIT);
  return { storeId, users };
}

/** The store an agent serves, if it is this workspace's: the settings name a store, the store says whose it is. */
export async function agentStoreId(ctx: WorkspaceCtx, agentId: string): Promise<string | null> {
  const { storeId } = await agentSettings(ctx, agentId);
  if (typeof storeId !== "string" || !storeId) return null;
  const [store] = await ctx.db
    .select({ id: stores.id })
    .from(stores)
    .where(and(eq(stores.id, storeId), eq(stores.workspaceId, ctx.workspace.id)))
    .limit(1);
  return store?.id ?? null;
}
