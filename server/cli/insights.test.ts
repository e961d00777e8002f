import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { conversationFacts, conversations, insightsRollups, memberships } from "@/db/schema";
import { retailFixture } from "@/server/agent/testing/retail-fixture";
import { publishRelease } from "@/server/services/releases/publish-release";
import { simulateConversations } from "@/server/services/simulate/simulate-conversations";
import { testDatabase } from "@/test/db";
import { insightsFromCli, rebuildInsightsFromCli } from "./insights";

describe("switchback insights", () => {
  let db: Db;
  let fx: Awaited<ReturnType<typeof retailFixture>>;
  let target: { agentSlug: string; workspaceSlug: string };
  let rows: (typeof conversations.$inferSelect)[];
  const today = "2026-11-30";

  beforeAll(async () => {
    db = (await testDatabase()).db;
    fx = await retailFixture(db, { template: "tpl-cli-insights" });
    target = { agentSlug: fx.agent.slug, workspaceSlug: fx.workspace.slug };
    const [owner] = await db.select().from(memberships).where(eq(memberships.workspaceId, fx.workspace.id));
    await publishRelease({ db, userId: owner!.userId, workspace: fx.workspace, role: "owner" }, { agentId: fx.agent.id, notes: "1" });
    await simulateConversations(db, { workspaceId: fx.workspace.id, agent: fx.agent.slug, conversations: 16, days: 10, seed: 3, appUrl: fx.store.appUrl, now: new Date(`${today}T18:00:00Z`) });
    rows = await db.select().from(conversations).where(eq(conversations.agentId, fx.agent.id));
  }, 120_000);
  afterAll(() => fx?.store.close());

  it("prints the headline numbers as JSON, over --since and --release", async () => {
    const all = JSON.parse(await insightsFromCli(db, { ...target, json: true, today }));
    expect(all).toMatchObject({ agent: fx.agent.slug, from: "2026-11-01", to: today, release: "all", conversations: rows.length });
    expect(all.resolved).toBe(rows.filter((r) => r.status === "resolved").length);
    expect(all.escalated).toBe(rows.filter((r) => r.status === "escalated").length);
    expect(all.rates.resolution).toBeCloseTo(all.resolved / rows.length, 4);
    expect(all.latencyMs.turn.p50).toBeGreaterThan(0);
    expect(all).toMatchObject({ tokens: { input: 0, output: 0 }, costUsd: 0 });

    const since = "2026-11-27";
    const recent = JSON.parse(await insightsFromCli(db, { ...target, since, json: true, today }));
    expect(recent.from).toBe(since);
    expect(recent.conversations).toBe(rows.filter((r) => r.createdAt >= new Date(`${since}T00:00:00Z`)).length);
    const release = JSON.parse(await insightsFromCli(db, { ...target, release: "1", json: true, today }));
    expect(release.conversations).toBe(rows.filter((r) => r.releaseNumber === 1).length);
    const draft = JSON.parse(await insightsFromCli(db, { ...target, release: "draft", json: true, today }));
    expect(draft.conversations).toBe(rows.filter((r) => r.releaseNumber === null).length);

    const text = await insightsFromCli(db, { ...target, today });
    expect(text).toContain(`conversations       ${rows.length}`);
    expect(text).toMatch(/turn latency\s+p50 [\d.]+ ms/);
  });

  it("insights rebuild recomputes the agent's facts and rollups, with progress, and the headline does not move", async () => {
    const before = await insightsFromCli(db, { ...target, json: true, today });
    await db.delete(insightsRollups).where(eq(insightsRollups.agentId, fx.agent.id));
    const progress: string[] = [];
    const out = await rebuildInsightsFromCli(db, target, { stderr: { write: (t: string) => progress.push(t) } });
    const facts = await db.select({ id: conversationFacts.conversationId }).from(conversationFacts).where(eq(conversationFacts.agentId, fx.agent.id));
    const hours = new Set(rows.map((r) => Math.floor(r.createdAt.getTime() / 3_600_000))).size;
    expect(facts.map((f) => f.id).sort()).toEqual(rows.map((r) => r.id).sort());
    expect(out).toMatch(new RegExp(`^Rebuilt insights for ${fx.agent.slug}: ${rows.length} conversations, ${rows.length} facts, \\d+ hourly and \\d+ daily rollup rows`));
    expect(Number(/(\d+) hourly/.exec(out)![1])).toBeGreaterThanOrEqual(hours);
    expect(progress.at(-1)).toBe(`rolled up ${rows.length}/${rows.length} conversations\n`);
    expect(await insightsFromCli(db, { ...target, json: true, today })).toBe(before);
    await expect(rebuildInsightsFromCli(db, { ...target, agentSlug: "nobody" }, { stderr: { write: () => true } })).rejects.toThrow(/Agent nobody in workspace .* not found/);
  });

  it("says clearly what is wrong with bad input", async () => {
    await expect(insightsFromCli(db, { ...target, since: "2026-12-15", today })).rejects.toThrow(/The range ends before it starts/);
    await expect(insightsFromCli(db, { ...target, since: "2023-01-01", today })).rejects.toThrow(/two years or less/);
    await expect(insightsFromCli(db, { ...target, since: "yesterday", today })).rejects.toThrow(/--since must be a day written yyyy-mm-dd/);
    await expect(insightsFromCli(db, { ...target, release: "7", today })).rejects.toThrow("Release 7 not found");
    await expect(insightsFromCli(db, { ...target, release: "v2", today })).rejects.toThrow(/--release must be a release number/);
    await expect(insightsFromCli(db, { ...target, agentSlug: "nobody", today })).rejects.toThrow(/Agent nobody in workspace .* not found/);
  });
});
