import "server-only";
import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { sqlRunner } from "@/db/rows";
import { conversations, messages } from "@/db/schema";
import type { StoredMessage } from "@/server/agent/types";
import { notFound } from "@/server/errors";
import type { ApiCtx } from "./context";

/** A message as the API returns it: as stored. */
export type ApiMessage = StoredMessage;

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
 * Which conversations the caller may touch: its workspace's API or widget conversations (a widget key:
 * only its own agent's widget conversations). Anything else — another workspace's, the playground's — is 404.
 */
function callerMayTouch(ctx: ApiCtx, conversationId: string): SQL {
  return and(
    eq(conversations.id, conversationId),
    eq(conversations.workspaceId, ctx.workspaceId),
    ctx.agentId ? and(eq(conversations.agentId, ctx.agentId), eq(conversations.channel, "widget")) : inArray(conversations.channel, ["api", "widget"]),
  )!;
}

const isUuid = (id: string) => /^[0-9a-f-]{36}$/i.test(id);

/** A conversation the caller may touch (see callerMayTouch), whole. */
export async function findApiConversation(ctx: ApiCtx, conversationId: string) {
  if (!isUuid(conversationId)) throw notFound("Conversation");
  const [row] = await ctx.db.select().from(conversations).where(callerMayTouch(ctx, conversationId)).limit(1);
  if (!row || !row.releaseId) throw notFound("Conversation");
  return { ...row, releaseId: row.releaseId };
}

/** What sending a message needs of a conversation the caller may touch, with its workspace's settings, in one prepared statement. */
export async function findConversationToSend(ctx: ApiCtx, conversationId: string) {
  if (!isUuid(conversationId)) throw notFound("Conversation");
  const [row] = await sqlRunner(ctx.db)<{ id: string; release_id: string | null; ended: boolean; settings: unknown }>(sql`
    select conversations.id, conversations.release_id, conversations.ended_at is not null as ended, workspaces.settings
    from conversations join workspaces on workspaces.id = conversations.workspace_id
    where ${callerMayTouch(ctx, conversationId)}`);
  if (!row || !row.release_id) throw notFound("Conversation");
  return { id: row.id, releaseId: row.release_id, ended: row.ended, workspaceSettings: row.settings };
}
