import "server-only";
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { conversations, messages } from "@/db/schema";
import { notFound } from "@/server/errors";
import { emptySession, type SessionState } from "../types";
import type { ConversationRow } from "./turn-run";

const TRANSCRIPT_MESSAGES = 20;

export async function loadConversation(db: Db, conversationId: string): Promise<{ conversation: ConversationRow; session: SessionState; transcript: { role: "customer" | "agent"; text: string }[] }> {
  const [row] = await db
    .select({
      id: conversations.id,
      workspaceId: conversations.workspaceId,
      agentId: conversations.agentId,
      status: conversations.status,
      customer: conversations.customer,
      turns: conversations.turns,
      state: conversations.state,
    })
    .from(conversations)
    .where(eq(conversations.id, conversationId))
    .limit(1);
  if (!row) throw notFound("Conversation");
  const recent = await db
    .select({ role: messages.role, text: messages.text })
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), inArray(messages.role, ["customer", "agent", "human"])))
    .orderBy(desc(messages.turn), desc(messages.createdAt))
    .limit(TRANSCRIPT_MESSAGES);
  const { state, ...conversation } = row;
  return {
    conversation,
    session: { ...emptySession(), ...(state as Partial<SessionState>) },
    transcript: recent.reverse().map((m) => ({ role: m.role === "customer" ? "customer" : "agent", text: m.text })),
  };
}
