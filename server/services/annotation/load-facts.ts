import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { chunks, conversations, journeys, messages, type StoredTraceStep, turnTraces } from "@/db/schema";
import type { ConversationFacts } from "./judge-local";

type Citation = ConversationFacts["messages"][number]["citations"][number];

/**
 * What the judge reads about a batch of one workspace's conversations: a fixed number of queries for the
 * whole batch (conversations with their journey, messages, traces, then the chunks the answers cited).
 * Ids of another workspace are not returned.
 */
export async function loadFacts(db: Db, workspaceId: string, conversationIds: string[]): Promise<ConversationFacts[]> {
  if (conversationIds.length === 0) return [];
  const [rows, said, traced] = await Promise.all([
    db
      .select({
        id: conversations.id,
        status: conversations.status,
        endedAt: conversations.endedAt,
        handedOffAt: conversations.handedOffAt,
        lastMessageAt: conversations.lastMessageAt,
        journeyName: journeys.name,
      })
      .from(conversations)
      .leftJoin(journeys, and(eq(journeys.id, conversations.journeyId), eq(journeys.workspaceId, conversations.workspaceId)))
      .where(and(eq(conversations.workspaceId, workspaceId), inArray(conversations.id, conversationIds))),
    db
      .select({ id: messages.id, conversationId: messages.conversationId, role: messages.role, text: messages.text, turn: messages.turn, citations: messages.citations })
      .from(messages)
      .where(and(eq(messages.workspaceId, workspaceId), inArray(messages.conversationId, conversationIds)))
      .orderBy(asc(messages.conversationId), asc(messages.turn), asc(messages.createdAt)),
    // Only the steps the judge reads, and only their fields it reads: a turn's trace carries tool results,
    // rule traces and retrieval candidates, which would be most of the bytes to fetch and parse.
    db
      .select({
        conversationId: turnTraces.conversationId,
        turn: turnTraces.turn,
        events: sql<JudgedStep[]>`(select coalesce(jsonb_agg(jsonb_build_object('type', e->>'type', 'name', e->>'name', 'decision', e->>'decision', 'tool', e#>>'{input,tool}', 'outcome', e#>>'{output,outcome}')), '[]'::jsonb)
          from jsonb_array_elements(${turnTraces.events}) e
          where e->>'type' in ('policy', 'knowledge') or (e->>'type' = 'node' and e->>'decision' = 'end'))`,
      })
      .from(turnTraces)
      .where(and(eq(turnTraces.workspaceId, workspaceId), inArray(turnTraces.conversationId, conversationIds))),
  ]);

  const cited = new Set<string>();
  for (const m of said) for (const c of m.citations as Citation[]) if (m.role === "agent" && c.chunkId && isUuid(c.chunkId)) cited.add(c.chunkId);
  const chunkText = new Map<string, string>();
  if (cited.size > 0) {
    const found = await db
      .select({ id: chunks.id, text: chunks.text, sectionPath: chunks.sectionPath })
      .from(chunks)
      .where(and(eq(chunks.workspaceId, workspaceId), inArray(chunks.id, [...cited])));
    for (const c of found) chunkText.set(c.id, `${c.sectionPath}\n${c.text}`);
  }

  const byConversation = new Map<string, ConversationFacts>();
  for (const r of rows) byConversation.set(r.id, { ...r, messages: [], traces: new Map(), chunkText });
  for (const m of said) byConversation.get(m.conversationId)?.messages.push({ id: m.id, role: m.role, text: m.text, turn: m.turn, citations: m.citations as Citation[] });
  for (const t of traced) byConversation.get(t.conversationId)?.traces.set(t.turn, (typeof t.events === "string" ? (JSON.parse(t.events) as JudgedStep[]) : t.events).map(asStep));
  return conversationIds.flatMap((id) => byConversation.get(id) ?? []);
}

interface JudgedStep {
  type: string;
  name: string | null;
  decision: string | null;
  tool: string | null;
  outcome: string | null;
}

/** A projected step in the stored shape the judge reads (only the fields it uses). */
const asStep = (e: JudgedStep): StoredTraceStep => ({
  type: e.type,
  name: e.name ?? "",
  decision: e.decision,
  ...(e.tool ? { input: { tool: e.tool } } : {}),
  ...(e.outcome ? { output: { outcome: e.outcome } } : {}),
  durationMs: 0,
});

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
