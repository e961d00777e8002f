// Insights rollup job throughput: N ended conversations (4 traced turns each, with tool, policy, guardrail
// and knowledge steps and latencies) over 30 days, then the `insights.rollup` job's fold (facts + hourly
// and daily rollups) timed; then a "late events" round (CSAT on 10 % of them) folded again. Run: see bench/README.md.
import { writeFileSync } from "node:fs";
import { eq, sql } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { conversations, turnTraces, workspaces } from "@/db/schema";
import { createAgent } from "@/server/services/agents/agents";
import { foldAllPending } from "@/server/services/insights/rollup";
import { agentMetrics } from "@/server/services/insights/agent-metrics";
import { createUser } from "@/server/services/users/create-user";
import { createWorkspace } from "@/server/services/workspaces/create-workspace";

const arg = (name: string, fallback: number) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : fallback);
const total = arg("--conversations", 20_000);
const batch = arg("--batch", 5_000);
const database = await openDatabase({ url: process.env.DATABASE_URL, dataDir: "memory://" });
const { db } = database;
const user = await createUser(db, { name: "Bench", email: `bench-${Date.now()}@example.test`, password: "bench bench bench" });
const workspace = await createWorkspace({ db, userId: user.id }, { name: `Bench ${Date.now()}` });
const ctx = { db, userId: user.id, workspace, role: "owner" as const };
const agent = await createAgent(ctx, { name: "Bench agent" });

const channels = ["playground", "api", "widget"];
const statuses = ["resolved", "resolved", "escalated", "abandoned"];
const stepsOf = (i: number, turn: number) => [
  { type: "tool", name: "lookup_order", decision: i % 17 === 0 ? "error" : "ok" },
  { type: "policy", name: "refunds", decision: ["allow", "deny", "require_confirmation"][(i + turn) % 3], output: { ruleId: `r${i % 4}` } },
  { type: "knowledge", name: "faq", decision: i % 9 === 0 ? "not grounded" : "grounded" },
  { type: "guardrail", name: "output", decision: i % 50 === 0 ? "blocked" : "passed" },
];
const start = Date.UTC(2026, 10, 1);
let started = performance.now();
for (let from = 0; from < total; from += 2_000) {
  const rows = Array.from({ length: Math.min(2_000, total - from) }, (_, j) => {
    const i = from + j;
    const createdAt = new Date(start + Math.floor((i / total) * 30 * 86_400_000));
    return {
      workspaceId: workspace.id,
      agentId: agent.id,
      channel: channels[i % 3]!,
      status: statuses[i % 4]!,
      turns: 4,
      createdAt,
      endedAt: new Date(createdAt.getTime() + 120_000),
      handoff: i % 4 === 2 ? { reason: ["asked_for_human", "policy", "low_confidence"][i % 3] } : null,
      handedOffAt: i % 4 === 2 ? createdAt : null,
    };
  });
  const ids = await db.insert(conversations).values(rows).returning({ id: conversations.id });
  await db.insert(turnTraces).values(
    ids.flatMap((c, j) =>
      [1, 2, 3, 4].map((turn) => ({
        workspaceId: workspace.id,
        conversationId: c.id,
        turn,
        events: stepsOf(from + j, turn),
        latencyMs: 5 + ((from + j) * 7 + turn * 13) % 400,
        inputTokens: 100,
        outputTokens: 20,
        costUsd: 0.0001,
      })),
    ) as (typeof turnTraces.$inferInsert)[],
  );
}
const loadSeconds = (performance.now() - started) / 1000;
console.log(`loaded ${total} ended conversations (${total * 4} traced turns) in ${loadSeconds.toFixed(1)} s`);
await db.execute(sql`analyze`);

const pending = async () => rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from insights_pending where workspace_id = ${workspace.id}`))[0]!.n;
console.log(`queued by the triggers: ${await pending()}`);
started = performance.now();
const folded = await foldAllPending(db, { agentId: agent.id, batch });
const foldSeconds = (performance.now() - started) / 1000;
const [counts] = rowsOf<{ facts: number; hours: number; days: number }>(
  await db.execute(sql`select (select count(*)::int from conversation_facts where agent_id = ${agent.id}) as facts,
    count(*) filter (where grain = 'hour')::int as hours, count(*) filter (where grain = 'day')::int as days from insights_rollups where agent_id = ${agent.id}`),
);
console.log(`fold: ${folded} conversations in ${foldSeconds.toFixed(2)} s = ${Math.round(folded / foldSeconds)} conversations/s (${counts!.facts} facts, ${counts!.hours} hourly, ${counts!.days} daily rows)`);

// Late events, folded again (their facts and whole buckets re-rolled): a CSAT on every conversation of the
// month's last day (typical: ratings come minutes after the end), then on every tenth conversation of the
// whole month (worst case: every hour and day of the month re-rolled).
const late: Record<string, { queued: number; seconds: number; perSecond: number }> = {};
for (const [label, where] of [
  ["last day", sql`created_at >= ${new Date(start + 29 * 86_400_000).toISOString()}::timestamptz`],
  ["whole month", sql`(extract(epoch from created_at)::bigint / 60) % 10 = 0`],
] as const) {
  await db.execute(sql`update conversations set csat = 4 where agent_id = ${agent.id} and ${where}`);
  const queued = await pending();
  started = performance.now();
  const refolded = await foldAllPending(db, { agentId: agent.id, batch });
  const seconds = (performance.now() - started) / 1000;
  late[label] = { queued, seconds, perSecond: refolded / seconds };
  console.log(`late CSAT (${label}): ${queued} queued, ${refolded} folded in ${seconds.toFixed(2)} s = ${Math.round(refolded / seconds)} conversations/s`);
}

// The dashboard over the rolled-up month (UTC: daily rows; New York: hourly rows; Kolkata: the facts).
const dashboard: Record<string, number> = {};
for (const timeZone of ["UTC", "America/New_York", "Asia/Kolkata"]) {
  const samples: number[] = [];
  for (let r = 0; r < 10; r++) {
    started = performance.now();
    await agentMetrics(ctx, { agentId: agent.id, from: "2026-11-16", to: "2026-11-30", timeZone });
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  dashboard[timeZone] = Number(samples[Math.floor(samples.length / 2)]!.toFixed(1));
  console.log(`agentMetrics, 15 days, ${timeZone}: p50 ${dashboard[timeZone]} ms`);
}

const file = `bench/insights/last-results.${process.env.DATABASE_URL ? "postgres" : "pglite"}.json`;
writeFileSync(
  file,
  `${JSON.stringify({ at: new Date().toISOString(), conversations: total, batch, loadSeconds, foldSeconds, perSecond: folded / foldSeconds, late, rows: counts, dashboardP50Ms: dashboard }, null, 2)}\n`,
);
// The bench's workspace goes (its conversations, facts and rollups with it): a shared Postgres stays as it was.
await db.delete(workspaces).where(eq(workspaces.id, workspace.id));
await database.close();
