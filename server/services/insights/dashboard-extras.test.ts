import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { conversationAnnotations, conversations, conversationScores, journeys, memberships, scoreCriteria, turnTraces } from "@/db/schema";
import { handleInsightsCsv } from "@/server/api/handle-insights-csv";
import { retailFixture } from "@/server/agent/testing/retail-fixture";
import { journeyDropOff } from "@/server/services/journeys/journey-drop-off";
import { publishRelease } from "@/server/services/releases/publish-release";
import { simulateConversations } from "@/server/services/simulate/simulate-conversations";
import { testDatabase } from "@/test/db";
import { addMember, makeWorkspace } from "@/test/factories";

// Simulated conversations through the runtime, then latency, tokens, scores, sentiment, the journey
// funnel, the outcome report and the CSV checked against the rows, counted here independently.
let db: Db;
let fx: Awaited<ReturnType<typeof retailFixture>>;
let owner: { id: string; email: string; name: string };
let rows: (typeof conversations.$inferSelect)[];
const now = new Date("2026-11-30T18:00:00Z");
const week = { from: "2026-11-24", to: "2026-11-30" };
const all = { from: "2026-11-01", to: "2026-11-30" };
const inWeek = (r: { createdAt: Date }) => r.createdAt >= new Date("2026-11-24T00:00:00Z") && r.createdAt < new Date("2026-12-01T00:00:00Z");

/** percentile_cont, computed here: linear interpolation between the closest ranks. */
function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const at = p * (s.length - 1);
  const lo = Math.floor(at);
  return s[lo]! + (s[Math.ceil(at)]! - s[lo]!) * (at - lo);
}

beforeAll(async () => {
  db = (await testDatabase()).db;
  fx = await retailFixture(db, { template: "tpl-insights-extras" });
  const [m] = await db.select().from(memberships).where(eq(memberships.workspaceId, fx.workspace.id));
  owner = { id: m!.userId, email: "", name: "" };
  await publishRelease({ db, userId: m!.userId, workspace: fx.workspace, role: "owner" }, { agentId: fx.agent.id, notes: "Release 1" });
  await simulateConversations(db, { workspaceId: fx.workspace.id, agent: fx.agent.slug, conversations: 40, days: 14, seed: 5, appUrl: fx.store.appUrl, now });
  rows = await db.select().from(conversations).where(eq(conversations.agentId, fx.agent.id));
}, 120_000);
afterAll(() => fx?.store.close());

const metrics = (input: Record<string, unknown> = {}) => fx.caller.insights.agentMetrics({ workspace: fx.workspace.slug, agentId: fx.agent.id, ...week, timeZone: "UTC", ...input });

describe("insights: latency, tokens and cost", () => {
  it("reports first-reply and turn latency percentiles, tokens and cost as the turns recorded them", async () => {
    const current = rows.filter(inWeek);
    const traces = await db.select().from(turnTraces).where(inArray(turnTraces.conversationId, current.map((r) => r.id)));
    const timed = traces.filter((t) => t.latencyMs !== null);
    // The runtime recorded a latency on the turns it answered; local models use no tokens and cost nothing.
    expect(timed.length).toBeGreaterThan(20);
    for (const t of timed) expect(t.latencyMs!).toBeGreaterThan(0);
    expect(traces.every((t) => t.inputTokens === 0 && t.outputTokens === 0 && t.costUsd === 0)).toBe(true);

    const q = (await metrics()).quality;
    const latencies = timed.map((t) => t.latencyMs!);
    const first = timed.filter((t) => t.turn === 1).map((t) => t.latencyMs!);
    expect(q.current.latency.turn.count).toBe(latencies.length);
    expect(q.current.latency.turn.p50).toBeCloseTo(percentile(latencies, 0.5)!, 3);
    expect(q.current.latency.turn.p95).toBeCloseTo(percentile(latencies, 0.95)!, 3);
    expect(q.current.latency.firstReply.count).toBe(first.length);
    expect(q.current.latency.firstReply.p50).toBeCloseTo(percentile(first, 0.5)!, 3);
    expect(q.current.latency.firstReply.p95).toBeCloseTo(percentile(first, 0.95)!, 3);
    // The simulator does not stream: no first-text figure.
    expect(q.current.latency.firstText).toEqual({ count: 0, p50: null, p95: null });
    expect(q.current.cost).toEqual({ inputTokens: 0, outputTokens: 0, usd: 0, turns: traces.length });

    // Priced tokens on some turns (as an llm workspace records them) add up per period.
    const priced = traces.slice(0, 3);
    for (const [i, t] of priced.entries()) await db.update(turnTraces).set({ inputTokens: 100 * (i + 1), outputTokens: 10 * (i + 1), costUsd: 0.001 * (i + 1) }).where(eq(turnTraces.conversationId, t.conversationId));
    const after = (await metrics()).quality.current.cost;
    const touched = await db.select().from(turnTraces).where(inArray(turnTraces.conversationId, priced.map((t) => t.conversationId)));
    expect(after.inputTokens).toBe(touched.reduce((s, t) => s + t.inputTokens, 0));
    expect(after.outputTokens).toBe(touched.reduce((s, t) => s + t.outputTokens, 0));
    expect(after.usd).toBeCloseTo(touched.reduce((s, t) => s + t.costUsd, 0), 12);
    expect(after.inputTokens).toBeGreaterThan(0);
  });
});

describe("insights: review scores and the judge's sentiment", () => {
  it("averages people's and the AI's scores per criterion, their agreement, and the inferred sentiment", async () => {
    const current = rows.filter(inWeek);
    const [crit] = await db.insert(scoreCriteria).values({ workspaceId: fx.workspace.id, name: "Polite", scale: "pass_fail", scorer: "both" }).returning();
    const [a, b, c] = current;
    const score = (conversationId: string, kind: "human" | "ai", value: string) => ({ workspaceId: fx.workspace.id, conversationId, criterionId: crit!.id, kind, value, points: value === "pass" ? 1 : 0, authorName: kind });
    await db.insert(conversationScores).values([score(a!.id, "human", "pass"), score(b!.id, "human", "fail"), score(a!.id, "ai", "pass"), score(b!.id, "ai", "pass"), score(c!.id, "ai", "fail")]);
    const note = (conversationId: string, sentiment: number, sentimentLabel: "negative" | "neutral" | "positive") => ({ workspaceId: fx.workspace.id, conversationId, outcome: "resolved" as const, sentiment, sentimentLabel, topic: "returns", judge: "local judge" });
    await db.insert(conversationAnnotations).values([note(a!.id, -0.5, "negative"), note(b!.id, 0.1, "neutral"), note(c!.id, 0.6, "positive")]);

    const q = (await metrics()).quality;
    expect(q.scores).toEqual([
      { criterionId: crit!.id, name: "Polite", scale: "pass_fail", archived: false, human: { count: 2, scored: 2, averagePoints: 0.5 }, ai: { count: 3, scored: 3, averagePoints: 2 / 3 }, both: 2, agreed: 1 },
    ]);
    // sentiment is a real (float4): 0.1 is stored as 0.10000000149…
    expect(q.current.sentiment).toEqual({ annotated: 3, average: expect.closeTo(0.2 / 3, 6), negative: 1, neutral: 1, positive: 1 });
    expect(q.previous.sentiment.annotated).toBe(0);
  });
});

describe("insights: journey funnel", () => {
  it("has the canvas overlay's numbers on the same data, and adds up", async () => {
    const js = await db.select({ id: journeys.id, name: journeys.name }).from(journeys).where(eq(journeys.agentId, fx.agent.id));
    let checked = 0;
    for (const j of js) {
      const overlay = await journeyDropOff({ db, userId: owner.id, workspace: fx.workspace, role: "owner" }, { journeyId: j.id });
      const funnel = await fx.caller.insights.journeyFunnel({ workspace: fx.workspace.slug, filters: { agentId: fx.agent.id, ...all, timeZone: "UTC" }, journeyId: j.id });
      expect(funnel.entered).toBe(overlay.conversations);
      expect(Object.fromEntries(funnel.steps.map((s) => [s.nodeId, { passed: s.reached, left: s.left }]))).toEqual(Object.fromEntries(overlay.nodes.map((n) => [n.nodeId, { passed: n.passed, left: n.left }])));
      expect(funnel.completed + funnel.escalated + funnel.dropped).toBe(funnel.entered);
      if (funnel.entered > 0) checked++;
    }
    expect(checked).toBeGreaterThan(1);

    // Over one week: only that week's conversations; completed ones are resolved conversations.
    const j = js[0]!;
    const f = await fx.caller.insights.journeyFunnel({ workspace: fx.workspace.slug, filters: { agentId: fx.agent.id, ...week, timeZone: "UTC" }, journeyId: j.id });
    const overlayAll = await journeyDropOff({ db, userId: owner.id, workspace: fx.workspace, role: "owner" }, { journeyId: j.id });
    expect(f.entered).toBeLessThanOrEqual(overlayAll.conversations);
  });

  it("refuses an unknown journey, another workspace's journey, a reversed range", async () => {
    const other = await makeWorkspace(db);
    const otherAgent = await other.caller.agents.create({ workspace: other.workspace.slug, name: "Elsewhere" });
    const theirs = await other.caller.journeys.create({ workspace: other.workspace.slug, agent: otherAgent.slug, name: "Theirs" });
    const funnel = (journeyId: string, filters: Record<string, unknown> = {}) =>
      fx.caller.insights.journeyFunnel({ workspace: fx.workspace.slug, filters: { agentId: fx.agent.id, ...week, ...filters }, journeyId });
    await expect(funnel(theirs.id)).rejects.toMatchObject({ code: "NOT_FOUND", message: "Journey not found" });
    await expect(funnel("00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(funnel("not-a-uuid")).rejects.toMatchObject({ code: "BAD_REQUEST", message: "Unknown journey id" });
    const [mine] = await db.select({ id: journeys.id }).from(journeys).where(eq(journeys.agentId, fx.agent.id));
    await expect(funnel(mine!.id, { from: "2026-11-30", to: "2026-11-01" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("ends before it starts") });
    await expect(funnel(mine!.id, { release: 4 })).rejects.toMatchObject({ code: "NOT_FOUND", message: "Release 4 not found" });
  });
});

describe("insights: outcome report", () => {
  it("counts resolved conversations per month per agent, by the month they ended", async () => {
    const r = await fx.caller.insights.outcomeReport({ workspace: fx.workspace.slug, from: "2026-10", to: "2026-12", timeZone: "UTC" });
    expect(r.months).toEqual(["2026-10", "2026-11", "2026-12"]);
    const resolved = rows.filter((c) => c.status === "resolved" && c.channel !== "eval");
    const month = (c: (typeof rows)[number]) => (c.endedAt ?? c.lastMessageAt ?? c.createdAt).toISOString().slice(0, 7);
    for (const m of r.months) {
      const expected = resolved.filter((c) => month(c) === m);
      const row = r.rows.find((x) => x.month === m && x.agentId === fx.agent.id);
      expect(row?.resolved ?? 0).toBe(expected.length);
      expect(row?.contained ?? 0).toBe(expected.filter((c) => c.handedOffAt === null).length);
    }
    expect(r.total).toBe(resolved.length);
    expect(r.total).toBeGreaterThan(0);

    const other = await makeWorkspace(db);
    expect((await other.caller.insights.outcomeReport({ workspace: other.workspace.slug, from: "2026-10", to: "2026-12" })).rows).toEqual([]);
    await expect(other.caller.insights.outcomeReport({ workspace: fx.workspace.slug, from: "2026-10", to: "2026-12" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const bad = (from: string, to: string) => fx.caller.insights.outcomeReport({ workspace: fx.workspace.slug, from, to });
    await expect(bad("2026-12", "2026-10")).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("ends before it starts") });
    await expect(bad("2023-01", "2026-12")).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("two years") });
    await expect(bad("2026-13", "2026-12")).rejects.toMatchObject({ code: "BAD_REQUEST", message: "Months are written yyyy-mm" });
  });
});

describe("insights: CSV", () => {
  const csv = async (user: { id: string; email: string; name: string } | null, params: Record<string, string>) => {
    const res = await handleInsightsCsv({ db, user }, new Request(`http://test/api/insights/csv?${new URLSearchParams(params)}`));
    return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
  };

  it("downloads every table with the dashboard's filters, the numbers the dashboard shows", async () => {
    const base = { workspace: fx.workspace.slug, agentId: fx.agent.id, ...week, timeZone: "UTC" };
    const m = await metrics();
    const daily = await csv(owner, { ...base, table: "daily" });
    expect(daily.status).toBe(200);
    expect(daily.type).toMatch(/^text\/csv/);
    const lines = daily.text.trim().split("\r\n");
    expect(lines[0]).toBe("day,resolved,escalated,abandoned,open,total,previous_day,previous_total");
    expect(lines.slice(1).map((l) => Number(l.split(",")[5]))).toEqual(m.daily.map((d) => d.total));

    const byRelease = await csv(owner, { ...base, table: "by-release", channel: "api" });
    const apiM = await metrics({ channel: "api" });
    expect(byRelease.text.trim().split("\r\n").slice(1).map((l) => Number(l.split(",")[2]))).toEqual(apiM.byRelease.map((b) => b.conversations));

    for (const table of ["by-channel", "by-journey", "escalation-reasons", "policy-rules", "scores"]) expect((await csv(owner, { ...base, table })).status).toBe(200);
    const [j] = await db.select({ id: journeys.id }).from(journeys).where(eq(journeys.agentId, fx.agent.id));
    const funnel = await csv(owner, { ...base, table: "funnel", funnelJourney: j!.id });
    expect(funnel.text.split("\r\n")[1]).toMatch(/^entered,,\d+,$/);
    const outcomes = await csv(owner, { workspace: fx.workspace.slug, table: "outcomes", from: "2026-11", to: "2026-11" });
    expect(outcomes.text.split("\r\n")[0]).toBe("month,agent,agent_slug,resolved,contained");
  });

  it("answers bad input, strangers and signed-out callers with a clear JSON error", async () => {
    const base = { workspace: fx.workspace.slug, agentId: fx.agent.id, timeZone: "UTC", table: "daily" };
    const reversed = await csv(owner, { ...base, from: "2026-11-30", to: "2026-11-01" });
    expect(reversed.status).toBe(400);
    expect(JSON.parse(reversed.text).error.message).toContain("The range ends before it starts");
    const tooLong = await csv(owner, { ...base, from: "2023-01-01", to: "2026-11-30" });
    expect(JSON.parse(tooLong.text).error.message).toContain("two years or less");
    const release = await csv(owner, { ...base, ...week, release: "12" });
    expect(release.status).toBe(404);
    expect(JSON.parse(release.text).error.message).toBe("Release 12 not found");
    expect((await csv(owner, { ...base, ...week, table: "everything" })).status).toBe(400);
    expect((await csv(null, { ...base, ...week })).status).toBe(401);
    const stranger = await makeWorkspace(db);
    expect((await csv(stranger.owner, { ...base, ...week })).status).toBe(404);
    const viewer = await addMember(db, fx.workspace.id, "viewer");
    expect((await csv(viewer.user, { ...base, ...week })).status).toBe(200);
  });
});
