import "server-only";
import { type SQL, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { DELIVER_WEBHOOK_QUEUE } from "@/server/jobs/queues";

/** What an erasure removed, per kind of row: the counts an audit entry keeps (never the data). */
export interface ErasureCounts {
  conversations: number;
  messages: number;
  traces: number;
  events: number;
  toolExecutions: number;
  webhookDeliveries: number;
  jobs: number;
  notes: number;
  tags: number;
  corrections: number;
  scores: number;
  annotations: number;
  memories: number;
  evalResultsUnlinked: number;
  topicExamples: number;
  auditEntriesScrubbed: number;
}

export const emptyCounts = (): ErasureCounts => ({
  conversations: 0,
  messages: 0,
  traces: 0,
  events: 0,
  toolExecutions: 0,
  webhookDeliveries: 0,
  jobs: 0,
  notes: 0,
  tags: 0,
  corrections: 0,
  scores: 0,
  annotations: 0,
  memories: 0,
  evalResultsUnlinked: 0,
  topicExamples: 0,
  auditEntriesScrubbed: 0,
});

/**
 * Tables that name a conversation without a foreign key that cascades (or sets null) from it: the erasure
 * handles each itself. Every other table with a `conversation_id` must cascade from `conversations`
 * (erase-conversations.test.ts checks the catalog, so a new table cannot slip past a forget).
 */
// insights_pending: a conversation's delete trigger replaces its queue row by its bucket's (migration 0029).
export const ERASED_WITHOUT_CASCADE = ["tool_executions", "webhook_deliveries", "insights_pending"] as const;

/** A list of ids as one parameter (a JSON array), usable as `x in ${idSet(ids)}`. */
export const idSet = (ids: readonly string[]): SQL => sql`(select jsonb_array_elements_text(${JSON.stringify(ids)}::text::jsonb)::uuid)`;
const textSet = (values: readonly string[]): SQL => sql`(select jsonb_array_elements_text(${JSON.stringify(values)}::text::jsonb))`;

// Fifteen-minute buckets from a fixed origin: every time zone's midnight falls on a bucket boundary.
const bucket = (column: SQL) => sql`date_bin('15 minutes', ${column}, timestamptz '2000-01-01 00:00:00+00')`;

async function count(tx: Tx, statement: SQL): Promise<number> {
  const [row] = rowsOf<{ n: number }>(await tx.execute(sql`with d as (${statement} returning 1) select count(*)::int as n from d`));
  return Number(row?.n ?? 0);
}

/**
 * Erases conversations of one workspace and everything that names them, inside the caller's transaction,
 * after adding them to the erased aggregates (erased_conversation_stats, erased_trace_steps) that insights
 * add back in. `identifiers` are further strings (a customer's id, external id, email) whose audit entries
 * and queued jobs are scrubbed too. Returns the counts per kind.
 */
export async function eraseConversations(
  tx: Tx,
  input: { workspaceId: string; conversationIds: readonly string[]; identifiers?: readonly string[]; /** Exact audit targets that identify the customer (their ids, however short). */ targets?: readonly string[] },
): Promise<ErasureCounts> {
  const counts = emptyCounts();
  const ws = input.workspaceId;
  const ids = input.conversationIds;
  if (ids.length > 0) {
    const inIds = idSet(ids);
    // 1. What insights read, as aggregates without any id.
    await tx.execute(sql`
      insert into erased_conversation_stats as s (workspace_id, agent_id, bucket_start, channel, status, release_id, release_number, journey_id, handed_off, csat, turns, handoff_reason, conversations)
      select workspace_id, agent_id, ${bucket(sql`created_at`)}, channel, status, release_id, release_number, journey_id, handed_off_at is not null, csat, turns, handoff->>'reason', count(*)::int
      from conversations where workspace_id = ${ws} and id in ${inIds}
      group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12
      on conflict on constraint erased_conversation_stats_group_unique do update set conversations = s.conversations + excluded.conversations`);
    await tx.execute(sql`
      insert into erased_trace_steps as s (workspace_id, agent_id, bucket_start, channel, release_number, journey_id, type, name, decision, rule_id, steps)
      select c.workspace_id, c.agent_id, ${bucket(sql`c.created_at`)}, c.channel, c.release_number, c.journey_id,
        e.step->>'type', coalesce(e.step->>'name', ''), e.step->>'decision', e.step->'output'->>'ruleId', count(*)::int
      from conversations c
      join turn_traces t on t.conversation_id = c.id and t.workspace_id = c.workspace_id
      cross join lateral jsonb_array_elements(t.events) as e(step)
      where c.workspace_id = ${ws} and c.id in ${inIds} and e.step->>'type' in ('tool', 'policy', 'guardrail', 'knowledge')
      group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
      on conflict on constraint erased_trace_steps_group_unique do update set steps = s.steps + excluded.steps`);

    // 2. Rows other tables copied from these conversations, matched before the conversations go.
    const messageIds = rowsOf<{ id: string; text: string; role: string }>(
      await tx.execute(sql`select id, text, role from messages where workspace_id = ${ws} and conversation_id in ${inIds}`),
    );
    const customerTexts = [...new Set(messageIds.filter((m) => m.role === "customer").map((m) => m.text))];
    const deliveryIds = rowsOf<{ id: string }>(await tx.execute(sql`select id from webhook_deliveries where workspace_id = ${ws} and conversation_id in ${inIds}`)).map((r) => r.id);
    counts.jobs += await count(
      tx,
      sql`delete from pgboss.job where (data->>'conversationId' in ${textSet(ids)}) or (name = ${DELIVER_WEBHOOK_QUEUE} and data->>'deliveryId' in ${textSet(deliveryIds)})`,
    );
    counts.jobs += await count(
      tx,
      sql`delete from pgboss.archive where (data->>'conversationId' in ${textSet(ids)}) or (name = ${DELIVER_WEBHOOK_QUEUE} and data->>'deliveryId' in ${textSet(deliveryIds)})`,
    );
    counts.webhookDeliveries = await count(tx, sql`delete from webhook_deliveries where workspace_id = ${ws} and conversation_id in ${inIds}`);
    counts.toolExecutions = await count(tx, sql`delete from tool_executions where workspace_id = ${ws} and conversation_id in ${inIds}`);
    counts.evalResultsUnlinked = await count(tx, sql`update eval_results set conversation_id = null where workspace_id = ${ws} and conversation_id in ${inIds}`);
    counts.memories = await count(tx, sql`delete from customer_memories where workspace_id = ${ws} and source_conversation_id in ${inIds}`);
    // A topic's examples quote customer messages verbatim: the erased ones leave them.
    if (customerTexts.length > 0 && (await tableExists(tx, "topics"))) {
      const [row] = rowsOf<{ n: number }>(
        await tx.execute(sql`
          with changed as (
            update topics t set examples = coalesce((select jsonb_agg(x) from jsonb_array_elements(t.examples) x where (x #>> '{}') not in ${textSet(customerTexts)}), '[]'::jsonb)
            where t.workspace_id = ${ws} and exists (select 1 from jsonb_array_elements(t.examples) x where (x #>> '{}') in ${textSet(customerTexts)})
            returning 1)
          select count(*)::int as n from changed`),
      );
      counts.topicExamples = Number(row?.n ?? 0);
    }

    // 3. The conversations' own rows (counted one by one for the audit entry), then the conversations;
    // anything else that names a conversation cascades from it.
    const byConversation = (table: string) => sql`delete from ${sql.identifier(table)} where workspace_id = ${ws} and conversation_id in ${inIds}`;
    counts.annotations = await count(tx, byConversation("conversation_annotations"));
    counts.scores = await count(tx, byConversation("conversation_scores"));
    counts.corrections = await count(tx, byConversation("message_corrections"));
    counts.tags = await count(tx, byConversation("conversation_tags"));
    counts.notes = await count(tx, byConversation("conversation_notes"));
    counts.events = await count(tx, byConversation("conversation_events"));
    counts.traces = await count(tx, byConversation("turn_traces"));
    counts.messages = await count(tx, byConversation("messages"));
    counts.conversations = await count(tx, sql`delete from conversations where workspace_id = ${ws} and id in ${inIds}`);

    // 4. Audit entries about these conversations or their messages keep who did what and when, not what was written.
    counts.auditEntriesScrubbed += await scrubAudit(tx, ws, [...ids, ...messageIds.map((m) => m.id)], input.identifiers ?? [], input.targets ?? []);
  } else if (input.identifiers?.length || input.targets?.length) {
    counts.auditEntriesScrubbed += await scrubAudit(tx, ws, [], input.identifiers ?? [], input.targets ?? []);
  }
  if (input.identifiers?.length) {
    const needles = input.identifiers;
    const mentions = (column: string) => sql`exists (select 1 from ${textSet(needles)} as n(v) where strpos(coalesce(${sql.identifier(column)}::text, ''), n.v) > 0)`;
    counts.jobs += await count(tx, sql`delete from pgboss.job where ${mentions("data")} or ${mentions("output")}`);
    counts.jobs += await count(tx, sql`delete from pgboss.archive where ${mentions("data")} or ${mentions("output")}`);
  }
  return counts;
}

/**
 * Audit entries whose target is one of `targetIds` or `personal`, or whose before/after mention one of
 * `needles` (or a target id): before and after are cleared, and a target that names the person becomes "erased".
 */
async function scrubAudit(tx: Tx, workspaceId: string, targetIds: readonly string[], needles: readonly string[], personal: readonly string[]): Promise<number> {
  const all = [...needles, ...targetIds];
  const named = [...needles, ...personal];
  const mention = sql`exists (select 1 from ${textSet(all)} as n(v) where strpos(coalesce(a.before::text, '') || coalesce(a.after::text, ''), n.v) > 0)`;
  const [row] = rowsOf<{ n: number }>(
    await tx.execute(sql`
      with changed as (
        update audit_logs a set
          before = case when a.before is null then null else '{"erased":true}'::jsonb end,
          after = case when a.after is null then null else '{"erased":true}'::jsonb end,
          target_id = case when a.target_id in ${textSet(named)} then 'erased' else a.target_id end
        where a.workspace_id = ${workspaceId}
          and (a.target_id in ${textSet([...all, ...personal])} or ${mention})
        returning 1)
      select count(*)::int as n from changed`),
  );
  return Number(row?.n ?? 0);
}

async function tableExists(tx: Tx, table: string): Promise<boolean> {
  const [row] = rowsOf<{ found: boolean }>(await tx.execute(sql`select to_regclass(${`public.${table}`}) is not null as found`));
  return Boolean(row?.found);
}
