import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { messages } from "@/db/schema";
import { buildTurnContext } from "@/server/services/runtime/build-turn-context";
import { runTurn } from "@/server/agent/run-turn";
import { invalid } from "@/server/errors";
import type { WorkspaceCtx } from "@/server/services/context";
import { getPlaygroundConversation } from "./playground-conversation";
import { startPlaygroundConversation } from "./start-conversation";

/**
 * "Re-run last message": a new conversation (same customer and metadata) that replays every earlier
 * customer message against the current draft; the last message is left for the caller to stream.
 */
export async function rerunLastMessage(ctx: WorkspaceCtx & { appUrl: string }, input: { agentId: string; conversationId: string }) {
  const source = await getPlaygroundConversation(ctx, input);
  const said = await ctx.db
    .select({ text: messages.text })
    .from(messages)
    .where(and(eq(messages.conversationId, source.id), eq(messages.workspaceId, ctx.workspace.id), eq(messages.role, "customer")))
    .orderBy(asc(messages.turn), asc(messages.createdAt));
  const last = said.at(-1);
  if (!last) throw invalid("There is no customer message to re-run yet");

  const customer = source.customer as { id?: string } | null;
  const { startedBy: _startedBy, ...metadata } = source.metadata as Record<string, string>;
  const { id } = await startPlaygroundConversation(ctx, { agentId: input.agentId, storeUserId: customer?.id ?? null, metadata: { ...metadata, rerunOf: source.id } });
  const turnCtx = await buildTurnContext(ctx.db, { workspaceId: ctx.workspace.id, appUrl: ctx.appUrl });
  for (const m of said.slice(0, -1)) await runTurn(turnCtx, { conversationId: id, text: m.text });
  return { conversationId: id, text: last.text };
}
