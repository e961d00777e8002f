import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { conversationFacts, conversations, insightsPending, insightsRollups, memberships, turnTraces } from "@/db/schema";
import { retailFixture } from "@/server/agent/testing/retail-fixture";
import { endApiConversation } from "@/server/services/hosted-api/end-conversation";
import { publishRelease } from "@/server/services/releases/publish-release";
import { simulateConversations } from "@/server/services/simulate/simulate-conversations";
import { testDatabase } from "@/test/db";
import { makeWorkspace } from "@/test/factories";
import { agentMetrics } from "./agent-metrics";
import { resolveCohort } from "./cohort";
import { foldAllPending, rebuildAgentInsights } from "./rollup";

// Conversations through the real runtime (the simulator), then the dashboard's numbers — read from the
// daily rollups (UTC), the hourly ones (New York) and the facts (Kolkata, half-hour offset) — checked
// against the conversations and turn traces, counted here directly.
let db: Db;
let fx: Awaited<ReturnType<typeof retailFixture>>;
let ctx: Parameters<typeof agentMetrics>[0];
const now = new Date("2026-11-30T18:00:00Z");
const week = { from: "2026-11-24", to: "2026-11-30" };
// The week's bounds in each zone (November: New York is UTC−5, Kolkata UTC+5:30).
const zones = {
  UTC: { grain: "day", start: "2026-11-24T00:00:00Z", end: "2026-12-01T00:00:00Z" },
  "America/New_York": { grain: "hour", start: "2026-11-24T05:00:00Z", end: "2026-12-01T05:00:00Z" },
  "Asia/Kolkata": { grain: "facts", start: "2026-11-23T18:30:00Z", end: "2026-11-30T18:30:00Z" },
} as const;

function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const at = p * (s.length - 1);
  const lo = Math.floor(at);
  return s[lo]! + (s[Math.ceil(at)]! - s[lo]!) * (at - lo);
}

/** The week's headline counted directly from the conversations and their traces. */
async function direct(zone: keyof typeof zones) {
  const { start, end } = zones[zone];
  const rows = (await db.select().from(conversations).where(eq(conversations.agentId, fx.agent.id))).filter(
    (c) => c.channel !== "eval" && c.createdAt >= new Date(start) && c.createdAt < new Date(end),
  );
  const traces = rows.length ? await db.select().from(turnTraces).where(inArray(turnTraces.conversationId, rows.map((r) => r.id))) : [];
  const steps = traces.flatMap((t) => t.events as { type: string; decision?: string }[]);
  const csat = rows.filter((r) => r.csat !== null).map((r) => r.csat!);
  const latencies = traces.filter((t) => t.latencyMs !== null).map((t) => t.latencyMs!);
  const first = traces.filter((t) => t.latencyMs !== null && t.turn === 1).map((t) => t.latencyMs!);
  return {
    conversations: rows.length,
    resolved: rows.filter((r) => r.status === "resolved").length,
    contained: rows.filter((r) => r.status === "resolved" && r.handedOffAt === null).length,
    escalated: rows.filter((r) => r.status === "escalated").length,
    abandoned: rows.filter((r) => r.status === "abandoned").length,
    open: rows.filter((r) => r.status === "open").length,
    csat: { count: csat.length, average: csat.length ? csat.reduce((a, b) => a + b, 0) / csat.length : null },
    turnsMedian: percentile(rows.map((r) => r.turns), 0.5),
    toolCalls: steps.filter((s) => s.type === "tool" && s.decision !== "skipped").length,
    policy: steps.filter((s) => s.type === "policy").length,
    knowledge: steps.filter((s) => s.type === "knowledge").length,
    turnP50: ms(percentile(latencies, 0.5)),
    turnP95: ms(percentile(latencies, 0.95)),
    firstP95: ms(percentile(first, 0.95)),
    tracedTurns: traces.length,
  };
}

/** Latencies are stored as `real`: compared to the microsecond (the driver and Postgres print float4 differently). */
const ms = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);

async function dashboard(zone: keyof typeof zones) {
  const m = await agentMetrics(ctx, { agentId: fx.agent.id, ...week, timeZone: zone });
  const c = m.current;
  const q = m.quality.current;
  return {
    conversations: c.conversations,
    resolved: c.resolved,
    contained: c.contained,
    escalated: c.escalated,
    abandoned: c.abandoned,
    open: c.open,
    csat: c.csat,
    turnsMedian: c.turns.median,
    toolCalls: c.toolCalls,
    policy: Object.values(c.policy).reduce((a, b) => a + b, 0),
    knowledge: c.knowledge.searches,
    turnP50: ms(q.latency.turn.p50),
    turnP95: ms(q.latency.turn.p95),
    firstP95: ms(q.latency.firstReply.p95),
    tracedTurns: q.cost.turns,
  };
}

beforeAll(async () => {
  db = (await testDatabase()).db;
  fx = await retailFixture(db, { template: "tpl-insights-rollups" });
  const [m] = await db.select().from(memberships).where(eq(memberships.workspaceId, fx.workspace.id));
  ctx = { db, userId: m!.userId, workspace: fx.workspace, role: "owner" };
  await publishRelease(ctx, { agentId: fx.agent.id, notes: "Release 1" });
  await simulateConversations(db, { workspaceId: fx.workspace.id, agent: fx.agent.slug, conversations: 30, days: 14, seed: 11, appUrl: fx.store.appUrl, now });
  // Some ratings, as the API's end-with-CSAT leaves them.
  const rows = await db.select({ id: conversations.id }).from(conversations).where(eq(conversations.agentId, fx.agent.id)).limit(9);
  for (const [i, r] of rows.entries()) await db.update(conversations).set({ csat: 1 + (i % 5) }).where(eq(conversations.id, r.id));
}, 180_000);
afterAll(() => fx?.store.close());

describe("insights rollups", () => {
  it("after a rebuild, the rollups (daily and hourly) and the facts give the numbers counted directly", async () => {
    const progress: [number, number][] = [];
    const { conversations: rebuilt } = await rebuildAgentInsights(db, { id: fx.agent.id, workspaceId: fx.workspace.id }, (d, t) => progress.push([d, t]));
    expect(rebuilt).toBeGreaterThanOrEqual(30);
    expect(progress.at(-1)).toEqual([rebuilt, rebuilt]);
    const facts = await db.select().from(conversationFacts).where(eq(conversationFacts.agentId, fx.agent.id));
    expect(facts).toHaveLength(rebuilt);
    expect(await db.select().from(insightsPending).where(eq(insightsPending.agentId, fx.agent.id))).toEqual([]);

    for (const zone of Object.keys(zones) as (keyof typeof zones)[]) {
      expect((await resolveCohort(ctx, { agentId: fx.agent.id, ...week, timeZone: zone })).grain, zone).toBe(zones[zone].grain);
      const expected = await direct(zone);
      expect(expected.conversations, zone).toBeGreaterThan(5);
      const got = await dashboard(zone);
      expect({ ...got, csat: { count: got.csat.count, average: got.csat.average === null ? null : Number(got.csat.average.toFixed(9)) } }, zone).toEqual({
        ...expected,
        csat: { count: expected.csat.count, average: expected.csat.average === null ? null : Number(expected.csat.average.toFixed(9)) },
      });
    }
    // The week holds traces with steps, latencies and ratings, so the comparison above means something.
    const utc = await direct("UTC");
    expect(utc.toolCalls + utc.policy + utc.knowledge).toBeGreaterThan(0);
    expect(utc.turnP95).not.toBeNull();
  });

  it("reads the rollups it says it reads: a changed daily row moves the UTC number, not the hourly one, until a rebuild", async () => {
    const before = { utc: (await dashboard("UTC")).conversations, ny: (await dashboard("America/New_York")).conversations };
    const [row] = await db
      .select({ id: insightsRollups.id })
      .from(insightsRollups)
      .where(and(eq(insightsRollups.agentId, fx.agent.id), eq(insightsRollups.grain, "day"), sql`${insightsRollups.bucketStart} >= '2026-11-24T00:00:00Z'`, sql`${insightsRollups.bucketStart} < '2026-12-01T00:00:00Z'`))
      .limit(1);
    expect(row).toBeDefined();
    await db.update(insightsRollups).set({ conversations: sql`${insightsRollups.conversations} + 1000` }).where(eq(insightsRollups.id, row!.id));
    expect((await dashboard("UTC")).conversations).toBe(before.utc + 1000);
    expect((await dashboard("America/New_York")).conversations).toBe(before.ny);
    await rebuildAgentInsights(db, { id: fx.agent.id, workspaceId: fx.workspace.id });
    expect((await dashboard("UTC")).conversations).toBe(before.utc);
  });

  it("a late CSAT through the API updates the facts and the rollups (by the job) and the numbers", async () => {
    const [c] = await db
      .select()
      .from(conversations)
      .where(and(eq(conversations.agentId, fx.agent.id), eq(conversations.channel, "api"), sql`${conversations.releaseId} is not null`, sql`${conversations.createdAt} >= '2026-11-24'`, sql`${conversations.csat} is null`))
      .limit(1);
    expect(c).toBeDefined();
    const before = await dashboard("UTC");
    await endApiConversation({ db, appUrl: fx.store.appUrl, workspaceId: fx.workspace.id, channel: "api" } as Parameters<typeof endApiConversation>[0], { conversationId: c!.id, csat: 5 });
    // The change is queued by the trigger and folded in by the job.
    expect(await db.select().from(insightsPending).where(eq(insightsPending.conversationId, c!.id))).toHaveLength(1);
    expect(await foldAllPending(db)).toBeGreaterThanOrEqual(1);
    const [fact] = await db.select().from(conversationFacts).where(eq(conversationFacts.conversationId, c!.id));
    expect(fact!.csat).toBe(5);
    const day = new Date(Date.UTC(c!.createdAt.getUTCFullYear(), c!.createdAt.getUTCMonth(), c!.createdAt.getUTCDate()));
    const [rolled] = rowsOf<{ csat_count: number }>(
      await db.execute(sql`select sum(csat_count)::int as csat_count from insights_rollups where agent_id = ${fx.agent.id} and grain = 'day' and bucket_start = ${day.toISOString()}::timestamptz`),
    );
    const [counted] = rowsOf<{ n: number }>(
      await db.execute(sql`select count(csat)::int as n from conversations where agent_id = ${fx.agent.id} and created_at >= ${day.toISOString()}::timestamptz and created_at < ${day.toISOString()}::timestamptz + interval '1 day'`),
    );
    expect(rolled!.csat_count).toBe(counted!.n);
    const after = await dashboard("UTC");
    expect(after.csat.count).toBe(before.csat.count + 1);
    expect(after).toEqual({ ...after, ...(await direct("UTC")), csat: after.csat });
  });

  it("keeps workspaces apart: another workspace's conversations are not in the rollups, and its agent is NOT_FOUND", async () => {
    const other = await retailFixture(db, { template: "tpl-insights-rollups" });
    try {
      const [m] = await db.select().from(memberships).where(eq(memberships.workspaceId, other.workspace.id));
      const otherCtx = { db, userId: m!.userId, workspace: other.workspace, role: "owner" as const };
      await publishRelease(otherCtx, { agentId: other.agent.id, notes: "Release 1" });
      await simulateConversations(db, { workspaceId: other.workspace.id, agent: other.agent.slug, conversations: 6, days: 7, seed: 3, appUrl: other.store.appUrl, now });
      const mine = await dashboard("UTC");
      expect(mine).toEqual({ ...mine, conversations: (await direct("UTC")).conversations });
      const theirs = await agentMetrics(otherCtx, { agentId: other.agent.id, ...week, timeZone: "UTC" });
      expect(theirs.current.conversations + theirs.previous.conversations).toBe(6);
      const rows = await db.select({ workspaceId: insightsRollups.workspaceId }).from(insightsRollups).where(eq(insightsRollups.agentId, other.agent.id));
      expect(rows.length).toBeGreaterThan(0);
      expect(new Set(rows.map((r) => r.workspaceId))).toEqual(new Set([other.workspace.id]));
      await expect(agentMetrics(ctx, { agentId: other.agent.id, ...week, timeZone: "UTC" })).rejects.toMatchObject({ code: "not_found" });
      const { caller } = await makeWorkspace(db);
      await expect(caller.insights.agentMetrics({ workspace: fx.workspace.slug, agentId: fx.agent.id, ...week, timeZone: "UTC" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    } finally {
      await other.store.close();
    }
  });
});
