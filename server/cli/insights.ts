import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { addDays } from "@/lib/schemas/insights";
import { invalid } from "@/server/errors";
import { agentMetrics } from "@/server/services/insights/agent-metrics";
import { rebuildAgentInsights } from "@/server/services/insights/rollup";
import { type CliTarget, resolveCliTarget } from "./cli-target";

/** Days the headline covers when --since is not given: the last 30, today included. */
export const DEFAULT_DAYS = 30;

const round = (n: number | null, digits: number) => (n === null ? null : Math.round(n * 10 ** digits) / 10 ** digits);

/**
 * `switchback insights --agent SLUG [--since DATE] [--release N|draft] [--json]`: the dashboard's headline
 * numbers from --since (a day, UTC) to today, through the same service the studio's Insights page reads.
 */
export async function insightsFromCli(db: Db, input: CliTarget & { since?: string; release?: string; json?: boolean; today?: string }): Promise<string> {
  const { ctx, agentId } = await resolveCliTarget(db, input);
  const today = input.today ?? new Date().toISOString().slice(0, 10);
  let release: number | "draft" | undefined;
  if (input.release !== undefined) {
    if (input.release === "draft") release = "draft";
    else if (/^\d+$/.test(input.release) && Number(input.release) >= 1) release = Number(input.release);
    else throw invalid(`--release must be a release number (1, 2, …) or "draft", not "${input.release}"`);
  }
  if (input.since !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(input.since)) throw invalid(`--since must be a day written yyyy-mm-dd, not "${input.since}"`);
  const m = await agentMetrics(ctx, { agentId, from: input.since ?? addDays(today, -(DEFAULT_DAYS - 1)), to: today, timeZone: "UTC", release });
  const c = m.current;
  const q = m.quality.current;
  const headline = {
    agent: m.agent.slug,
    from: m.period.from,
    to: m.period.to,
    release: release ?? "all",
    conversations: c.conversations,
    resolved: c.resolved,
    contained: c.contained,
    escalated: c.escalated,
    abandoned: c.abandoned,
    rates: { resolution: round(c.rates.resolution, 4), containment: round(c.rates.containment, 4), escalation: round(c.rates.escalation, 4), abandonment: round(c.rates.abandonment, 4) },
    csat: { ratings: c.csat.count, average: round(c.csat.average, 2) },
    turnsPerConversation: round(c.turns.average, 2),
    latencyMs: {
      firstReply: { p50: round(q.latency.firstReply.p50, 1), p95: round(q.latency.firstReply.p95, 1) },
      turn: { p50: round(q.latency.turn.p50, 1), p95: round(q.latency.turn.p95, 1) },
    },
    tokens: { input: q.cost.inputTokens, output: q.cost.outputTokens },
    costUsd: round(q.cost.usd, 6),
    judgedSentiment: { annotated: q.sentiment.annotated, average: round(q.sentiment.average, 3) },
  };
  if (input.json) return JSON.stringify(headline, null, 2);
  const pct = (r: number | null) => (r === null ? "—" : `${(r * 100).toFixed(1)}%`);
  const ms = (v: number | null) => (v === null ? "—" : `${v} ms`);
  return [
    `${headline.agent}, ${headline.from} – ${headline.to}${release === undefined ? "" : release === "draft" ? " (draft)" : ` (release ${release})`}`,
    `  conversations       ${c.conversations}`,
    `  resolution          ${pct(c.rates.resolution)}  (${c.resolved})`,
    `  containment         ${pct(c.rates.containment)}  (${c.contained})`,
    `  escalation          ${pct(c.rates.escalation)}  (${c.escalated})`,
    `  abandonment         ${pct(c.rates.abandonment)}  (${c.abandoned})`,
    `  CSAT (API)          ${headline.csat.average ?? "—"}  (${c.csat.count} ratings)`,
    `  turns/conversation  ${headline.turnsPerConversation ?? "—"}`,
    `  first reply         p50 ${ms(headline.latencyMs.firstReply.p50)}, p95 ${ms(headline.latencyMs.firstReply.p95)}`,
    `  turn latency        p50 ${ms(headline.latencyMs.turn.p50)}, p95 ${ms(headline.latencyMs.turn.p95)}`,
    `  tokens              ${q.cost.inputTokens} in, ${q.cost.outputTokens} out; cost $${q.cost.usd.toFixed(4)}`,
  ].join("\n");
}

/**
 * `switchback insights rebuild --agent SLUG`: recomputes the agent's conversation facts and hourly / daily
 * rollups from its conversations (and the erased ones' aggregates), with progress on stderr.
 */
export async function rebuildInsightsFromCli(db: Db, input: CliTarget, io: { stderr: { write(text: string): unknown } }): Promise<string> {
  const { ctx, agentId } = await resolveCliTarget(db, input);
  const started = performance.now();
  let last = 0;
  const { conversations } = await rebuildAgentInsights(db, { id: agentId, workspaceId: ctx.workspace.id }, (done, total) => {
    if (done === total || performance.now() - last > 1000) {
      io.stderr.write(`rolled up ${done}/${total} conversations\n`);
      last = performance.now();
    }
  });
  const [rows] = rowsOf<{ facts: number; hours: number; days: number }>(
    await db.execute(sql`select (select count(*)::int from conversation_facts where workspace_id = ${ctx.workspace.id} and agent_id = ${agentId}) as facts,
      count(*) filter (where grain = 'hour')::int as hours, count(*) filter (where grain = 'day')::int as days
      from insights_rollups where workspace_id = ${ctx.workspace.id} and agent_id = ${agentId}`),
  );
  const seconds = (performance.now() - started) / 1000;
  return `Rebuilt insights for ${input.agentSlug}: ${conversations} conversations, ${rows?.facts ?? 0} facts, ${rows?.hours ?? 0} hourly and ${rows?.days ?? 0} daily rollup rows in ${seconds.toFixed(1)} s.`;
}
