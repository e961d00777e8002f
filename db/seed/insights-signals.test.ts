import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { alerts, conversations, messages } from "@/db/schema";
import { addDays } from "@/lib/schemas/insights";
import { randomGenerator, scenarios } from "@/server/services/simulate/customers";
import { testDatabase } from "@/test/db";
import { makeWorkspace } from "@/test/factories";
import { seedDemoSignals } from "./insights-signals";
import { loadRetailDb } from "./store";

// A demo-shaped history written directly: the simulator's own customers (their openings and kinds) over
// 14 days, weekdays busier than weekends; the help-centre and off-topic questions reach no journey.
// Then the seed's signals step: a busy day, topics, and the anomaly check over the short history.
const now = new Date(Date.UTC(2026, 10, 30, 15));
let db: Db;
let ws: Awaited<ReturnType<typeof makeWorkspace>>;
let agentId: string;

beforeAll(async () => {
  db = (await testDatabase()).db;
  ws = await makeWorkspace(db);
  agentId = (await ws.caller.agents.create({ workspace: ws.workspace.slug, name: "Retail" })).id;
  const rng = randomGenerator(1);
  const people = scenarios(await loadRetailDb(), 300, rng);
  const journeyOf = new Map<string, string>();
  for (const p of people) {
    const weekendSkip = () => {
      for (;;) {
        const day = Math.floor(rng() * 14);
        const at = new Date(now.getTime() - day * 86_400_000);
        if ((at.getUTCDay() === 0 || at.getUTCDay() === 6) && rng() < 0.4) continue;
        at.setUTCHours(8 + Math.floor(rng() * 12), Math.floor(rng() * 60));
        if (at < now) return at;
      }
    };
    const createdAt = weekendSkip();
    const unrouted = p.kind === "knowledge" || p.kind === "off_topic";
    if (!unrouted && !journeyOf.has(p.kind)) journeyOf.set(p.kind, randomUUID());
    const [row] = await db
      .insert(conversations)
      .values({ workspaceId: ws.workspace.id, agentId, channel: p.channel, status: unrouted ? "abandoned" : "resolved", journeyId: unrouted ? null : journeyOf.get(p.kind)!, turns: 1, createdAt })
      .returning({ id: conversations.id });
    await db.insert(messages).values({ workspaceId: ws.workspace.id, conversationId: row!.id, turn: 1, role: "customer", text: p.opening, createdAt });
  }
}, 120_000);

describe("the demo's topics and alerts", () => {
  it("a busy day two days ago fires a volume alert, and the topics come with gaps", async () => {
    const started = performance.now();
    const result = await seedDemoSignals(db, { workspaceId: ws.workspace.id, agentId, now });
    const ms = performance.now() - started;
    expect(result.busyDay).toBe(addDays("2026-11-30", -2));
    expect(result.moved).toBe(38); // 300 / 8, rounded
    expect(result.topics).toBeGreaterThan(3);
    const fired = await db.select().from(alerts).where(and(eq(alerts.agentId, agentId), eq(alerts.day, result.busyDay)));
    expect(fired.map((a) => `${a.metric} ${a.journeyId ?? "all"}`)).toContain("conversations all");
    // The history is 14 days: the baseline used what there was.
    expect(fired[0]!.baselineDays).toBeLessThan(28);
    expect(fired[0]!.baselineDays).toBeGreaterThanOrEqual(7);

    const { topics } = await ws.caller.topics.list({ workspace: ws.workspace.slug, agentId, days: 7 });
    expect(topics.some((t) => t.gaps.includes("unhandled"))).toBe(true);
    expect(topics.some((t) => t.gaps.includes("growing"))).toBe(true);
    // What the step adds to the seed (reported, not asserted: budgets are measured, not timed in tests).
    console.info(`seedDemoSignals: ${Math.round(ms)} ms`, result);
  });
});
