import "server-only";
import { sql } from "drizzle-orm";
import type { RunSql } from "@/db/rows";
import { notFound } from "@/server/errors";
import { emptySession, type SessionState } from "../types";
import type { ConversationRow } from "./turn-run";

const TRANSCRIPT_MESSAGES = 20;

interface LoadedRow {
  id: string;
  workspace_id: string;
  agent_id: string;
  status: string;
  owner: string;
  customer: Record<string, unknown> | null;
  turns: number;
  customer_ref: string | null;
  customer_external_id: string | null;
  state: Partial<SessionState> | null;
  recent: { role: string; text: string }[];
}

/** The conversation and its last messages, in one round trip (it runs on every turn). */
export async function loadConversation(run: RunSql, conversationId: string): Promise<{ conversation: ConversationRow; session: SessionState; transcript: { role: "customer" | "agent"; text: string }[] }> {
  const [row] = await run<LoadedRow>(sql`
      select c.id, c.workspace_id, c.agent_id, c.status, c.owner, c.customer, c.turns, c.state, c.customer_ref,
        (select cu.external_id from customers cu where cu.id = c.customer_ref and cu.workspace_id = c.workspace_id) as customer_external_id,
        coalesce((
          select json_agg(json_build_object('role', r.role, 'text', r.text) order by r.turn, r.created_at)
          from (
            select m.role, m.text, m.turn, m.created_at from messages m
            where m.conversation_id = c.id and m.role in ('customer', 'agent', 'human')
            order by m.turn desc, m.created_at desc limit ${TRANSCRIPT_MESSAGES}
          ) r
        ), '[]'::json) as recent
      from conversations c where c.id = ${conversationId}`);
  if (!row) throw notFound("Conversation");
  return {
    conversation: { id: row.id, workspaceId: row.workspace_id, agentId: row.agent_id, status: row.status, owner: row.owner, customer: row.customer, turns: row.turns, customerRef: row.customer_ref, customerExternalId: row.customer_external_id },
    session: { ...emptySession(), ...row.state },
    transcript: row.recent.map((m) => ({ role: m.role === "customer" ? "customer" : "agent", text: m.text })),
  };
}
