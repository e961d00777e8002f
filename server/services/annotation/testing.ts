import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { conversations, messages, type StoredTraceStep } from "@/db/schema";

// Conversations as the runtime stores them (messages per turn, one trace row per turn), for the
// annotation tests: each names the steps the judge reads, nothing more.

export interface TurnSpec {
  customer: string;
  agent?: string;
  citations?: { chunkId: string; documentTitle: string; section: string }[];
  steps?: StoredTraceStep[];
}

export interface ConversationSpec {
  workspaceId: string;
  agentId: string;
  channel?: string;
  status?: string;
  journeyId?: string | null;
  handedOffAt?: Date | null;
  endedAt?: Date | null;
  /** When the first turn happened; each next turn is a minute later. */
  startedAt: Date;
  turns: TurnSpec[];
}

export async function insertConversation(db: Db, spec: ConversationSpec): Promise<string> {
  const at = (turn: number, plusMs = 0) => new Date(spec.startedAt.getTime() + turn * 60_000 + plusMs);
  const [row] = await db
    .insert(conversations)
    .values({
      workspaceId: spec.workspaceId,
      agentId: spec.agentId,
      channel: spec.channel ?? "api",
      status: spec.status ?? "open",
      journeyId: spec.journeyId ?? null,
      handedOffAt: spec.handedOffAt ?? null,
      endedAt: spec.endedAt ?? null,
      turns: spec.turns.length,
      createdAt: spec.startedAt,
      lastMessageAt: spec.turns.length ? at(spec.turns.length - 1, spec.turns.at(-1)!.agent ? 1 : 0) : null,
    })
    .returning({ id: conversations.id });
  const id = row!.id;
  const said = spec.turns.flatMap((t, i) => [
    { workspaceId: spec.workspaceId, conversationId: id, turn: i + 1, role: "customer", text: t.customer, createdAt: at(i) },
    ...(t.agent ? [{ workspaceId: spec.workspaceId, conversationId: id, turn: i + 1, role: "agent", text: t.agent, citations: t.citations ?? [], createdAt: at(i, 1) }] : []),
  ]);
  if (said.length) await db.insert(messages).values(said);
  // The columns every version of turn_traces has, by hand: the insert does not depend on newer ones.
  for (const [i, t] of spec.turns.entries()) {
    if (!t.steps) continue;
    await db.execute(
      sql`insert into turn_traces (workspace_id, conversation_id, turn, created_at, events) values (${spec.workspaceId}, ${id}, ${i + 1}, ${at(i).toISOString()}, ${JSON.stringify(t.steps)}::jsonb)`,
    );
  }
  return id;
}

/** The gate's decision on a write, as call-tool.ts records it. */
export const policyStep = (tool: string, decision: "allow" | "deny" | "require_confirmation" | "escalate"): StoredTraceStep => ({
  type: "policy",
  name: `${tool} policy`,
  input: { tool, args: {} },
  output: { ruleId: "r1", reason: decision === "deny" ? "Not allowed after shipping" : "ok" },
  decision,
  durationMs: 1,
});

/** A journey step that ended the journey with this outcome, as run-journey.ts records it. */
export const endStep = (outcome: "resolved" | "unresolved", name = "Orders › Done"): StoredTraceStep => ({
  type: "node",
  name,
  input: { journeyId: "j", nodeId: "end", type: "end", resumed: false },
  output: { kind: "end", outcome },
  decision: "end",
  durationMs: 1,
});

export const knowledgeStep = (grounded: boolean): StoredTraceStep => ({
  type: "knowledge",
  name: "retrieve",
  input: { query: "q" },
  output: { threshold: 0.3, chunks: [], citations: [] },
  decision: grounded ? "grounded" : "not grounded",
  durationMs: 1,
});
