import { and, count, eq, inArray, like, sql } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { auditLogs, conversationAnnotations, conversations, conversationScores, reviewQueueItems, scoreCriteria } from "@/db/schema";
import { type Role, can, roles } from "@/server/authz/permissions";
import type { WorkspaceCtx } from "@/server/services/context";
import { testDatabase } from "@/test/db";
import { addMember, makeWorkspace } from "@/test/factories";
import { createQueue } from "./create-queue";
import { samplePoint, sampleIntoQueues } from "./sample-into-queues";

const { db } = await testDatabase();

const DAY = 24 * 60 * 60 * 1000;
type Row = typeof conversations.$inferInsert;

async function fixture() {
  const { workspace, owner, caller } = await makeWorkspace(db);
  const agent = await caller.agents.create({ workspace: workspace.slug, name: "Support" });
  const other = await caller.agents.create({ workspace: workspace.slug, name: "Sales" });
  const ctx: WorkspaceCtx = { db, userId: owner.id, workspace: { id: workspace.id, slug: workspace.slug, name: workspace.name }, role: "owner" };
  /** Inserts ended conversations (resolved, two days old, on the widget) with any column changed. */
  const make = async (rows: Partial<Row>[]) => {
    const ids: string[] = [];
    for (let i = 0; i < rows.length; i += 1000) {
      const chunk = rows.slice(i, i + 1000).map((r) => ({
        workspaceId: workspace.id,
        agentId: agent.id,
        channel: "widget",
        status: "resolved",
        endedAt: new Date(Date.now() - 2 * DAY),
        createdAt: new Date(Date.now() - 2 * DAY),
        ...r,
      }));
      ids.push(...(await db.insert(conversations).values(chunk).returning({ id: conversations.id })).map((c) => c.id));
    }
    return ids;
  };
  const itemsOf = async (queueId: string) =>
    (await db.select({ c: reviewQueueItems.conversationId }).from(reviewQueueItems).where(eq(reviewQueueItems.queueId, queueId))).map((r) => r.c).sort();
  return { workspace, owner, caller, agent, other, ctx, ws: workspace.slug, make, itemsOf, q: caller.review.queues };
}

describe("sampling", () => {
  test("is deterministic per (queue, conversation) and rate: 10 % of 10,000 is 1,000 within 3σ, the same set the hash names, and a re-run enters nothing", async () => {
    const f = await fixture();
    // Created before the conversations exist: its backfill is empty, so only sampleIntoQueues fills it.
    const queue = await f.q.create({ workspace: f.ws, name: "Resolved sample", ruleKind: "all", rate: 10, filter: { status: "resolved" } });
    expect(queue.entered).toBe(0);
    const ids = await f.make(Array.from({ length: 10_000 }, () => ({})));

    const first = await sampleIntoQueues(db, ids);
    // σ = √(n p (1−p)) = √(10,000 · 0.1 · 0.9) = 30.
    expect(Math.abs(first.entered - 1000)).toBeLessThanOrEqual(90);
    const members = await f.itemsOf(queue.id);
    expect(members).toEqual(ids.filter((id) => samplePoint(queue.id, id) < 10).sort());

    expect(await sampleIntoQueues(db, ids)).toEqual({ entered: 0 });
    expect(await f.itemsOf(queue.id)).toEqual(members);
  });

  test("each rule takes its conversations; open, eval, other-agent and other-release conversations stay out", async () => {
    const f = await fixture();
    const [criterion] = await db.insert(scoreCriteria).values({ workspaceId: f.workspace.id, name: "Policy followed", scale: "pass_fail", scorer: "ai" }).returning();
    const mk = async (r: Partial<Row>) => (await f.make([r]))[0]!;
    const c = {
      escalated: await mk({ status: "escalated", releaseNumber: 2 }),
      denied: await mk({}),
      guardrail: await mk({ status: "abandoned" }),
      negative: await mk({}),
      lowAi: await mk({ releaseNumber: 2 }),
      plain: await mk({ releaseNumber: 2 }),
      open: await mk({ status: "open", endedAt: null }),
      evalRun: await mk({ channel: "eval", status: "escalated" }),
      otherAgent: await mk({ agentId: f.other.id, status: "escalated" }),
    };
    // Raw SQL: the insert names only these columns, whatever else turn_traces has.
    const trace = (conversationId: string, events: unknown[]) =>
      db.execute(sql`insert into turn_traces (workspace_id, conversation_id, turn, events) values (${f.workspace.id}, ${conversationId}, 1, ${JSON.stringify(events)}::jsonb)`);
    await trace(c.denied, [{ type: "policy", name: "returns", decision: "deny", durationMs: 1 }]);
    await trace(c.guardrail, [{ type: "guardrail", name: "output", decision: "blocked", durationMs: 1 }]);
    await trace(c.plain, [{ type: "policy", name: "returns", decision: "allow", durationMs: 1 }, { type: "guardrail", name: "input", decision: "pass", durationMs: 1 }]);
    await db.insert(conversationAnnotations).values(
      [
        [c.negative, "negative"],
        [c.plain, "neutral"],
      ].map(([id, label]) => ({ workspaceId: f.workspace.id, conversationId: id!, outcome: "resolved" as const, sentiment: label === "negative" ? -0.6 : 0, sentimentLabel: label as "negative" | "neutral", topic: "returns", judge: "local judge" })),
    );
    await db.insert(conversationScores).values([
      { workspaceId: f.workspace.id, conversationId: c.lowAi, criterionId: criterion!.id, kind: "ai", value: "fail", points: 0, authorName: "local judge" },
      { workspaceId: f.workspace.id, conversationId: c.plain, criterionId: criterion!.id, kind: "ai", value: "pass", points: 1, authorName: "local judge" },
    ]);
    const create = (name: string, input: Record<string, unknown>) => f.q.create({ workspace: f.ws, name, agentId: f.agent.id, ruleKind: "all", ...input });
    const escalated = await create("Escalations", { ruleKind: "escalated" });
    const denials = await create("Policy denials", { ruleKind: "policy_denial_or_guardrail" });
    const negative = await create("Unhappy", { ruleKind: "negative_sentiment" });
    const lowAi = await create("Low AI score", { ruleKind: "ai_score_below", ruleThreshold: 50 });
    const release2 = await create("Release 2", { releaseNumber: 2 });
    const allAgents = await f.q.create({ workspace: f.ws, name: "All agents escalated", ruleKind: "escalated" });

    // Created after the conversations: the backfill took them in.
    expect(await f.itemsOf(escalated.id)).toEqual([c.escalated]);
    expect(await f.itemsOf(denials.id)).toEqual([c.denied, c.guardrail].sort());
    expect(await f.itemsOf(negative.id)).toEqual([c.negative]);
    expect(await f.itemsOf(lowAi.id)).toEqual([c.lowAi]);
    expect(await f.itemsOf(release2.id)).toEqual([c.escalated, c.lowAi, c.plain].sort());
    expect(await f.itemsOf(allAgents.id)).toEqual([c.escalated, c.otherAgent].sort());

    // The open one ends and escalates: the job's call puts it in, once.
    await db.update(conversations).set({ status: "escalated", endedAt: new Date() }).where(eq(conversations.id, c.open));
    expect(await sampleIntoQueues(db, [c.open, c.open, c.evalRun])).toEqual({ entered: 2 }); // Escalations and All agents escalated
    expect(await f.itemsOf(escalated.id)).toEqual([c.escalated, c.open].sort());
  });

  test("the backfill takes the last 30 days only; the preview counts what the filter and rule match", async () => {
    const f = await fixture();
    const [recent, old] = [await f.make([{ status: "escalated" }]), await f.make([{ status: "escalated", createdAt: new Date(Date.now() - 40 * DAY) }])];
    const preview = await f.q.preview({ workspace: f.ws, ruleKind: "escalated", rate: 50 });
    expect(preview).toEqual({ days: 30, matching: 1, expected: 1 });
    expect(await f.q.preview({ workspace: f.ws, ruleKind: "escalated", filter: { channel: "api" } })).toMatchObject({ matching: 0, expected: 0 });
    const queue = await f.q.create({ workspace: f.ws, name: "Escalations", ruleKind: "escalated" });
    expect(await f.itemsOf(queue.id)).toEqual(recent);
    expect(await f.itemsOf(queue.id)).not.toContain(old[0]);
  });
});

describe("claims", () => {
  test("20 concurrent reviewers never get the same item; the 21st finds nothing left", async () => {
    const f = await fixture();
    await f.make(Array.from({ length: 20 }, () => ({ status: "escalated" })));
    const queue = await f.q.create({ workspace: f.ws, name: "Escalations", ruleKind: "escalated" });
    const reviewers = await Promise.all(Array.from({ length: 21 }, () => addMember(db, f.workspace.id, "reviewer")));
    const got = await Promise.all(reviewers.map((r) => r.caller.review.queues.next({ workspace: f.ws, queueId: queue.id })));
    const ids = got.filter((g) => g !== null).map((g) => g.item.id);
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(20);
    expect(got.filter((g) => g === null)).toHaveLength(1);
    // Each item is held by the reviewer who got it.
    const rows = await db.select().from(reviewQueueItems).where(eq(reviewQueueItems.queueId, queue.id));
    for (const [i, g] of got.entries()) if (g) expect(rows.find((r) => r.id === g.item.id)?.claimedBy).toBe(reviewers[i]!.user.id);
  });

  test("next returns the caller's own claim again; a lapsed claim is anyone's; complete, skip and release move the counts", async () => {
    const f = await fixture();
    await f.make(Array.from({ length: 3 }, () => ({ status: "escalated" })));
    const queue = await f.q.create({ workspace: f.ws, name: "Escalations", ruleKind: "escalated" });
    const ana = (await addMember(db, f.workspace.id, "reviewer")).caller.review.queues;
    const ben = (await addMember(db, f.workspace.id, "reviewer")).caller.review.queues;
    const a1 = (await ana.next({ workspace: f.ws, queueId: queue.id }))!;
    expect((await ana.next({ workspace: f.ws, queueId: queue.id }))!.item.id).toBe(a1.item.id);
    const b1 = (await ben.next({ workspace: f.ws, queueId: queue.id }))!;
    expect(b1.item.id).not.toBe(a1.item.id);

    // Ben may not finish or release Ana's item while her claim lasts.
    await expect(ben.complete({ workspace: f.ws, itemId: a1.item.id })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/^A reviewer is working on this item \(claimed until \d\d:\d\d UTC\): take the next item instead$/),
    });
    await expect(ben.release({ workspace: f.ws, itemId: a1.item.id })).rejects.toMatchObject({ code: "CONFLICT" });

    // Her claim lapses: the item is the next reviewer's.
    await db.update(reviewQueueItems).set({ claimExpiresAt: new Date(Date.now() - 1000) }).where(eq(reviewQueueItems.id, a1.item.id));
    await ben.complete({ workspace: f.ws, itemId: b1.item.id });
    const b2 = (await ben.next({ workspace: f.ws, queueId: queue.id }))!;
    expect(b2.item.id).toBe(a1.item.id); // the oldest free item
    const [done] = await db.select().from(reviewQueueItems).where(eq(reviewQueueItems.id, b1.item.id));
    expect(done).toMatchObject({ status: "done", completedBy: b1.item.claimedBy });
    await expect(ben.complete({ workspace: f.ws, itemId: b1.item.id })).rejects.toMatchObject({ code: "CONFLICT", message: "This item is already done: take the next item instead" });

    await ben.release({ workspace: f.ws, itemId: b2.item.id });
    await ana.skip({ workspace: f.ws, itemId: b2.item.id });
    const listed = (await f.q.list({ workspace: f.ws })).find((q) => q.id === queue.id)!;
    expect(listed.counts).toEqual({ todo: 1, done: 1, skipped: 1, claimed: 0 });
    expect((await f.q.items({ workspace: f.ws, queueId: queue.id, status: "skipped" })).map((i) => i.id)).toEqual([b2.item.id]);
    expect((await f.q.items({ workspace: f.ws, queueId: queue.id, status: "done" })).map((i) => i.conversationId)).toEqual([b1.item.conversationId]);
  });

  test("a queue with assignees is worked by them only", async () => {
    const f = await fixture();
    await f.make([{ status: "escalated" }]);
    const ana = await addMember(db, f.workspace.id, "reviewer");
    const ben = await addMember(db, f.workspace.id, "reviewer");
    const queue = await f.q.create({ workspace: f.ws, name: "Ana's", ruleKind: "escalated", assigneeIds: [ana.user.id] });
    await expect(ben.caller.review.queues.next({ workspace: f.ws, queueId: queue.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: `"Ana's" is assigned to particular reviewers and you are not one of them: ask an admin to add you`,
    });
    expect(await ana.caller.review.queues.next({ workspace: f.ws, queueId: queue.id })).not.toBeNull();
    expect((await ben.caller.review.queues.list({ workspace: f.ws }))[0]).toMatchObject({ canWork: false, assignees: [{ id: ana.user.id, name: "A reviewer" }] });
  });
});

describe("bad input and tenancy", () => {
  test("clear errors, nothing written", async () => {
    const f = await fixture();
    const viewer = await addMember(db, f.workspace.id, "viewer");
    const stranger = await makeWorkspace(db);
    const base = { workspace: f.ws, name: "Q", ruleKind: "all" as const };
    const cases: [() => Promise<unknown>, string, string | RegExp][] = [
      [() => f.q.create({ ...base, rate: 101 }), "BAD_REQUEST", "The sampling rate is a percentage: give a number from 0 to 100"],
      [() => f.q.create({ ...base, rate: -1 }), "BAD_REQUEST", "The sampling rate is a percentage: give a number from 0 to 100"],
      [() => f.q.create({ ...base, name: " " }), "BAD_REQUEST", "Give the queue a name"],
      [() => f.q.create({ ...base, ruleKind: "ai_score_below" }), "BAD_REQUEST", "Give the AI score threshold (0 to 100) the rule compares against"],
      [() => f.q.create({ ...base, assigneeIds: [stranger.owner.id] }), "BAD_REQUEST", `Assignee ${stranger.owner.id} is not a member of this workspace: assign members of the workspace, or no one`],
      [() => f.q.create({ ...base, assigneeIds: [viewer.user.id] }), "BAD_REQUEST", "A viewer cannot review (their role is viewer): assign owners, admins or reviewers"],
      [() => f.q.create({ ...base, agentId: "00000000-0000-4000-8000-000000000000" }), "NOT_FOUND", /not found/],
      [() => f.q.create({ ...base, filter: { tagId: "00000000-0000-4000-8000-000000000000" } }), "NOT_FOUND", "Tag not found"],
      [() => f.q.next({ workspace: f.ws, queueId: "00000000-0000-4000-8000-000000000000" }), "NOT_FOUND", "Review queue not found"],
      [() => f.q.complete({ workspace: f.ws, itemId: "00000000-0000-4000-8000-000000000000" }), "NOT_FOUND", "Review queue item not found"],
    ];
    for (const [call, code, message] of cases) await expect(call()).rejects.toMatchObject({ code, message });
    expect(await f.q.list({ workspace: f.ws })).toEqual([]);
  });

  test("another workspace's queue and item are NOT_FOUND", async () => {
    const f = await fixture();
    await f.make([{ status: "escalated" }]);
    const queue = await f.q.create({ workspace: f.ws, name: "Escalations", ruleKind: "escalated" });
    const item = (await f.q.next({ workspace: f.ws, queueId: queue.id }))!.item;
    const other = await makeWorkspace(db);
    const o = other.caller.review.queues;
    const ws = other.workspace.slug;
    for (const call of [
      () => o.next({ workspace: ws, queueId: queue.id }),
      () => o.update({ workspace: ws, queueId: queue.id, name: "Mine", ruleKind: "all" }),
      () => o.delete({ workspace: ws, queueId: queue.id }),
      () => o.items({ workspace: ws, queueId: queue.id, status: "done" }),
      () => o.complete({ workspace: ws, itemId: item.id }),
      () => o.skip({ workspace: ws, itemId: item.id }),
      () => o.release({ workspace: ws, itemId: item.id }),
    ])
      await expect(call()).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await f.itemsOf(queue.id)).toHaveLength(1);
  });
});

test("every mutation is audited", async () => {
  const f = await fixture();
  await f.make([{ status: "escalated" }]);
  const queue = await createQueue(f.ctx, { name: "Escalations", description: "", agentId: null, filter: {}, ruleKind: "escalated", ruleThreshold: null, rate: 100, releaseNumber: null, assigneeIds: [] });
  await f.q.update({ workspace: f.ws, queueId: queue.id, name: "Escalated", ruleKind: "escalated" });
  const item = (await f.q.next({ workspace: f.ws, queueId: queue.id }))!.item;
  await f.q.release({ workspace: f.ws, itemId: item.id });
  await f.q.next({ workspace: f.ws, queueId: queue.id });
  await f.q.complete({ workspace: f.ws, itemId: item.id });
  await f.q.delete({ workspace: f.ws, queueId: queue.id });
  const rows = await db
    .select({ action: auditLogs.action, before: auditLogs.before, after: auditLogs.after })
    .from(auditLogs)
    .where(and(eq(auditLogs.workspaceId, f.workspace.id), like(auditLogs.action, "review_queue.%")))
    .orderBy(auditLogs.createdAt);
  expect(rows.map((r) => r.action)).toEqual(["review_queue.create", "review_queue.update", "review_queue.claim", "review_queue.release", "review_queue.claim", "review_queue.complete", "review_queue.delete"]);
  expect(rows[0]!.after).toMatchObject({ name: "Escalations", entered: 1 });
  expect(rows[1]).toMatchObject({ before: { name: "Escalations" }, after: { name: "Escalated" } });
  expect(rows[6]!.before).toMatchObject({ name: "Escalated", items: 1 });
});

describe("the conversation list's review filters", () => {
  test("reviewStatus splits conversations into unreviewed, in a queue and reviewed; reviewerId finds who completed or scored", async () => {
    const f = await fixture();
    const [inQueue, completed, scored, untouched] = await f.make([{ status: "escalated" }, { status: "escalated" }, {}, {}]);
    const queue = await f.q.create({ workspace: f.ws, name: "Escalations", ruleKind: "escalated" });
    const ana = await addMember(db, f.workspace.id, "reviewer");
    const ben = await addMember(db, f.workspace.id, "reviewer");
    const [item] = await db.select().from(reviewQueueItems).where(and(eq(reviewQueueItems.queueId, queue.id), eq(reviewQueueItems.conversationId, completed!)));
    await ana.caller.review.queues.complete({ workspace: f.ws, itemId: item!.id });
    const criterion = await f.caller.review.criteria.create({ workspace: f.ws, name: "Tone", scale: "pass_fail", scorer: "human" });
    await ben.caller.review.score({ workspace: f.ws, conversationId: scored!, criterionId: criterion.id, value: "pass" });

    const list = async (input: Record<string, unknown>) =>
      (await f.caller.conversations.list({ workspace: f.ws, agentId: f.agent.id, ...input })).items.map((c) => c.id).sort();
    expect(await list({ reviewStatus: "in_queue" })).toEqual([inQueue]);
    expect(await list({ reviewStatus: "reviewed" })).toEqual([completed!, scored!].sort());
    expect(await list({ reviewStatus: "unreviewed" })).toEqual([untouched]);
    expect(await list({ reviewerId: ana.user.id })).toEqual([completed]);
    expect(await list({ reviewerId: ben.user.id })).toEqual([scored]);
    const stranger = await makeWorkspace(db);
    await expect(list({ reviewerId: stranger.owner.id })).rejects.toMatchObject({ code: "NOT_FOUND", message: "Reviewer (a member of this workspace) not found" });
    await expect(list({ reviewStatus: "pending" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "The review status is unreviewed, in_queue or reviewed" });
  });
});

describe.each(roles)("role %s", (role: Role) => {
  test("queue mutations follow the permission table", async () => {
    const f = await fixture();
    await f.make([{ status: "escalated" }, { status: "escalated" }, { status: "escalated" }]);
    const { caller } = await addMember(db, f.workspace.id, role);
    const q = caller.review.queues;
    // Everyone who reads conversations sees the queues.
    await expect(q.list({ workspace: f.ws })).resolves.toEqual([]);
    const queue = await createQueue(f.ctx, { name: `Seed ${role}`, description: "", agentId: null, filter: {}, ruleKind: "escalated", ruleThreshold: null, rate: 100, releaseNumber: null, assigneeIds: [] });
    const defines = [
      () => q.create({ workspace: f.ws, name: "New", ruleKind: "all" }),
      () => q.update({ workspace: f.ws, queueId: queue.id, name: "Renamed", ruleKind: "escalated" }),
    ];
    for (const call of defines) {
      if (can(role, "review:queues")) await expect(call()).resolves.toBeDefined();
      else await expect(call()).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    // The owner holds two items, so there is one to finish or skip whatever the role may do.
    const owner = f.q;
    const held = [(await owner.next({ workspace: f.ws, queueId: queue.id }))!.item];
    await owner.release({ workspace: f.ws, itemId: held[0]!.id });
    const works = [
      async () => (await q.next({ workspace: f.ws, queueId: queue.id }))!.item,
      async () => q.release({ workspace: f.ws, itemId: (await q.next({ workspace: f.ws, queueId: queue.id }))!.item.id }),
      async () => q.complete({ workspace: f.ws, itemId: (await q.next({ workspace: f.ws, queueId: queue.id }))!.item.id }),
      async () => q.skip({ workspace: f.ws, itemId: (await q.next({ workspace: f.ws, queueId: queue.id }))!.item.id }),
    ];
    for (const call of works) {
      if (can(role, "review:write")) await expect(call()).resolves.toBeDefined();
      else await expect(call()).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    if (!can(role, "review:write")) {
      // Finishing an item directly, not only claiming one, is refused too.
      await expect(q.complete({ workspace: f.ws, itemId: held[0]!.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(q.skip({ workspace: f.ws, itemId: held[0]!.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(q.release({ workspace: f.ws, itemId: held[0]!.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const remove = q.delete({ workspace: f.ws, queueId: queue.id });
    if (can(role, "review:queues")) await expect(remove).resolves.toMatchObject({ id: queue.id });
    else await expect(remove).rejects.toMatchObject({ code: "FORBIDDEN" });
    const [left] = await db.select({ n: count() }).from(reviewQueueItems).where(inArray(reviewQueueItems.queueId, [queue.id]));
    expect(left!.n).toBe(can(role, "review:queues") ? 0 : 3);
  });
});
