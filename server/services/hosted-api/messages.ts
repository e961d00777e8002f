import "server-only";
import { and, asc, eq, getTableColumns, inArray } from "drizzle-orm";
import { conversations, messages, workspaces } from "@/db/schema";
import { notFound } from "@/server/errors";
import type { ApiCtx } from "./context";

export interface ApiMessage {
  id: string;
  role: string;
  text: string;
  turn: number;
  citations: unknown[];
  createdAt: string;
}

export function toApiMessage(m: typeof messages.$inferSelect): ApiMessage {
  return { id: m.id, role: m.role, text: m.text, turn: m.turn, citations: m.citations, createdAt: m.createdAt.toISOString() };
}

const visible = ["customer", "agent", "human"];

export async function conversationMessages(ctx: ApiCtx, conversationId: string, turn?: number): Promise<ApiMessage[]> {
  const rows = await ctx.db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.conversationId, conversationId),
        eq(messages.workspaceId, ctx.workspaceId),
        inArray(messages.role, turn === undefined ? visible : ["agent", "human"]),
        turn === undefined ? undefined : eq(messages.turn, turn),
      ),
    )
    .orderBy(asc(messages.turn), asc(messages.createdAt));
  return rows.map(toApiMessage);
}

/**
 * A conversation the caller may touch: its workspace's API or widget conversations (a widget key: only
 * its own agent's widget conversations). Anything else — another workspace's, the playground's — is 404.
 * Comes with the workspace's settings, which a turn needs next.
 */
export async function findApiConversation(ctx: ApiCtx, conversationId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(conversationId)) throw notFound("Conversation");
  const [row] = await ctx.db
    .select({ ...getTableColumns(conversations), workspaceSettings: workspaces.settings })
    .from(conversations)
    .innerJoin(workspaces, eq(workspaces.id, conversations.workspaceId))
    .where(
      and(
        eq(conversations.id, conversationId),
        eq(conversations.workspaceId, ctx.workspaceId),
        ctx.agentId ? and(eq(conversations.agentId, ctx.agentId), eq(conversations.channel, "widget")) : inArray(conversations.channel, ["api", "widget"]),
      ),
    )
    .limit(1);
  if (!row || !row.releaseId) throw notFound("Conversation");
  return { ...row, releaseId: row.releaseId };
}
