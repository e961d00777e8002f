import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { alerts, auditLogs, conversations, webhookDeliveries } from "@/db/schema";
import { addDays } from "@/lib/schemas/insights";
import { testDatabase } from "@/test/db";
import { addMember, makeWorkspace } from "@/test/factories";
import { checkAnomalies } from "./check-anomalies";
import { dailySeries } from "./daily-series";
import { runAnomaliesJob } from "./run-anomalies-job";
import { poisson, rng } from "@/test/random";

// Daily series written here as conversations: seeded Poisson noise (40 a working day, 15 a weekend day;
// 10 % escalated, 5 % abandoned) over six weeks, then two injected departures. The check must stay quiet
// on the noise and fire on exactly the injected days.
const now = new Date("2026-11-30T12:00:00Z"); // a Monday: the last complete day is Sunday the 29th
const FIRST = "2026-10-19";
const LAST = "2026-11-29";
const VOLUME_SPIKE = "2026-11-25"; // a Wednesday with three times its conversations
const ESCALATION_SPIKE = "2026-11-27"; // a Friday where 60 % escalate


let db: Db;
let ws: Awaited<ReturnType<typeof makeWorkspace>>;
let agentId: string;
let journeyId: string;
const perDay = new Map<string, { n: number; escalated: number }>();

async function write(day: string, n: number, escalationP: number, random: () => number) {
  const rows = Array.from({ length: n }, (_, i) => {
    const roll = random();
    const status = roll < escalationP ? "escalated" : roll < escalationP + 0.05 ? "abandoned" : "resolved";
    return { workspaceId: ws.workspace.id, agentId, channel: "api", status, journeyId, turns: 1, createdAt: new Date(`${day}T${String(8 + (i % 12)).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}:00Z`) };
  });
  if (rows.length) await db.insert(conversations).values(rows);
  const day0 = perDay.get(day) ?? { n: 0, escalated: 0 };
  perDay.set(day, { n: day0.n + n, escalated: day0.escalated + rows.filter((r) => r.status === "escalated").length });
}

beforeAll(async () => {
  db = (await testDatabase()).db;
  ws = await makeWorkspace(db);
  const agent = await ws.caller.agents.create({ workspace: ws.workspace.slug, name: "Shop" });
  agentId = agent.id;
  journeyId = (await ws.caller.journeys.create({ workspace: ws.workspace.slug, agent: agent.slug, name: "Cancel an order" })).id;
  const random = rng(2026);
  for (let day = FIRST; day <= LAST; day = addDays(day, 1)) {
    const weekend = [0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());
    await write(day, poisson(weekend ? 15 : 40, random), 0.1, random);
  }
  // Eval cases are never counted: a burst of them changes nothing.
  await db.insert(conversations).values(Array.from({ length: 200 }, () => ({ workspaceId: ws.workspace.id, agentId, channel: "eval", status: "escalated", createdAt: new Date(`${VOLUME_SPIKE}T10:00:00Z`) })));
}, 120_000);

const check = (days = 14) => checkAnomalies(db, { workspaceId: ws.workspace.id, agentId, days, threshold: 3.5, minVolume: 10, now });

describe("anomaly alerts", () => {
  it("stay quiet on seeded noise", async () => {
    const report = await check(28);
    expect(report).toMatchObject({ from: "2026-11-02", to: LAST });
    // 28 days × 5 metrics × (agent + journey); the denial rate has no policy decisions to judge.
    expect(report.judged).toBe(28 * 4 * 2);
    expect(report.created).toEqual([]);
  });

  it("fire on the injected days only: volume on one, escalations (and so resolutions) on another, per agent and per journey", async () => {
    const random = rng(99);
    const base = perDay.get(VOLUME_SPIKE)!.n;
    await write(VOLUME_SPIKE, base * 2, 0.1, random);
    // Replace the Friday's outcomes: 60 % escalated.
    await db.delete(conversations).where(and(eq(conversations.agentId, agentId), eq(conversations.channel, "api"), sql`${conversations.createdAt}::date = ${ESCALATION_SPIKE}::date`));
    perDay.delete(ESCALATION_SPIKE);
    await write(ESCALATION_SPIKE, 40, 0.6, random);

    const report = await check(14);
    const fired = report.created.map((a) => `${a.day} ${a.metric} ${a.journeyName ?? "all"}`).sort();
    expect(fired).toEqual(
      [
        `${VOLUME_SPIKE} conversations all`,
        `${VOLUME_SPIKE} conversations Cancel an order`,
        `${ESCALATION_SPIKE} escalation_rate all`,
        `${ESCALATION_SPIKE} escalation_rate Cancel an order`,
        `${ESCALATION_SPIKE} resolution_rate all`,
        `${ESCALATION_SPIKE} resolution_rate Cancel an order`,
      ].sort(),
    );
    const volume = report.created.find((a) => a.metric === "conversations" && a.journeyId === null)!;
    expect(volume).toMatchObject({ value: perDay.get(VOLUME_SPIKE)!.n, volume: perDay.get(VOLUME_SPIKE)!.n, baselineDays: 28, threshold: 3.5 });
    expect(volume.score).toBeGreaterThan(3.5);
    expect(volume.score).toBeCloseTo((volume.value - volume.expected) / volume.scale, 4); // stored as real
    const escalation = report.created.find((a) => a.metric === "escalation_rate" && a.journeyId === journeyId)!;
    expect(escalation.value).toBeCloseTo(perDay.get(ESCALATION_SPIKE)!.escalated / 40, 9);
    expect(escalation.journeyName).toBe("Cancel an order");
  });

  it("a day fires once: checking again (or the daily job) adds nothing", async () => {
    expect((await check(14)).created).toEqual([]);
    const job = await runAnomaliesJob(db, { now, workspaceId: ws.workspace.id });
    expect(job.created).toBe(0);
    expect(await db.$count(alerts, eq(alerts.agentId, agentId))).toBe(6);
  });

  it("a new alert goes to the agent's webhook through the delivery queue", async () => {
    // The studio checks the URL resolves; a loopback address is allowed by the test's workspace settings below.
    await db.execute(sql`update workspaces set settings = jsonb_set(coalesce(settings, '{}'::jsonb), '{allowedHosts}', '["127.0.0.1"]'::jsonb) where id = ${ws.workspace.id}`);
    await ws.caller.releases.setWebhook({ workspace: ws.workspace.slug, agentId, url: "http://127.0.0.1:9/switchback" });
    // A later spike, on the Sunday: the daily job (the last three days) picks it up.
    await write(LAST, 120, 0.1, rng(5));
    const job = await runAnomaliesJob(db, { now, workspaceId: ws.workspace.id });
    expect(job.created).toBe(2); // the agent's and the journey's volume
    const deliveries = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.agentId, agentId));
    expect(deliveries).toHaveLength(2);
    expect(deliveries[0]).toMatchObject({ event: "insights.anomaly", conversationId: null, url: "http://127.0.0.1:9/switchback", status: "pending" });
    expect(deliveries[0]!.payload).toMatchObject({ event: "insights.anomaly", agent: { id: agentId }, alert: { metric: "conversations", day: LAST } });
    const stored = await db.select({ deliveryId: alerts.deliveryId }).from(alerts).where(and(eq(alerts.agentId, agentId), eq(alerts.day, LAST)));
    expect(stored.map((a) => a.deliveryId).sort()).toEqual(deliveries.map((d) => d.id).sort());
    const jobs = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from pgboss.job where name = 'webhook.deliver' and data->>'workspaceId' = ${ws.workspace.id}`));
    expect(jobs[0]!.n).toBe(2);
  });

  it("lists alerts and draws the chart that fired one: the series, the band, the point", async () => {
    const { alerts: list } = await ws.caller.alerts.list({ workspace: ws.workspace.slug, agentId });
    expect(list).toHaveLength(8);
    expect(list[0]!.day).toBe(LAST); // newest first
    const volume = list.find((a) => a.metric === "conversations" && a.day === VOLUME_SPIKE && a.journeyId === null)!;
    const { alert, chart } = await ws.caller.alerts.get({ workspace: ws.workspace.slug, alertId: volume.id });
    expect(alert).toMatchObject({ metricLabel: "Conversations", kind: "count" });
    expect(chart[0]!.day).toBe(addDays(VOLUME_SPIKE, -28));
    const point = chart.find((p) => p.fired)!;
    expect(point).toMatchObject({ day: VOLUME_SPIKE, value: volume.value });
    expect(point.expected).toBeCloseTo(volume.expected, 9);
    expect(point.value!).toBeGreaterThan(point.high!);
    // The days around it sit inside their band.
    const neighbours = chart.filter((p) => Math.abs(Date.parse(p.day) - Date.parse(VOLUME_SPIKE)) === 86_400_000 * 2);
    for (const p of neighbours) expect(p.value!).toBeLessThanOrEqual(p.high!);
  });

  it("acknowledging: reviewers and up may, viewers and human agents may not; twice is a clear conflict; audited", async () => {
    const { alerts: list } = await ws.caller.alerts.list({ workspace: ws.workspace.slug, agentId, status: "open" });
    const target = list[0]!;
    for (const role of ["viewer", "agent"] as const) {
      const member = await addMember(db, ws.workspace.id, role);
      await expect(member.caller.alerts.acknowledge({ workspace: ws.workspace.slug, alertId: target.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const reviewer = await addMember(db, ws.workspace.id, "reviewer");
    const done = await reviewer.caller.alerts.acknowledge({ workspace: ws.workspace.slug, alertId: target.id });
    expect(done.status).toBe("acknowledged");
    await expect(ws.caller.alerts.acknowledge({ workspace: ws.workspace.slug, alertId: target.id })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/^This alert was already acknowledged by A reviewer on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/),
    });
    const after = await ws.caller.alerts.list({ workspace: ws.workspace.slug, agentId, status: "acknowledged" });
    expect(after.alerts.map((a) => a.id)).toEqual([target.id]);
    expect(after.alerts[0]!.acknowledgedBy).toMatchObject({ id: reviewer.user.id, name: "A reviewer" });
    const audit = await db.select().from(auditLogs).where(and(eq(auditLogs.workspaceId, ws.workspace.id), eq(auditLogs.action, "alert.acknowledge")));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: reviewer.user.id, targetType: "alert", targetId: target.id, before: { status: "open" }, after: { status: "acknowledged" } });
  });

  it("tenancy: another workspace's agent and alert are NOT_FOUND; bad input is a clear BAD_REQUEST", async () => {
    const other = await makeWorkspace(db);
    const { alerts: list } = await ws.caller.alerts.list({ workspace: ws.workspace.slug, agentId, status: "open" });
    await expect(other.caller.alerts.acknowledge({ workspace: other.workspace.slug, alertId: list[0]!.id })).rejects.toMatchObject({ code: "NOT_FOUND", message: "Alert not found" });
    await expect(other.caller.alerts.get({ workspace: other.workspace.slug, alertId: list[0]!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(other.caller.alerts.list({ workspace: other.workspace.slug, agentId })).rejects.toMatchObject({ code: "NOT_FOUND", message: "Agent not found" });
    await expect(other.caller.alerts.checkNow({ workspace: other.workspace.slug, agentId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(ws.caller.alerts.checkNow({ workspace: ws.workspace.slug, agentId, threshold: 0.5 })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("A threshold under 1 MAD") });
    await expect(ws.caller.alerts.acknowledge({ workspace: ws.workspace.slug, alertId: "x" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("Unknown alert id") });
    // Check now, from the studio, is audited.
    const viewer = await addMember(db, ws.workspace.id, "viewer");
    await expect(viewer.caller.alerts.checkNow({ workspace: ws.workspace.slug, agentId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const result = await ws.caller.alerts.checkNow({ workspace: ws.workspace.slug, agentId });
    expect(result.judged).toBeGreaterThanOrEqual(0);
    expect(await db.$count(auditLogs, and(eq(auditLogs.workspaceId, ws.workspace.id), eq(auditLogs.action, "alerts.check")))).toBe(1);
  });

  it("the denial rate counts the policy gate's decisions of the day's conversations", async () => {
    const day = "2026-11-30";
    const [a, b] = await db
      .insert(conversations)
      .values([0, 1].map((i) => ({ workspaceId: ws.workspace.id, agentId, channel: "widget", status: "resolved", journeyId, createdAt: new Date(`${day}T1${i}:00:00Z`) })))
      .returning({ id: conversations.id });
    const step = (decision: string) => ({ type: "policy", name: "Refunds", decision, durationMs: 1 });
    // Two turns of one conversation and one of the other: 5 decisions, 2 of them denials (a tool step is not one).
    const traces: [string, number, object[]][] = [
      [a!.id, 1, [step("allow"), step("deny"), { type: "tool", name: "refund", decision: "ok", durationMs: 1 }]],
      [a!.id, 2, [step("require_confirmation")]],
      [b!.id, 1, [step("deny"), step("allow")]],
    ];
    for (const [conversationId, turn, events] of traces) {
      await db.execute(sql`insert into turn_traces (workspace_id, conversation_id, turn, events) values (${ws.workspace.id}, ${conversationId}, ${turn}, ${JSON.stringify(events)}::jsonb)`);
    }
    const [all, journey] = await dailySeries(db, { workspaceId: ws.workspace.id, agentId, from: day, to: day, metric: "denial_rate" });
    expect(all).toMatchObject({ metric: "denial_rate", journeyId: null, points: [{ day, value: 2 / 5, volume: 5 }] });
    expect(journey).toMatchObject({ journeyId, journeyName: "Cancel an order", points: [{ day, value: 2 / 5, volume: 5 }] });
  });
});

