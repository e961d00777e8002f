import "server-only";
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { rowsOf } from "@/db/rows";
import type { StoredTraceStep } from "@/db/schema";
import { idSet } from "./erase-conversations";

export const REDACTED = "[redacted]";

// Event payload keys that say what happened, not what anyone wrote: kept as they are.
const KEPT_KEYS = new Set(["id", "role", "type", "owner", "status", "turn", "createdAt", "authorName", "tool", "decision", "priority", "reason", "outcome", "assigneeId"]);

/** Every string in a JSON value replaced by "[redacted]", except under keys that only describe the event. */
export function redactStrings(value: unknown, key?: string): unknown {
  if (typeof value === "string") return key !== undefined && KEPT_KEYS.has(key) ? value : REDACTED;
  if (Array.isArray(value)) return value.map((v) => redactStrings(v));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactStrings(v, k)]));
  return value;
}

/** A trace step without what was said or looked up: its type, name, decision and time, and a policy step's rule (insights count by it). */
export function anonymizeStep(step: StoredTraceStep): StoredTraceStep {
  const ruleId = (step.output as { ruleId?: unknown } | undefined)?.ruleId;
  return {
    type: step.type,
    name: step.name,
    ...(step.decision != null && { decision: step.decision }),
    ...(step.type === "policy" && typeof ruleId === "string" && { output: { ruleId } }),
    durationMs: step.durationMs,
  };
}

export interface AnonymizeCounts {
  conversations: number;
  messages: number;
}

/**
 * Keeps conversations for insights and review counts but removes who they were with and what was said:
 * message, note and correction text redacted; the customer link and the `customer` sent with it cleared;
 * the session (slots, verified facts) emptied and the handoff summary cut to its reason; traces keep each
 * step's type, name and decision; tool executions lose their arguments and results; event payloads and
 * webhook payloads lose their text; topic examples quoting the customer go. Marked in
 * `metadata.anonymizedAt`, so a later run skips them. Inside the caller's transaction.
 */
export async function anonymizeConversations(tx: Tx, input: { workspaceId: string; conversationIds: readonly string[]; now: Date }): Promise<AnonymizeCounts> {
  const ws = input.workspaceId;
  if (input.conversationIds.length === 0) return { conversations: 0, messages: 0 };
  const inIds = idSet(input.conversationIds);
  const customerTexts = rowsOf<{ text: string }>(
    await tx.execute(sql`select distinct text from messages where workspace_id = ${ws} and conversation_id in ${inIds} and role = 'customer' and text <> ${REDACTED}`),
  ).map((r) => r.text);
  if (customerTexts.length > 0) {
    const [found] = rowsOf<{ found: boolean }>(await tx.execute(sql`select to_regclass('public.topics') is not null as found`));
    if (found?.found) {
      await tx.execute(sql`
        update topics t set examples = coalesce((select jsonb_agg(x) from jsonb_array_elements(t.examples) x where (x #>> '{}') not in (select jsonb_array_elements_text(${JSON.stringify(customerTexts)}::text::jsonb))), '[]'::jsonb)
        where t.workspace_id = ${ws}`);
    }
  }
  const messages = rowsOf<{ n: number }>(
    await tx.execute(sql`with d as (update messages set text = ${REDACTED} where workspace_id = ${ws} and conversation_id in ${inIds} returning 1) select count(*)::int as n from d`),
  );
  await tx.execute(sql`update conversation_notes set text = ${REDACTED} where workspace_id = ${ws} and conversation_id in ${inIds}`);
  await tx.execute(sql`update message_corrections set text = ${REDACTED} where workspace_id = ${ws} and conversation_id in ${inIds} and text <> ''`);
  await tx.execute(sql`update tool_executions set args = '{}'::jsonb, result = null, error = case when error is null then null else ${REDACTED} end where workspace_id = ${ws} and conversation_id in ${inIds}`);
  await tx.execute(sql`update webhook_deliveries set payload = '{}'::jsonb, last_error = null where workspace_id = ${ws} and conversation_id in ${inIds} and status <> 'pending'`);

  // Traces and event payloads are JSON of many shapes: rewritten here, one statement each.
  const traces = rowsOf<{ conversation_id: string; turn: number; events: StoredTraceStep[] }>(
    await tx.execute(sql`select conversation_id, turn, events from turn_traces where workspace_id = ${ws} and conversation_id in ${inIds}`),
  );
  if (traces.length > 0) {
    const rows = traces.map((t) => ({ conversation_id: t.conversation_id, turn: t.turn, events: (typeof t.events === "string" ? (JSON.parse(t.events) as StoredTraceStep[]) : t.events).map(anonymizeStep) }));
    await tx.execute(sql`
      update turn_traces t set events = r.events
      from jsonb_to_recordset(${JSON.stringify(rows)}::text::jsonb) as r(conversation_id uuid, turn int, events jsonb)
      where t.workspace_id = ${ws} and t.conversation_id = r.conversation_id and t.turn = r.turn`);
  }
  const events = rowsOf<{ id: number; payload: unknown }>(await tx.execute(sql`select id, payload from conversation_events where workspace_id = ${ws} and conversation_id in ${inIds}`));
  if (events.length > 0) {
    const rows = events.map((e) => ({ id: Number(e.id), payload: redactStrings(typeof e.payload === "string" ? JSON.parse(e.payload) : e.payload) }));
    await tx.execute(sql`
      update conversation_events e set payload = r.payload
      from jsonb_to_recordset(${JSON.stringify(rows)}::text::jsonb) as r(id bigint, payload jsonb)
      where e.workspace_id = ${ws} and e.id = r.id`);
  }
  const conversations = rowsOf<{ n: number }>(
    await tx.execute(sql`
      with d as (
        update conversations set
          customer = null,
          customer_ref = null,
          state = '{}'::jsonb,
          handoff = case when handoff is null then null else jsonb_build_object('reason', handoff->>'reason') end,
          metadata = jsonb_build_object('anonymizedAt', ${input.now.toISOString()}::text)
        where workspace_id = ${ws} and id in ${inIds}
        returning 1)
      select count(*)::int as n from d`),
  );
  return { conversations: Number(conversations[0]?.n ?? 0), messages: Number(messages[0]?.n ?? 0) };
}
