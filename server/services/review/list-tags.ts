import "server-only";
import { and, asc, count, eq, sql } from "drizzle-orm";
import { conversationTags, tags } from "@/db/schema";
import type { WorkspaceCtx } from "@/server/services/context";

/** The workspace's tags by name, each with how many conversations and messages carry it. */
export async function listTags(ctx: WorkspaceCtx) {
  return ctx.db
    .select({ id: tags.id, name: tags.name, colour: tags.colour, description: tags.description, createdAt: tags.createdAt, uses: count(conversationTags.id) })
    .from(tags)
    .leftJoin(conversationTags, and(eq(conversationTags.tagId, tags.id), eq(conversationTags.workspaceId, tags.workspaceId)))
    .where(eq(tags.workspaceId, ctx.workspace.id))
    .groupBy(tags.id)
    .orderBy(asc(sql`lower(${tags.name})`));
}
