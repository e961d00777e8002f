import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agents, conversations, messages } from "@/db/schema";
import { notFound } from "@/server/errors";
import { renderGreeting } from "./greeting";
import { emptySession } from "./types";

export const conversationChannels = ["playground", "api", "widget", "eval", "cli"] as const;

/** Opens a conversation with an agent of the workspace; the persona's greeting is its first message. */
export async function createConversation(
  ctx: { db: Db },
  input: { workspaceId: string; agentId: string; channel: (typeof conversationChannels)[number]; customer?: Record<string, unknown>; metadata?: Record<string, unknown> },
): Promise<{ id: string; greeting: string }> {
  const [agent] = await ctx.db
    .select({ persona: agents.persona })
    .from(agents)
    .where(and(eq(agents.id, input.agentId), eq(agents.workspaceId, input.workspaceId)))
    .limit(1);
  if (!agent) throw notFound("Agent");
  // No customer here (playground, evals, CLI): memory templates render their fallback.
  const greeting = renderGreeting(agent.persona.greeting, { memory: {}, customer: input.customer ?? {} });
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(conversations)
      .values({ workspaceId: input.workspaceId, agentId: input.agentId, channel: input.channel, customer: input.customer ?? null, metadata: input.metadata ?? {}, state: emptySession() })
      .returning({ id: conversations.id });
    await tx.insert(messages).values({ workspaceId: input.workspaceId, conversationId: row!.id, turn: 0, role: "agent", text: greeting });
    return { id: row!.id, greeting };
  });
}
