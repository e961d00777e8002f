import { TRPCError } from "@trpc/server";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditLogs, journeys, policyTests } from "@/db/schema";
import { updateAgent } from "@/server/services/agents/agents";
import { hostedApiFixture } from "@/server/services/hosted-api/testing";
import { testDatabase } from "@/test/db";
import { addMember } from "@/test/factories";
import { diffReleases } from "./diff-releases";
import { canaryBucket, pickRelease } from "./pick-release";
import { PublishBlockedError, publishRelease } from "./publish-release";
import { restoreRelease } from "./restore-release";
import { setCanary } from "./set-canary";
import { setLiveRelease } from "./set-live-release";

const { db } = await testDatabase();
const fixtures: { close: () => Promise<void> }[] = [];
afterAll(async () => {
  for (const f of fixtures) await f.close();
});

async function fixture() {
  const fx = await hostedApiFixture(db, { template: "tpl-releases" });
  fixtures.push(fx);
  return fx;
}

/** Edits every journey of the draft the way the canvas would: new graph, new revision. */
async function editJourneyText(database: Db, agentId: string, from: string, to: string) {
  const rows = await database.select().from(journeys).where(eq(journeys.agentId, agentId));
  for (const j of rows) {
    const graph = JSON.parse(JSON.stringify(j.graph).replaceAll(from, to));
    await database.update(journeys).set({ graph, revision: j.revision + 1, updatedAt: new Date() }).where(eq(journeys.id, j.id));
  }
}

type Fx = Awaited<ReturnType<typeof fixture>>;
async function start(fx: Fx, body: Record<string, unknown> = {}) {
  const res = await fx.call("/conversations", { json: { agent: fx.agent.slug, ...body } });
  return { status: res.status, body: await res.json() };
}
async function say(fx: Fx, id: string, text: string) {
  const res = await fx.call(`/conversations/${id}/messages`, { json: { text } });
  expect(res.status).toBe(200);
  return (await res.json()) as { messages: { text: string }[]; status: string; release: number };
}
const ORDER = "Where is my order #W2378156?";

describe("publishing and serving releases", () => {
  it("serves the release, not the draft; a new release serves new conversations while open ones keep theirs; rollback", async () => {
    const fx = await fixture();
    const before = await start(fx);
    expect(before.status).toBe(409);
    expect(before.body.error).toMatchObject({ code: "conflict", message: expect.stringMatching(/no published release/) });

    const r1 = await publishRelease(fx.ctx, { agentId: fx.agent.id, notes: "First" });
    expect(r1).toMatchObject({ number: 1, live: true });

    const a = await start(fx);
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ release: 1, status: "open", agent: { slug: fx.agent.slug }, messages: [{ role: "agent", text: "Hi, I'm Sam. How can I help?" }] });
    expect((await say(fx, a.body.id, ORDER)).messages[0]!.text).toMatch(/verify your identity/);

    // Draft edits do not reach the API until they are published.
    await updateAgent(fx.ctx, { agentId: fx.agent.id, persona: { agentName: "Sam", tone: "friendly", greeting: "Hello from the draft!" } });
    await editJourneyText(db, fx.agent.id, "First I need to verify your identity", "Before anything, please verify yourself");
    const b = await start(fx);
    expect(b.body).toMatchObject({ release: 1, messages: [{ text: "Hi, I'm Sam. How can I help?" }] });
    expect((await say(fx, b.body.id, ORDER)).messages[0]!.text).toMatch(/verify your identity/);

    const draftDiff = await diffReleases(fx.ctx, { agentId: fx.agent.id, from: "live", to: "draft" });
    expect(draftDiff.diff.persona).toEqual([{ path: "greeting", before: "Hi, I'm Sam. How can I help?", after: "Hello from the draft!" }]);
    expect(draftDiff.diff.journeys.length).toBeGreaterThan(0);
    expect(draftDiff.diff.journeys[0]!.nodes.some((n) => n.kind === "changed" && n.fields.includes("slot.prompt"))).toBe(true);

    const r2 = await publishRelease(fx.ctx, { agentId: fx.agent.id, notes: "New greeting" });
    expect(r2).toMatchObject({ number: 2, live: true });
    const c = await start(fx);
    expect(c.body).toMatchObject({ release: 2, messages: [{ text: "Hello from the draft!" }] });
    expect((await say(fx, c.body.id, ORDER)).messages[0]!.text).toMatch(/verify yourself/);
    // The conversation opened on release 1 keeps release 1 for its whole life.
    const open = await fx.call(`/conversations/${a.body.id}`).then((r) => r.json());
    expect(open.release).toBe(1);
    const stillOne = await say(fx, a.body.id, "never mind that, where is my order #W2378156?");
    expect(stillOne.release).toBe(1);

    // Rollback: the pointer moves back; release 2 still exists.
    await setLiveRelease(fx.ctx, { agentId: fx.agent.id, releaseId: r1.id });
    const d = await start(fx);
    expect(d.body).toMatchObject({ release: 1, messages: [{ text: "Hi, I'm Sam. How can I help?" }] });
    const list = await fx.caller.releases.list({ workspace: fx.workspace.slug, agentId: fx.agent.id });
    expect(list.releases.map((r) => [r.number, r.state, r.notes])).toEqual([
      [2, "archived", "New greeting"],
      [1, "live", "First"],
    ]);
    expect(list.releases[0]!.authorName).toBe("Owner");

    const releaseDiff = await diffReleases(fx.ctx, { agentId: fx.agent.id, from: r1.id, to: r2.id });
    expect(releaseDiff.diff.persona.map((p) => p.path)).toEqual(["greeting"]);
    const audit = await db.select({ action: auditLogs.action }).from(auditLogs).where(eq(auditLogs.workspaceId, fx.workspace.id));
    expect(audit.map((x) => x.action)).toEqual(expect.arrayContaining(["release.publish", "release.set_live"]));
  });

  it("honours a pinned release number; an unknown one is 404", async () => {
    const fx = await fixture();
    await publishRelease(fx.ctx, { agentId: fx.agent.id });
    await updateAgent(fx.ctx, { agentId: fx.agent.id, persona: { agentName: "Sam", tone: "friendly", greeting: "Release two here." } });
    await publishRelease(fx.ctx, { agentId: fx.agent.id });
    expect((await start(fx)).body).toMatchObject({ release: 2, messages: [{ text: "Release two here." }] });
    expect((await start(fx, { release: 1 })).body).toMatchObject({ release: 1, messages: [{ text: "Hi, I'm Sam. How can I help?" }] });
    const missing = await start(fx, { release: 7 });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("not_found");
  });

  it("splits new conversations between live and canary, sticky per customer, close to the percentage", async () => {
    const fx = await fixture();
    const r1 = await publishRelease(fx.ctx, { agentId: fx.agent.id });
    const r2 = await publishRelease(fx.ctx, { agentId: fx.agent.id, makeLive: false });
    expect(r2.live).toBe(false);
    await setCanary(fx.ctx, { agentId: fx.agent.id, releaseId: r2.id, percent: 30 });

    const scope = { workspaceId: fx.workspace.id, agentId: fx.agent.id };
    let canary = 0;
    for (let i = 0; i < 1000; i++) {
      const customerId = `customer-${i}`;
      const first = await pickRelease(db, { ...scope, customerId });
      if (i < 100) expect(await pickRelease(db, { ...scope, customerId })).toBe(first); // sticky
      expect(first).toBe(canaryBucket(customerId) < 30 ? r2.id : r1.id);
      if (first === r2.id) canary++;
    }
    expect(canary / 1000).toBeGreaterThan(0.26);
    expect(canary / 1000).toBeLessThan(0.34);

    // Through the API: the customer id decides, every time.
    const inCanary = Array.from({ length: 50 }, (_, i) => `api-${i}`).find((id) => canaryBucket(id) < 30)!;
    const notInCanary = Array.from({ length: 50 }, (_, i) => `api-${i}`).find((id) => canaryBucket(id) >= 30)!;
    for (let i = 0; i < 2; i++) {
      expect((await start(fx, { customer: { id: inCanary } })).body.release).toBe(2);
      expect((await start(fx, { customer: { id: notInCanary } })).body.release).toBe(1);
    }
    const list = await fx.caller.releases.list({ workspace: fx.workspace.slug, agentId: fx.agent.id });
    expect(list.releases.map((r) => r.state)).toEqual(["canary", "live"]);
    expect(list.canaryPercent).toBe(30);

    await setCanary(fx.ctx, { agentId: fx.agent.id, releaseId: null });
    expect((await start(fx, { customer: { id: inCanary } })).body.release).toBe(1);
  });

  it("refuses to publish while a journey is invalid or a policy test fails, and says why", async () => {
    const fx = await fixture();
    await db.insert(policyTests).values([
      { workspaceId: fx.workspace.id, agentId: fx.agent.id, policyKey: "cancel_pending_order", name: "strangers cannot cancel", facts: {}, expectedDecision: "deny", expectedRuleId: "require-authentication" },
    ]);
    const ok = await publishRelease(fx.ctx, { agentId: fx.agent.id });
    expect(ok.number).toBe(1);

    await db.insert(policyTests).values({
      workspaceId: fx.workspace.id,
      agentId: fx.agent.id,
      policyKey: "cancel_pending_order",
      name: "strangers can cancel (wrong on purpose)",
      facts: { "order.exists": true },
      expectedDecision: "allow",
    });
    const [status] = await db.select().from(journeys).where(and(eq(journeys.agentId, fx.agent.id), eq(journeys.name, "Order status")));
    const graph = status!.graph as { edges: unknown[] };
    await db.update(journeys).set({ graph: { ...graph, edges: [] }, updatedAt: new Date() }).where(eq(journeys.id, status!.id));

    const refused = await publishRelease(fx.ctx, { agentId: fx.agent.id }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PublishBlockedError);
    const blockers = (refused as PublishBlockedError).blockers;
    expect(blockers.some((b) => b.kind === "journey" && b.subject === "Order status" && /dead end/.test(b.message))).toBe(true);
    expect(blockers.filter((b) => b.kind === "policy_test")).toEqual([
      { kind: "policy_test", subject: "strangers can cancel (wrong on purpose)", message: "Expected allow, got deny (rule require-authentication)" },
    ]);
    // The same reasons through tRPC, and nothing was written.
    await expect(fx.caller.releases.publish({ workspace: fx.workspace.slug, agentId: fx.agent.id })).rejects.toThrow(/Order status: .*dead end/);
    const check = await fx.caller.releases.check({ workspace: fx.workspace.slug, agentId: fx.agent.id });
    expect(check.blockers.length).toBe(blockers.length);
    const count = await db.execute(sql`select count(*)::int as n from releases where agent_id = ${fx.agent.id}`);
    expect(((count as unknown as { rows?: { n: number }[] }).rows ?? (count as unknown as { n: number }[]))[0]!.n).toBe(1);
  });

  it("restores a release into the draft (audited) and only publishers may publish", async () => {
    const fx = await fixture();
    const r1 = await publishRelease(fx.ctx, { agentId: fx.agent.id });
    await updateAgent(fx.ctx, { agentId: fx.agent.id, persona: { agentName: "Max", tone: "concise", greeting: "Yo." } });
    await editJourneyText(db, fx.agent.id, "First I need to verify your identity", "Verify please");
    await fx.caller.releases.restore({ workspace: fx.workspace.slug, agentId: fx.agent.id, releaseId: r1.id });
    const diff = await diffReleases(fx.ctx, { agentId: fx.agent.id, from: r1.id, to: "draft" });
    expect(diff.diff.empty).toBe(true);
    const [audit] = await db.select().from(auditLogs).where(and(eq(auditLogs.workspaceId, fx.workspace.id), eq(auditLogs.action, "release.restore_draft")));
    expect(audit!.after).toMatchObject({ number: 1 });
    expect(JSON.stringify(audit!.before)).toContain("Verify please");
    await expect(restoreRelease(fx.ctx, { agentId: fx.agent.id, releaseId: "00000000-0000-4000-8000-000000000000" })).rejects.toThrow(/Release not found/);

    const viewer = await addMember(db, fx.workspace.id, "viewer");
    const builder = await addMember(db, fx.workspace.id, "builder");
    const denied = await viewer.caller.releases.publish({ workspace: fx.workspace.slug, agentId: fx.agent.id }).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(TRPCError);
    expect((denied as TRPCError).code).toBe("FORBIDDEN");
    expect(await viewer.caller.releases.list({ workspace: fx.workspace.slug, agentId: fx.agent.id })).toMatchObject({ releases: [{ number: 1 }] });
    expect(await builder.caller.releases.publish({ workspace: fx.workspace.slug, agentId: fx.agent.id, notes: "by a builder" })).toMatchObject({ number: 2 });
    await expect(builder.caller.apiKeys.list({ workspace: fx.workspace.slug })).rejects.toThrow(/apikeys:manage/);
  });
});
