import "server-only";
import { sql } from "drizzle-orm";
import type { RunSql } from "@/db/rows";
import { MAX_MEMORY_VALUE, type MemoryKind, type MemorySettings } from "@/lib/schemas/customers";
import type { TurnRun } from "@/server/agent/pipeline/turn-run";

const DAY_MS = 24 * 60 * 60 * 1000;
const ORDER_ARG = /^order_?id$/i;

/**
 * What this turn established for sure about the conversation's customer, by kind. Never what the customer
 * merely said: the first name comes from the verified customer's profile (a lookup's answer for the user
 * the session verified, and only when that user is the conversation's customer); the order from a tool
 * call that succeeded with it; the open problem from the escalation's reason. (The local runtime has no
 * language detection, so `language` is not learned here.)
 */
export function factsFromTurn(run: TurnRun): Partial<Record<MemoryKind, string>> {
  const facts: Partial<Record<MemoryKind, string>> = {};
  const { session, conversation } = run;
  if (session.authenticatedUserId && session.authenticatedUserId === conversation.customerExternalId && session.customer?.firstName) {
    facts.preferred_name = session.customer.firstName;
  }
  for (const e of run.trace.events) {
    if (e.type !== "tool" || (e.decision !== "ok" && e.decision !== "replayed") || !e.input || typeof e.input !== "object") continue;
    for (const [k, v] of Object.entries(e.input as Record<string, unknown>)) if (ORDER_ARG.test(k) && typeof v === "string" && v.trim()) facts.last_order = v.trim();
  }
  if (run.escalation?.reason) facts.open_problem = run.escalation.reason;
  return facts;
}

/**
 * At the end of a turn of a conversation with a known customer: keeps the facts the workspace allows that
 * this conversation has not kept already (session.learned), each with its expiry, in one statement on
 * the turn's connection (it commits with the turn). Records what it kept in the trace. No facts, no query.
 */
export async function learnMemory(runSql: RunSql, run: TurnRun, settings: MemorySettings | undefined): Promise<void> {
  const customerId = run.conversation.customerRef;
  if (!customerId || !settings) return;
  const learned = (run.session.learned ??= {});
  const fresh = Object.entries(factsFromTurn(run))
    .map(([kind, value]) => ({ kind: kind as MemoryKind, value: value.slice(0, MAX_MEMORY_VALUE) }))
    .filter((f) => settings[f.kind].enabled && learned[f.kind] !== f.value);
  if (fresh.length === 0) return;
  const at = run.now.getTime();
  const rows = fresh.map((f) => ({ kind: f.kind, value: f.value, expires_at: new Date(at + settings[f.kind].days * DAY_MS).toISOString() }));
  await runSql(sql`
    insert into customer_memories (workspace_id, customer_id, kind, value, source_conversation_id, learned_at, expires_at)
    select ${run.conversation.workspaceId}, ${customerId}, m.kind, m.value, ${run.conversation.id}, ${run.now.toISOString()}::timestamptz, m.expires_at
    from jsonb_to_recordset(${JSON.stringify(rows)}::text::jsonb) as m(kind text, value text, expires_at timestamptz)`);
  for (const f of fresh) learned[f.kind] = f.value;
  run.trace.record({ type: "memory", name: `memory: learned ${fresh.map((f) => f.kind).join(", ")}`, output: Object.fromEntries(fresh.map((f) => [f.kind, f.value])), decision: "learned" });
}
