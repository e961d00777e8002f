import "server-only";
import { and, asc, eq, ilike, or } from "drizzle-orm";
import { agents, storeUsers } from "@/db/schema";
import { notFound } from "@/server/errors";
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

export async function agentStoreId(ctx: WorkspaceCtx, agentId: string): Promise<string | null> {
  const [agent] = await ctx.db
    .select({ settings: agents.settings })
    .from(agents)
    .where(and(eq(agents.id, agentId), eq(agents.workspaceId, ctx.workspace.id)))
    .limit(1);
  if (!agent) throw notFound("Agent");
  const storeId = agent.settings.storeId;
  return typeof storeId === "string" && storeId ? storeId : null;
}
