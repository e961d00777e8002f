import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { conversations, journeys, memberships, turnTraces } from "@/db/schema";
import { compareMeans, compareProportions, summarize } from "@/lib/stats/compare";
import { retailFixture } from "@/server/agent/testing/retail-fixture";
import { publishRelease } from "@/server/services/releases/publish-release";
import { testDatabase } from "@/test/db";
import { addMember, makeWorkspace } from "@/test/factories";

// A canary built by hand to be the kidney-stone table (Charig et al., 1986) in two journeys: the canary
// (release 2) resolves more conversations overall and fewer within each journey, because it got most of
// the easy journey. Every expected count is typed here from the table.
let db: Db;
let fx: Awaited<ReturnType<typeof retailFixture>>;
let ws: { workspace: string; agentId: string };
let small: string;
let large: string;
const csat = { control: [5, 4, 4, 3, 5, 2, 4], canary: [3, 2, 4, 3, 1, 2] };

beforeAll(async () => {
  db = (await testDatabase()).db;
  fx = await retailFixture(db, { template: "tpl-experiments" });
  ws = { workspace: fx.workspace.slug, agentId: fx.agent.id };
  const [owner] = await db.select().from(memberships).where(eq(memberships.workspaceId, fx.workspace.id));
  const ctx = { db, userId: owner!.userId, workspace: fx.workspace, role: "owner" as const };
  await publishRelease(ctx, { agentId: fx.agent.id, notes: "1" });
  const r2 = await publishRelease(ctx, { agentId: fx.agent.id, notes: "2", makeLive: false });
  await fx.caller.releases.setCanary({ ...ws, releaseId: r2.id, percent: 50 });

  const js = await db.select({ id: journeys.id }).from(journeys).where(eq(journeys.agentId, fx.agent.id)).orderBy(journeys.name);
  [small, large] = [js[0]!.id, js[1]!.id];
  // Started after the canary did (the window starts at its audit row), before the test reads them.
  const at = new Date(Date.now() + 1);
  const rows: (typeof conversations.$inferInsert)[] = [];
  const add = (release: number, journeyId: string, resolved: number, total: number) => {
    for (let i = 0; i < total; i++) {
      rows.push({ workspaceId: fx.workspace.id, agentId: fx.agent.id, channel: "api", releaseNumber: release, journeyId, status: i < resolved ? "resolved" : i < resolved + 2 ? "escalated" : "abandoned", turns: 1 + (i % 4), createdAt: at });
    }
  };
  add(1, small, 81, 87);
  add(1, large, 192, 263);
  add(2, small, 234, 270);
  add(2, large, 55, 80);
  // CSAT on a few of each arm (not on resolved ones only: the first rows of each block are resolved).
  const ratedIdx = { 1: 0, 2: 0 } as Record<number, number>;
  for (const r of rows) {
    const arm = r.releaseNumber === 1 ? csat.control : csat.canary;
    const i = ratedIdx[r.releaseNumber!]!;
    if (i < arm.length) r.csat = arm[i]!;
    ratedIdx[r.releaseNumber!] = i + 1;
  }
  const inserted = await db.insert(conversations).values(rows).returning({ id: conversations.id, release: conversations.releaseNumber });
  // A policy denial in 3 control and 12 canary conversations (all in the small-stone journey); a playground (draft) conversation that belongs to neither arm.
  const denied = [...inserted.filter((c) => c.release === 1).slice(0, 3), ...inserted.filter((c) => c.release === 2).slice(0, 12)];
  await db.insert(turnTraces).values(denied.map((c) => ({ workspaceId: fx.workspace.id, conversationId: c.id, turn: 1, events: [{ type: "policy", name: "refunds", decision: "deny", durationMs: 1 }] })));
  await db.insert(conversations).values({ workspaceId: fx.workspace.id, agentId: fx.agent.id, channel: "playground", status: "resolved", createdAt: at });
}, 120_000);
afterAll(() => fx?.store.close());

const get = (input: Record<string, unknown> = {}) => fx.caller.experiments.get({ ...ws, ...input });
const metric = (e: Awaited<ReturnType<typeof get>>, key: string) => e.metrics.find((m) => m.key === key)!;

describe("experiments", () => {
  it("compares the running canary with live: counts, intervals, p-values and the sample still needed", async () => {
    const e = await get();
    expect(e.canary).toMatchObject({ number: 2, running: true, percent: 50 });
    expect(e.control).toMatchObject({ number: 1, live: true });
    expect(e.conversations).toEqual({ control: 350, canary: 350 });
    expect(e.window.ongoing).toBe(true);

    const resolution = metric(e, "resolution");
    expect(resolution.comparison.a).toMatchObject({ n: 350, estimate: 273 / 350 });
    expect(resolution.comparison.b).toMatchObject({ n: 350, estimate: 289 / 350 });
    expect(resolution.comparison).toEqual(compareProportions(273, 350, 289, 350));
    expect(resolution.comparison.pValue!).toBeGreaterThan(0.05);
    expect(resolution.comparison.stillNeededPerArm!).toBeGreaterThan(0);
    // Every non-resolved conversation's first two are escalated, per block of rows.
    expect(metric(e, "escalation").comparison).toMatchObject({ a: { n: 350, estimate: 4 / 350 }, b: { n: 350, estimate: 4 / 350 } });
    // No conversation was handed off: containment is resolution.
    expect(metric(e, "containment").comparison.b.estimate).toBe(289 / 350);
    const denial = metric(e, "denial");
    expect(denial.comparison.a.estimate).toBe(3 / 350);
    expect(denial.comparison.b.estimate).toBe(12 / 350);

    const c = metric(e, "csat");
    expect(c.comparison).toMatchObject({ a: { n: csat.control.length }, b: { n: csat.canary.length } });
    const expected = compareMeans(summarize(csat.control), summarize(csat.canary));
    expect(c.comparison.a.estimate).toBeCloseTo(csat.control.reduce((s, v) => s + v, 0) / csat.control.length, 12);
    expect(c.comparison.statistic).toBeCloseTo(expected.statistic!, 9);
    expect(c.comparison.pValue).toBeCloseTo(expected.pValue!, 9);
    // CSAT is a guard metric: 3.86 → 2.5 is significantly worse, and it says so.
    expect(c.comparison.pValue!).toBeLessThan(0.05);
    expect(c.significantlyWorse).toBe(true);
    expect(e.guardAlerts).toContain("CSAT (mean)");
  });

  it("warns of Simpson's paradox: better overall, worse in every journey", async () => {
    const e = await get();
    const resolution = metric(e, "resolution");
    const bySmall = resolution.strata!.find((s) => s.journeyId === small)!;
    expect(bySmall).toMatchObject({ control: { k: 81, n: 87 }, canary: { k: 234, n: 270 } });
    expect(resolution.strata!.find((s) => s.journeyId === large)).toMatchObject({ control: { k: 192, n: 263 }, canary: { k: 55, n: 80 } });
    expect(resolution.stratified!.crude).toBeCloseTo(16 / 350, 12);
    expect(resolution.stratified!.mantelHaenszel!).toBeLessThan(0);
    expect(resolution.stratified!.simpson).toBe(true);
    expect(e.simpson).toContain("Resolution");
    // Denials are no paradox: higher for the canary both ways.
    expect(metric(e, "denial").stratified!.simpson).toBe(false);
  });

  it("compares over chosen days or chosen releases, and refuses bad input clearly", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const days = await get({ from: "2020-01-01", to: "2020-01-02" });
    expect(days.conversations).toEqual({ control: 0, canary: 0 });
    expect(metric(days, "resolution").comparison.pValue).toBeNull();
    expect((await get({ from: today, to: today, timeZone: "UTC" })).conversations).toEqual({ control: 350, canary: 350 });

    await expect(get({ from: "2026-11-30", to: "2026-11-01" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("The range ends before it starts") });
    await expect(get({ from: "2020-01-01", to: "2026-11-30" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("two years or less") });
    await expect(get({ from: "2026-11-01" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("Give both") });
    await expect(get({ canary: 9 })).rejects.toMatchObject({ code: "NOT_FOUND", message: "Release 9 not found" });
    await expect(get({ control: 7 })).rejects.toMatchObject({ code: "NOT_FOUND", message: "Release 7 not found" });
    await expect(get({ canary: 2, control: 2 })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "Compare two different releases" });
    await expect(get({ canary: 1 })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("never ran as a canary") });
  });

  it("is scoped to the workspace; viewers read it, only publishers promote or roll back", async () => {
    const other = await makeWorkspace(db);
    await expect(other.caller.experiments.get({ workspace: other.workspace.slug, agentId: fx.agent.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(other.caller.experiments.get({ workspace: fx.workspace.slug, agentId: fx.agent.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(other.caller.experiments.list({ workspace: other.workspace.slug, agentId: fx.agent.id })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const viewer = await addMember(db, fx.workspace.id, "viewer");
    const seen = await viewer.caller.experiments.get({ ...ws });
    expect(seen.canary.number).toBe(2);
    await expect(viewer.caller.releases.setLive({ ...ws, releaseId: seen.canary.releaseId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(viewer.caller.releases.setCanary({ ...ws, releaseId: null })).rejects.toMatchObject({ code: "FORBIDDEN" });

    // A builder promotes from the experiment: the canary is live, the run is over, and it stays readable.
    const builder = await addMember(db, fx.workspace.id, "builder");
    await builder.caller.releases.setLive({ ...ws, releaseId: seen.canary.releaseId });
    const [run] = await fx.caller.experiments.list({ ...ws });
    expect(run).toMatchObject({ canary: 2, percent: 50, running: false });
    expect(run!.end).toBeInstanceOf(Date);
    await expect(get()).rejects.toMatchObject({ code: "NOT_FOUND", message: expect.stringContaining("A running canary") });
    const past = await get({ canary: 2 });
    expect(past.canary.running).toBe(false);
    expect(past.control.number).toBe(1);
    expect(past.conversations).toEqual({ control: 350, canary: 350 });
    const rows = await db.select().from(conversations).where(and(eq(conversations.agentId, fx.agent.id), eq(conversations.channel, "api")));
    expect(rows).toHaveLength(700);
  });
});
