import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { alerts, conversations, messages } from "@/db/schema";
import { randomGenerator, type Scenario, scenarios } from "@/server/services/simulate/customers";
import { testDatabase } from "@/test/db";
import { makeWorkspace } from "@/test/factories";
import { demoHistoryPlan, HISTORY_DAYS } from "./history";
import { seedDemoSignals } from "./insights-signals";
import { loadRetailDb } from "./store";

// A demo-shaped history written directly, by the seed's own plan: the simulator's customers (their
// openings and kinds) over 30 days, weekdays busier than weekends, and — for one agent only — the busy
// day's wave of help-centre questions. Help-centre and off-topic questions reach no journey. Then the
// seed's signals step over each agent: the wave fires a volume alert, the same history without it not.
const now = new Date(Date.UTC(2026, 10, 30, 15));
const plan = demoHistoryPlan(300, now);
let db: Db;
let ws: Awaited<ReturnType<typeof makeWorkspace>>;
const agentIds: { withWave: string; without: string } = { withWave: "", without: "" };

/** A moment in the `days` days before `end`, as the simulator picks one (business hours, quieter weekends). */
function moment(rng: () => number, end: Date, days: number): Date {
  for (;;) {
    const at = new Date(end.getTime() - Math.floor(rng() * days) * 86_400_000);
    if ((at.getUTCDay() === 0 || at.getUTCDay() === 6) && rng() < 0.4) continue;
    at.setUTCHours(8 + Math.floor(rng() * 12), Math.floor(rng() * 60));
    if (at < end) return at;
  }
}

async function write(agentId: string, people: { p: Scenario; at: Date }[]) {
  const journeyOf = new Map<string, string>();
  const rows = people.map(({ p, at }) => {
    const unrouted = p.kind === "knowledge" || p.kind === "off_topic";
    if (!unrouted && !journeyOf.has(p.kind)) journeyOf.set(p.kind, randomUUID());
    return { workspaceId: ws.workspace.id, agentId, channel: p.channel, status: unrouted ? "abandoned" : "resolved", journeyId: unrouted ? null : journeyOf.get(p.kind)!, turns: 1, createdAt: at };
  });
  const inserted = await db.insert(conversations).values(rows).returning({ id: conversations.id, createdAt: conversations.createdAt });
  await db.insert(messages).values(inserted.map((c, i) => ({ workspaceId: ws.workspace.id, conversationId: c.id, turn: 1, role: "customer" as const, text: people[i]!.p.opening, createdAt: c.createdAt })));
}

beforeAll(async () => {
  db = (await testDatabase()).db;
  ws = await makeWorkspace(db);
  agentIds.withWave = (await ws.caller.agents.create({ workspace: ws.workspace.slug, name: "Retail" })).id;
  agentIds.without = (await ws.caller.agents.create({ workspace: ws.workspace.slug, name: "Retail, a quiet month" })).id;
  const store = await loadRetailDb();
  const rng = randomGenerator(1);
  const ordinary = scenarios(store, plan.beforeCanary + plan.duringCanary, rng).map((p) => ({ p, at: moment(rng, now, HISTORY_DAYS) }));
  const wave = scenarios(store, plan.wave, rng, ["knowledge"]).map((p) => ({ p, at: moment(rng, plan.busyDayEnd, 1) }));
  await write(agentIds.withWave, [...ordinary, ...wave]);
  await write(agentIds.without, ordinary);
}, 120_000);

describe("the demo's topics and alerts", () => {
  it("the busy day's wave fires a volume alert on that day, over a full baseline; the topics come with gaps", async () => {
    expect(plan.busyDay).toBe("2026-11-28");
    expect(plan.wave).toBe(30);
    const started = performance.now();
    const result = await seedDemoSignals(db, { workspaceId: ws.workspace.id, agentId: agentIds.withWave, now });
    const ms = performance.now() - started;
    expect(result.topics).toBeGreaterThan(3);
    const fired = await db.select().from(alerts).where(and(eq(alerts.agentId, agentIds.withWave), eq(alerts.day, plan.busyDay)));
    const volume = fired.find((a) => a.metric === "conversations" && a.journeyId === null);
    expect(volume).toBeDefined();
    expect(volume!.value).toBeGreaterThan(volume!.expected + plan.wave / 2);
    // Thirty days of history: the baseline before the busy day has (nearly) the full 28 days.
    expect(volume!.baselineDays).toBeGreaterThanOrEqual(26);

    const { topics } = await ws.caller.topics.list({ workspace: ws.workspace.slug, agentId: agentIds.withWave, days: 7 });
    expect(topics.some((t) => t.gaps.includes("unhandled"))).toBe(true);
    expect(topics.some((t) => t.gaps.includes("growing"))).toBe(true);
    // What the step adds to the seed (reported, not asserted: budgets are measured, not timed in tests).
    console.info(`seedDemoSignals: ${Math.round(ms)} ms`, result);
  });

  it("the same month without the wave: no volume alert on the busy day", async () => {
    await seedDemoSignals(db, { workspaceId: ws.workspace.id, agentId: agentIds.without, now });
    const fired = await db.select().from(alerts).where(and(eq(alerts.agentId, agentIds.without), eq(alerts.day, plan.busyDay), eq(alerts.metric, "conversations")));
    expect(fired).toEqual([]);
  });
});
