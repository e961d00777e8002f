import { and, desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { agentDeployments, auditLogs, canaryGuards, conversations, memberships, webhookDeliveries } from "@/db/schema";
import { compareMeans, compareProportions, summarize } from "@/lib/stats/compare";
import { retailFixture } from "@/server/agent/testing/retail-fixture";
import { publishRelease } from "@/server/services/releases/publish-release";
import { testDatabase } from "@/test/db";
import { addMember, makeWorkspace } from "@/test/factories";
import { GUARD_MIN_PER_ARM } from "./canary-guard";
import { runCanaryGuardJob } from "./run-canary-guard-job";

// One agent with release 1 live and release 2 as a 50 % canary; conversations of each arm are added step
// by step, and the guard job (the scheduled one, limited to this workspace) is run after each step.
let db: Db;
let fx: Awaited<ReturnType<typeof retailFixture>>;
let ws: { workspace: string; agentId: string };
let canaryReleaseId: string;

/** `total` API conversations on a release, `escalated` of them escalated, the others resolved; CSAT as given, in order. */
async function add(release: number, total: number, escalated: number, csat: number[] = []) {
  const at = new Date(Date.now() + 1);
  const rows = Array.from({ length: total }, (_, i) => ({
    workspaceId: fx.workspace.id,
    agentId: fx.agent.id,
    channel: "api" as const,
    releaseNumber: release,
    status: i < escalated ? "escalated" : "resolved",
    csat: csat[i] ?? null,
    turns: 2,
    createdAt: at,
  }));
  await db.insert(conversations).values(rows);
}
const job = () => runCanaryGuardJob(db, { workspaceId: fx.workspace.id });
const deployment = async () => (await db.select().from(agentDeployments).where(eq(agentDeployments.agentId, fx.agent.id)))[0]!;
const experiment = () => fx.caller.experiments.get({ ...ws, canary: 2, timeZone: "UTC" });
const metric = (e: Awaited<ReturnType<typeof experiment>>, key: string) => e.metrics.find((m) => m.key === key)!;

beforeAll(async () => {
  db = (await testDatabase()).db;
  fx = await retailFixture(db, { template: "tpl-canary-guard" });
  ws = { workspace: fx.workspace.slug, agentId: fx.agent.id };
  const [owner] = await db.select().from(memberships).where(eq(memberships.workspaceId, fx.workspace.id));
  const ctx = { db, userId: owner!.userId, workspace: fx.workspace, role: "owner" as const };
  await publishRelease(ctx, { agentId: fx.agent.id, notes: "1" });
  canaryReleaseId = (await publishRelease(ctx, { agentId: fx.agent.id, notes: "2", makeLive: false })).id;
  await fx.caller.releases.setCanary({ ...ws, releaseId: canaryReleaseId, percent: 50 });
  // A loopback webhook, allowed by the workspace's settings (the studio checks where a URL resolves).
  await db.execute(sql`update workspaces set settings = jsonb_set(coalesce(settings, '{}'::jsonb), '{allowedHosts}', '["127.0.0.1"]'::jsonb) where id = ${fx.workspace.id}`);
  await fx.caller.releases.setWebhook({ ...ws, url: "http://127.0.0.1:9/switchback" });
}, 120_000);
afterAll(() => fx?.store.close());

describe("automatic roll back", () => {
  it("is off until set: a running canary is never checked", async () => {
    expect(await fx.caller.experiments.guard(ws)).toEqual({ autoRollback: false, metrics: ["escalation", "denial", "csat"], rule: { alpha: 0.05, minPerArm: GUARD_MIN_PER_ARM } });
    // Far worse, on plenty of conversations: the page says so, the job leaves it (automatic roll back is off).
    await add(1, 40, 4);
    await add(2, 40, 30);
    expect(metric(await experiment(), "escalation").significantlyWorse).toBe(true);
    expect(await job()).toEqual({ checked: 0, rolledBack: [], skipped: [] });
    expect(await deployment()).toMatchObject({ canaryReleaseId, canaryPercent: 50 });
  });

  it("on but watching a metric that is not significantly worse: the canary stays", async () => {
    await fx.caller.experiments.setGuard({ ...ws, autoRollback: true, metrics: ["denial"] });
    expect(await job()).toMatchObject({ checked: 1, rolledBack: [] });
    expect(await deployment()).toMatchObject({ canaryReleaseId, canaryPercent: 50 });
  });

  it("significantly worse on too small a sample stays: CSAT with fewer ratings than the rule asks", async () => {
    await fx.caller.experiments.setGuard({ ...ws, autoRollback: true, metrics: ["csat"] });
    const control = [5, 5, 4, 5, 5, 4, 5, 5];
    const canary = [1, 2, 1, 1, 2, 1, 2, 1];
    await add(1, control.length, 0, control);
    await add(2, canary.length, 0, canary);
    const csat = metric(await experiment(), "csat");
    expect(csat.comparison).toEqual(compareMeans(summarize(control), summarize(canary)));
    expect(csat.significantlyWorse).toBe(true);
    expect(control.length).toBeLessThan(GUARD_MIN_PER_ARM);
    expect(await job()).toMatchObject({ checked: 1, rolledBack: [] });
    expect(await deployment()).toMatchObject({ canaryReleaseId, canaryPercent: 50 });
  });

  it("not significantly worse on enough sample stays", async () => {
    // Fresh arms that differ by chance, watched on escalation alone.
    await db.delete(conversations).where(eq(conversations.agentId, fx.agent.id));
    await fx.caller.experiments.setGuard({ ...ws, autoRollback: true, metrics: ["escalation"] });
    await add(1, 60, 6);
    await add(2, 60, 9);
    const escalation = metric(await experiment(), "escalation");
    expect(escalation.comparison).toEqual(compareProportions(6, 60, 9, 60));
    expect(escalation.comparison.pValue!).toBeGreaterThan(0.05);
    expect(await job()).toMatchObject({ checked: 1, rolledBack: [] });
    expect(await deployment()).toMatchObject({ canaryReleaseId, canaryPercent: 50 });
  });

  it("significantly worse with enough sample: the job rolls the canary back as the system, with the numbers, and tells the webhook", async () => {
    await add(2, 40, 25); // canary: 34 of 100 escalated; control: 6 of 60
    const expected = compareProportions(6, 60, 34, 100);
    expect(expected.pValue!).toBeLessThan(0.05);
    const report = await job();
    expect(report.rolledBack).toEqual([{ workspaceId: fx.workspace.id, agentId: fx.agent.id, canary: 2, control: 1, breaches: [expect.objectContaining({ key: "escalation", pValue: expected.pValue, difference: expected.difference })] }]);
    expect(await deployment()).toMatchObject({ canaryReleaseId: null, canaryPercent: 0 });

    // Through the releases service a user's click uses: its audit row, with no actor and the numbers.
    const [audit] = await db.select().from(auditLogs).where(and(eq(auditLogs.targetId, fx.agent.id), eq(auditLogs.action, "release.set_canary"))).orderBy(desc(auditLogs.createdAt)).limit(1);
    expect(audit).toMatchObject({ actorId: null, before: { canaryReleaseId, canaryPercent: 50 }, after: { canaryReleaseId: null, canaryPercent: 0 } });
    expect((audit!.after as { automatic: unknown }).automatic).toMatchObject({
      canary: 2,
      control: 1,
      conversations: { control: 60, canary: 100 },
      rule: { alpha: 0.05, minPerArm: GUARD_MIN_PER_ARM, watched: ["escalation"] },
      breaches: [{ key: "escalation", control: { n: 60, estimate: 6 / 60 }, canary: { n: 100, estimate: 34 / 100 } }],
    });
    const [delivery] = await db.select().from(webhookDeliveries).where(and(eq(webhookDeliveries.agentId, fx.agent.id), eq(webhookDeliveries.event, "release.auto_rollback")));
    expect(delivery).toMatchObject({ url: "http://127.0.0.1:9/switchback", status: "pending", conversationId: null });
    expect(delivery!.payload).toMatchObject({ event: "release.auto_rollback", agent: { id: fx.agent.id }, rollback: { canary: 2, control: 1, breaches: [{ key: "escalation" }] } });

    // The Experiments page shows when it happened and why.
    const [run] = await fx.caller.experiments.list(ws);
    expect(run).toMatchObject({ canary: 2, running: false, autoRollback: { at: audit!.createdAt, control: 1, breaches: [{ key: "escalation" }] } });
    expect((await experiment()).autoRollback).toMatchObject({ at: audit!.createdAt });
    // Nothing left to check.
    expect(await job()).toEqual({ checked: 0, rolledBack: [], skipped: [] });
  });

  it("the setting is the workspace's and the publishers': others get NOT_FOUND, viewers read it, bad input says what to fix", async () => {
    const other = await makeWorkspace(db);
    await expect(other.caller.experiments.setGuard({ workspace: other.workspace.slug, agentId: fx.agent.id, autoRollback: true, metrics: ["csat"] })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(other.caller.experiments.guard({ workspace: other.workspace.slug, agentId: fx.agent.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(other.caller.experiments.setGuard({ workspace: fx.workspace.slug, agentId: fx.agent.id, autoRollback: true, metrics: ["csat"] })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const viewer = await addMember(db, fx.workspace.id, "viewer");
    expect(await viewer.caller.experiments.guard(ws)).toMatchObject({ autoRollback: true, metrics: ["escalation"] });
    await expect(viewer.caller.experiments.setGuard({ ...ws, autoRollback: false, metrics: [] })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(fx.caller.experiments.setGuard({ ...ws, autoRollback: true, metrics: [] })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("Pick at least one guard metric") });
    await expect(fx.caller.experiments.setGuard({ ...ws, autoRollback: true, metrics: ["turns" as "csat"] })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("escalation, denial and csat") });
    // A builder may; the change is audited with who and what.
    const builder = await addMember(db, fx.workspace.id, "builder");
    await builder.caller.experiments.setGuard({ ...ws, autoRollback: false, metrics: ["csat", "escalation"] });
    expect(await db.select({ autoRollback: canaryGuards.autoRollback, metrics: canaryGuards.metrics }).from(canaryGuards).where(eq(canaryGuards.agentId, fx.agent.id))).toEqual([{ autoRollback: false, metrics: ["escalation", "csat"] }]);
    const [audit] = await db.select().from(auditLogs).where(and(eq(auditLogs.targetId, fx.agent.id), eq(auditLogs.action, "experiment.set_guard"))).orderBy(desc(auditLogs.createdAt)).limit(1);
    expect(audit).toMatchObject({ actorId: builder.user.id, before: { autoRollback: true, metrics: ["escalation"] }, after: { autoRollback: false, metrics: ["escalation", "csat"] } });
  });
});
