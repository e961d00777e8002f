import "server-only";
import { and, eq, gte, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLogs, releases } from "@/db/schema";
import { addDays } from "@/lib/schemas/insights";
import type { WorkspaceCtx } from "@/server/services/context";
import { updateAgent } from "@/server/services/agents/agents";
import { publishRelease } from "@/server/services/releases/publish-release";
import { setCanary } from "@/server/services/releases/set-canary";
import { simulateConversations, type SimulationReport } from "@/server/services/simulate/simulate-conversations";

/** Days of history the demo opens with. */
export const HISTORY_DAYS = 30;
/** Release 2 was published and started as a canary this many days ago, taking this share of new conversations. */
export const CANARY_DAYS_AGO = 10;
export const CANARY_PERCENT = 50;
/** The busy day: this many days ago, a wave of help-centre questions (a carrier's delay, say) came in. */
export const BUSY_DAYS_AGO = 2;
/** The wave's size, as a share of the history: about three ordinary days' worth on top of that day's own. */
const BUSY_SHARE = 1 / 10;
/** The agent's release log: what the Experiments page reads, and the draft change release 2 froze. */
const LOG_ACTIONS = ["release.publish", "release.set_canary", "release.set_live", "agent.update"];

/** Which conversations go where: before the canary, during it, and the busy day's wave. */
export function demoHistoryPlan(total: number, now: Date) {
  const today = now.toISOString().slice(0, 10);
  const wave = Math.round(total * BUSY_SHARE);
  const ordinary = total - wave;
  const beforeCanary = Math.round((ordinary * (HISTORY_DAYS - CANARY_DAYS_AGO)) / HISTORY_DAYS);
  const busyDay = addDays(today, -BUSY_DAYS_AGO);
  return {
    /** Release 1 went live as the history begins. */
    start: new Date(`${addDays(today, -HISTORY_DAYS)}T06:00:00Z`),
    canaryStart: new Date(`${addDays(today, -CANARY_DAYS_AGO)}T06:00:00Z`),
    beforeCanary,
    duringCanary: ordinary - beforeCanary,
    busyDay,
    /** The wave's conversations start on the busy day, before this moment. */
    busyDayEnd: new Date(`${busyDay}T21:00:00Z`),
    wave,
  };
}

/**
 * Thirty days of conversations, so a new user opens a live product, all through `switchback simulate`
 * (scripted customers through the agent's own runtime; API and widget ones get the release the hosted
 * API picks). In the order it happened: release 1 live for twenty days; then release 2 — a warmer
 * greeting — published and started as a 50 % canary through the releases service, so the next ten
 * days' API and widget customers are split by the hosted API's own sticky pick; two days ago a wave
 * of help-centre questions on top of the day's usual customers; the canary stops at the end. The
 * simulator places each conversation at its moment in the past; the releases' and the canary's log rows
 * are placed at theirs the same way (the Experiments page reads when a canary ran from them).
 * SWITCHBACK_DEMO_HISTORY sets how many conversations (0: none, and release 1 only).
 */
export async function seedDemoHistory(ctx: WorkspaceCtx, input: { agentId: string; agentSlug: string; appUrl: string; total: number; now?: Date }) {
  const now = input.now ?? new Date();
  const plan = demoHistoryPlan(input.total, now);
  const { db } = ctx;
  const simulate = (conversations: number, seed: number, at: { now: Date; days: number }, kinds?: "knowledge"[]) =>
    conversations > 0 ? simulateConversations(db, { workspaceId: ctx.workspace.id, agent: input.agentSlug, conversations, seed, appUrl: input.appUrl, ...at, kinds }) : null;
  const reports: (SimulationReport | null)[] = [];

  const [first] = await db.select({ createdAt: releases.createdAt }).from(releases).where(and(eq(releases.agentId, input.agentId), eq(releases.number, 1)));
  if (first) await placeLogRows(db, ctx.workspace.id, { agentId: input.agentId, since: new Date(first.createdAt.getTime() - 1000), at: plan.start });
  reports.push(await simulate(plan.beforeCanary, 1, { now: plan.canaryStart, days: HISTORY_DAYS - CANARY_DAYS_AGO }));

  const stepStart = new Date(Date.now() - 1000);
  const agent = await updateAgent(ctx, {
    agentId: input.agentId,
    persona: { agentName: "Sam", tone: "friendly", greeting: "Hi there! I'm Sam from the store's support team. What can I do for you today?" },
  });
  const release = await publishRelease({ ...ctx, appUrl: input.appUrl }, { agentId: agent.id, notes: "Release 2: a warmer greeting, tried on half of new conversations first", makeLive: false });
  await setCanary(ctx, { agentId: input.agentId, releaseId: release.id, percent: CANARY_PERCENT });
  await placeLogRows(db, ctx.workspace.id, { agentId: input.agentId, since: stepStart, at: plan.canaryStart });

  reports.push(await simulate(plan.duringCanary, 2, { now, days: CANARY_DAYS_AGO }));
  reports.push(await simulate(plan.wave, 3, { now: plan.busyDayEnd, days: 1 }, ["knowledge"]));
  // The experiment ends where the history does: a fresh install serves every new conversation from the
  // live release (what a brand trying the API or widget, and the studio's own tests, expect), and the
  // Experiments page shows release 2's finished run, both arms, to promote or leave.
  await setCanary(ctx, { agentId: input.agentId, releaseId: null });
  return { plan, conversations: reports.reduce((n, r) => n + (r?.conversations ?? 0), 0), canary: release.number };
}

/**
 * The agent's releases and the workspace's release-log rows written since `since` (by the seed, moments
 * ago), placed at `at` (their order and spacing kept): the history's own time, as the simulator places
 * conversations. The demo workspace is new: nothing else of it is in the log.
 */
async function placeLogRows(db: Db, workspaceId: string, q: { agentId: string; since: Date; at: Date }): Promise<void> {
  const shift = sql`${q.at.toISOString()}::timestamptz + (created_at - ${q.since.toISOString()}::timestamptz)`;
  await db.transaction(async (tx) => {
    await tx.execute(sql`update ${auditLogs} set created_at = ${shift}
      where ${and(eq(auditLogs.workspaceId, workspaceId), inArray(auditLogs.action, LOG_ACTIONS), gte(auditLogs.createdAt, q.since))}`);
    await tx.execute(sql`update ${releases} set created_at = ${shift} where ${and(eq(releases.workspaceId, workspaceId), eq(releases.agentId, q.agentId), gte(releases.createdAt, q.since))}`);
  });
}
