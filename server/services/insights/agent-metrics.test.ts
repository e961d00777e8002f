import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { conversations, memberships, turnTraces } from "@/db/schema";
import { retailFixture } from "@/server/agent/testing/retail-fixture";
import { publishRelease } from "@/server/services/releases/publish-release";
import { simulateConversations } from "@/server/services/simulate/simulate-conversations";
import { testDatabase } from "@/test/db";
import { addMember, makeWorkspace } from "@/test/factories";

// Forty real conversations over two weeks through the runtime (the simulator), then every metric checked
// against what the rows themselves say, counted here independently of the service's SQL.
let db: Db;
let fx: Awaited<ReturnType<typeof retailFixture>>;
let rows: (typeof conversations.$inferSelect)[];
const now = new Date("2026-11-30T18:00:00Z");
const week = { from: "2026-11-24", to: "2026-11-30" };
const utcDay = (d: string, plus = 0) => new Date(Date.parse(`${d}T00:00:00Z`) + plus * 86_400_000);
const inWeek = (r: { createdAt: Date }, from: string) => r.createdAt >= utcDay(from) && r.createdAt < utcDay(from, 7);

beforeAll(async () => {
  db = (await testDatabase()).db;
  fx = await retailFixture(db, { template: "tpl-insights" });
  const [owner] = await db.select().from(memberships).where(eq(memberships.workspaceId, fx.workspace.id));
  await publishRelease({ db, userId: owner!.userId, workspace: fx.workspace, role: "owner" }, { agentId: fx.agent.id, notes: "Release 1" });
  await simulateConversations(db, { workspaceId: fx.workspace.id, agent: fx.agent.slug, conversations: 40, days: 14, seed: 11, appUrl: fx.store.appUrl, now });
  rows = await db.select().from(conversations).where(eq(conversations.agentId, fx.agent.id));
}, 60_000);
afterAll(() => fx?.store.close());

const metrics = (input: Record<string, unknown> = {}) =>
  fx.caller.insights.agentMetrics({ workspace: fx.workspace.slug, agentId: fx.agent.id, ...week, timeZone: "UTC", ...input });

/** What the conversation rows say about a set of them. */
function expected(set: typeof rows) {
  const count = (p: (r: (typeof rows)[number]) => boolean) => set.filter(p).length;
  const rated = set.filter((r) => r.csat !== null);
  return {
    conversations: set.length,
    resolved: count((r) => r.status === "resolved"),
    contained: count((r) => r.status === "resolved" && r.handedOffAt === null),
    escalated: count((r) => r.status === "escalated"),
    abandoned: count((r) => r.status === "abandoned"),
    open: count((r) => r.status === "open"),
    handedOff: count((r) => r.handedOffAt !== null),
    // The sum in another order than Postgres's: equal to the last bits.
    csat: { count: rated.length, average: rated.length ? expect.closeTo(rated.reduce((s, r) => s + r.csat!, 0) / rated.length, 9) : null },
  };
}

function median(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  const mid = (s.length - 1) / 2;
  return (s[Math.floor(mid)]! + s[Math.ceil(mid)]!) / 2;
}

describe("insights.agentMetrics", () => {
  it("counts outcomes, rates, CSAT and turns as the rows do, against the previous week", async () => {
    const current = rows.filter((r) => inWeek(r, week.from));
    const previous = rows.filter((r) => inWeek(r, "2026-11-17"));
    expect(current.length).toBeGreaterThan(5);
    expect(previous.length).toBeGreaterThan(5);

    const m = await metrics();
    expect(m.period).toMatchObject({ from: week.from, to: week.to, days: 7, start: utcDay(week.from), end: utcDay(week.from, 7) });
    expect(m.previousPeriod).toMatchObject({ from: "2026-11-17", to: "2026-11-23" });
    expect(m.current).toMatchObject(expected(current));
    expect(m.previous).toMatchObject(expected(previous));
    const e = expected(current);
    expect(m.current.rates).toMatchObject({
      containment: e.contained / e.conversations,
      resolution: e.resolved / e.conversations,
      escalation: e.escalated / e.conversations,
      abandonment: e.abandoned / e.conversations,
    });
    // The simulated week has every outcome, and some CSAT, so these are not vacuous.
    expect(e.resolved * e.escalated * e.abandoned * e.csat.count).toBeGreaterThan(0);
    expect(m.current.turns.average).toBeCloseTo(current.reduce((s, r) => s + r.turns, 0) / current.length, 9);
    expect(m.current.turns.median).toBe(median(current.map((r) => r.turns)));

    // Per channel, per release, per day: each adds up to the rows.
    const byChannel = Object.fromEntries(m.byChannel.map((b) => [b.key, b.conversations]));
    for (const channel of ["playground", "api", "widget"]) expect(byChannel[channel] ?? 0).toBe(current.filter((r) => r.channel === channel).length);
    expect(m.byRelease.find((b) => b.key === 1)?.conversations).toBe(current.filter((r) => r.releaseNumber === 1).length);
    expect(m.byRelease.find((b) => b.key === null)?.conversations ?? 0).toBe(current.filter((r) => r.releaseNumber === null).length);
    expect(m.daily).toHaveLength(7);
    for (const d of m.daily) {
      expect(d.total).toBe(current.filter((r) => r.createdAt.toISOString().startsWith(d.day)).length);
      expect(d.previousTotal).toBe(previous.filter((r) => r.createdAt.toISOString().startsWith(d.previousDay)).length);
    }
    // Every escalated conversation is under exactly one reason.
    expect(m.escalationReasons.reduce((s, r) => s + r.current, 0)).toBe(e.escalated);
  });

  it("counts policy decisions by rule, tool calls, guardrail hits and knowledge misses from the traces", async () => {
    const current = rows.filter((r) => inWeek(r, week.from));
    const traces = await db.select({ events: turnTraces.events }).from(turnTraces).where(inArray(turnTraces.conversationId, current.map((r) => r.id)));
    const steps = traces.flatMap((t) => t.events);
    const policy = steps.filter((s) => s.type === "policy");
    expect(policy.length).toBeGreaterThan(0);

    const byRule = new Map<string, number>();
    for (const s of policy) {
      const key = `${s.name}|${(s.output as { ruleId: string }).ruleId}|${s.decision}`;
      byRule.set(key, (byRule.get(key) ?? 0) + 1);
    }
    const m = await metrics();
    const reported = new Map<string, number>();
    for (const r of m.policyRules) for (const [decision, n] of Object.entries(r.decisions)) if (n > 0) reported.set(`${r.policy}|${r.ruleId}|${decision}`, n);
    expect(reported).toEqual(byRule);
    for (const decision of ["allow", "deny", "require_confirmation", "escalate"] as const) {
      expect(m.current.policy[decision]).toBe(policy.filter((s) => s.decision === decision).length);
    }

    const tools = steps.filter((s) => s.type === "tool" && s.decision !== "skipped");
    expect(m.current.toolCalls).toBe(tools.length);
    expect(m.current.toolErrors).toBe(tools.filter((s) => s.decision === "error").length);
    expect(m.current.guardrailBlocks).toBe(steps.filter((s) => s.type === "guardrail" && s.decision === "blocked").length);
    const knowledge = steps.filter((s) => s.type === "knowledge");
    expect(m.current.knowledge).toEqual({ searches: knowledge.length, notGrounded: knowledge.filter((s) => s.decision === "not grounded").length });
  });

  it("filters by channel, release and journey, and the conversation list finds the same conversations", async () => {
    const current = rows.filter((r) => inWeek(r, week.from));
    const range = { from: utcDay(week.from), to: utcDay(week.from, 7), limit: 100 };
    const list = (filters: Record<string, unknown>) => fx.caller.conversations.list({ workspace: fx.workspace.slug, agentId: fx.agent.id, ...range, ...filters });

    const api = await metrics({ channel: "api" });
    expect(api.current).toMatchObject(expected(current.filter((r) => r.channel === "api")));
    expect((await list({ channel: "api", status: "escalated" })).items).toHaveLength(api.current.escalated);

    const release1 = await metrics({ release: 1 });
    expect(release1.current.conversations).toBe(current.filter((r) => r.releaseNumber === 1).length);
    expect((await list({ release: 1 })).items).toHaveLength(release1.current.conversations);
    const draft = await metrics({ release: "draft" });
    expect(draft.current.conversations).toBe(current.filter((r) => r.releaseNumber === null).length);
    expect((await list({ release: "draft" })).items).toHaveLength(draft.current.conversations);

    const all = await metrics();
    expect((await list({ status: "resolved", handedOff: false })).items).toHaveLength(all.current.contained);
    expect((await list({ handedOff: true })).items).toHaveLength(all.current.handedOff);

    const journey = all.byJourney.find((b) => b.key !== null)!;
    expect(journey.label).not.toBe("Deleted journey");
    const inJourney = await metrics({ journeyId: journey.key });
    expect(inJourney.current.conversations).toBe(current.filter((r) => r.journeyId === journey.key).length);
    expect(inJourney.current.conversations).toBe(journey.conversations);
    expect((await list({ journeyId: journey.key })).items).toHaveLength(journey.conversations);
  });

  it("an empty period has zeros and no rates, not made-up numbers", async () => {
    const m = await metrics({ from: "2020-01-01", to: "2020-01-14" });
    expect(m.current).toMatchObject({ conversations: 0, csat: { count: 0, average: null }, turns: { average: null, median: null } });
    expect(m.current.rates).toEqual({ containment: null, resolution: null, escalation: null, abandonment: null, toolErrors: null, dontKnow: null });
    expect(m.daily).toHaveLength(14);
  });

  it("is scoped to the workspace, readable by a reviewer, and refuses bad ranges and unknown filters clearly", async () => {
    const other = await makeWorkspace(db);
    const input = { agentId: fx.agent.id, ...week };
    await expect(other.caller.insights.agentMetrics({ workspace: other.workspace.slug, ...input })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(other.caller.insights.agentMetrics({ workspace: fx.workspace.slug, ...input })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const reviewer = await addMember(db, fx.workspace.id, "reviewer");
    expect((await reviewer.caller.insights.agentMetrics({ workspace: fx.workspace.slug, ...input })).current.conversations).toBeGreaterThan(0);

    await expect(metrics({ from: "2026-11-30", to: "2026-11-01" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("The range ends before it starts") });
    await expect(metrics({ from: "2023-01-01", to: "2026-11-30" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("two years or less") });
    await expect(metrics({ from: "2026-02-30" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("not a calendar day") });
    await expect(metrics({ timeZone: "Mars/Olympus" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("Unknown time zone") });
    await expect(metrics({ release: 9 })).rejects.toMatchObject({ code: "NOT_FOUND", message: "Release 9 not found" });
    const otherAgent = await other.caller.agents.create({ workspace: other.workspace.slug, name: "Elsewhere" });
    const otherJourney = await other.caller.journeys.create({ workspace: other.workspace.slug, agent: otherAgent.slug, name: "Theirs" });
    await expect(metrics({ journeyId: otherJourney.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
