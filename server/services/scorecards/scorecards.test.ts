import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { auditLogs, conversations, conversationScores, messages } from "@/db/schema";
import { type Role, can, roles } from "@/server/authz/permissions";
import { testDatabase } from "@/test/db";
import { addMember, makeWorkspace } from "@/test/factories";
import { createCriterion } from "./create-criterion";

const { db } = await testDatabase();

/** A workspace with an agent and two conversations, each a customer message then an agent reply. */
async function scorecardFixture() {
  const { workspace, owner, caller } = await makeWorkspace(db);
  const agent = await caller.agents.create({ workspace: workspace.slug, name: "Support" });
  const [first, second] = await db
    .insert(conversations)
    .values([
      { workspaceId: workspace.id, agentId: agent.id, channel: "playground", createdAt: new Date(Date.UTC(2026, 0, 1)) },
      { workspaceId: workspace.id, agentId: agent.id, channel: "api", createdAt: new Date(Date.UTC(2026, 0, 2)) },
    ])
    .returning({ id: conversations.id });
  const turn = (conversationId: string, customer: string, reply: string) => [
    { workspaceId: workspace.id, conversationId, turn: 1, role: "customer", text: customer },
    { workspaceId: workspace.id, conversationId, turn: 1, role: "agent", text: reply },
  ];
  await db.insert(messages).values([
    ...turn(first!.id, "Cancel order #W1", "Order #W1 is cancelled. Happy to help."),
    ...turn(second!.id, "Where is my parcel?", "Unfortunately I'll refund you $250.00 today."),
  ]);
  const ws = workspace.slug;
  const r = caller.review;
  return { workspace, owner, caller, agent, ws, r, first: first!.id, second: second!.id };
}

/** The demo's kind of scorecard: one of each scale, scored by people, the AI or both. */
async function threeCriteria(f: Awaited<ReturnType<typeof scorecardFixture>>) {
  const resolved = await f.r.criteria.create({ workspace: f.ws, name: "Resolved correctly", scale: "pass_fail", scorer: "both", aiRubric: "contains: cancelled" });
  const tone = await f.r.criteria.create({
    workspace: f.ws,
    name: "On-brand tone",
    scale: "one_to_five",
    scorer: "ai",
    aiRubric: "contains: happy to help\nnot_contains: unfortunately\nnot_contains: calm down\nnot_contains: as an ai",
  });
  const escalated = await f.r.criteria.create({
    workspace: f.ws,
    name: "Escalated when it should have",
    scale: "choice",
    options: ["Rightly", "Should have", "Needlessly", "No need"],
    scorer: "human",
  });
  return { resolved, tone, escalated };
}

describe("criteria", () => {
  test("are added in order, edited, reordered, archived and restored; every change is audited", async () => {
    const f = await scorecardFixture();
    const { resolved, tone, escalated } = await threeCriteria(f);
    expect(resolved).toMatchObject({ name: "Resolved correctly", scale: "pass_fail", options: [], scorer: "both", position: 0, archivedAt: null });
    expect([tone.position, escalated.position]).toEqual([1, 2]);
    // Options are for choices only.
    expect(await f.r.criteria.update({ workspace: f.ws, criterionId: resolved.id, name: "Resolved", description: "Done right", scale: "pass_fail", options: ["x", "y"], scorer: "human" })).toMatchObject({
      name: "Resolved",
      description: "Done right",
      options: [],
      scorer: "human",
    });
    await f.r.criteria.reorder({ workspace: f.ws, criterionIds: [escalated.id, resolved.id, tone.id] });
    expect((await f.r.criteria.list({ workspace: f.ws })).map((c) => c.name)).toEqual(["Escalated when it should have", "Resolved", "On-brand tone"]);

    await f.r.criteria.archive({ workspace: f.ws, criterionId: resolved.id, archived: true });
    // Archived last; the order lists the scorecard's live criteria only.
    expect((await f.r.criteria.list({ workspace: f.ws })).map((c) => [c.name, c.archivedAt !== null])).toEqual([
      ["Escalated when it should have", false],
      ["On-brand tone", false],
      ["Resolved", true],
    ]);
    await expect(f.r.criteria.reorder({ workspace: f.ws, criterionIds: [tone.id, escalated.id, resolved.id] })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(f.r.criteria.reorder({ workspace: f.ws, criterionIds: [tone.id] })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "List every criterion of the scorecard once, in its new order",
    });
    await f.r.criteria.archive({ workspace: f.ws, criterionId: resolved.id, archived: false });

    const actions = await db
      .select({ action: auditLogs.action, actorId: auditLogs.actorId, before: auditLogs.before, after: auditLogs.after })
      .from(auditLogs)
      .where(and(eq(auditLogs.workspaceId, f.workspace.id), inArray(auditLogs.action, ["criterion.create", "criterion.update", "criterion.reorder", "criterion.archive", "criterion.restore"])))
      .orderBy(auditLogs.createdAt);
    expect(actions.map((a) => a.action)).toEqual(["criterion.create", "criterion.create", "criterion.create", "criterion.update", "criterion.reorder", "criterion.archive", "criterion.restore"]);
    expect(actions.every((a) => a.actorId === f.owner.id)).toBe(true);
    expect(actions[3]).toMatchObject({ before: { name: "Resolved correctly", scorer: "both" }, after: { name: "Resolved", scorer: "human" } });
  });

  test("bad definitions are clear errors", async () => {
    const f = await scorecardFixture();
    await f.r.criteria.create({ workspace: f.ws, name: "Policy followed", scale: "pass_fail", scorer: "both" });
    const refusals: [() => Promise<unknown>, string, string][] = [
      [() => f.r.criteria.create({ workspace: f.ws, name: "policy FOLLOWED", scale: "pass_fail", scorer: "human" }), "CONFLICT", 'A criterion called "policy FOLLOWED" already exists: pick another name'],
      [() => f.r.criteria.create({ workspace: f.ws, name: " ", scale: "pass_fail", scorer: "human" }), "BAD_REQUEST", "Give the criterion a name"],
      [() => f.r.criteria.create({ workspace: f.ws, name: "Mood", scale: "choice", options: ["Happy"], scorer: "human" }), "BAD_REQUEST", "A choice needs at least two options"],
      [() => f.r.criteria.create({ workspace: f.ws, name: "Mood", scale: "choice", options: ["Happy", "happy"], scorer: "human" }), "BAD_REQUEST", "Each choice must be different"],
      [
        () => f.r.criteria.create({ workspace: f.ws, name: "Mood", scale: "choice", options: ["Happy", "Sad"], scorer: "ai" }),
        "BAD_REQUEST",
        "A choice is scored by people: the AI judge grades pass / fail and 1–5 only",
      ],
      [() => f.r.criteria.create({ workspace: f.ws, name: "Mood", scale: "stars" as "choice", scorer: "human" }), "BAD_REQUEST", "The scale is pass / fail / n.a., 1–5, or a choice"],
      [() => f.r.criteria.update({ workspace: f.ws, criterionId: "8d6f9c0e-0000-4000-8000-000000000000", name: "X", scale: "pass_fail", scorer: "human" }), "NOT_FOUND", "Criterion not found"],
    ];
    for (const [attempt, code, message] of refusals) await expect(attempt(), message).rejects.toMatchObject({ code, message });
  });

  test("a scored criterion keeps its scale, and a choice keeps the options given", async () => {
    const f = await scorecardFixture();
    const { resolved, escalated } = await threeCriteria(f);
    await f.r.score({ workspace: f.ws, conversationId: f.first, criterionId: resolved.id, value: "pass" });
    await f.r.score({ workspace: f.ws, conversationId: f.first, criterionId: escalated.id, value: "Rightly" });
    await expect(f.r.criteria.update({ workspace: f.ws, criterionId: resolved.id, name: "Resolved correctly", scale: "one_to_five", scorer: "both" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: '"Resolved correctly" has scores on its scale: archive it and add a new criterion to score on another scale',
    });
    await expect(
      f.r.criteria.update({ workspace: f.ws, criterionId: escalated.id, name: escalated.name, scale: "choice", options: ["Should have", "Needlessly"], scorer: "human" }),
    ).rejects.toMatchObject({ code: "CONFLICT", message: '"Rightly" is a score some conversations have: keep it among the choices' });
    expect(
      await f.r.criteria.update({ workspace: f.ws, criterionId: escalated.id, name: escalated.name, scale: "choice", options: ["Rightly", "Should have", "Not needed"], scorer: "human" }),
    ).toMatchObject({ options: ["Rightly", "Should have", "Not needed"] });
  });
});

describe("human scores", () => {
  test("are checked against the scale, replace the current one, clear, and are audited with before and after", async () => {
    const f = await scorecardFixture();
    const { resolved, tone, escalated } = await threeCriteria(f);
    const alice = await addMember(db, f.workspace.id, "reviewer");
    const bob = await addMember(db, f.workspace.id, "reviewer");
    const at = { workspace: f.ws, conversationId: f.first };
    await alice.caller.review.score({ ...at, criterionId: resolved.id, value: "fail" });
    await alice.caller.review.score({ ...at, criterionId: escalated.id, value: "No need" });
    // Bob's re-score replaces Alice's: one current human score per criterion.
    await bob.caller.review.score({ ...at, criterionId: resolved.id, value: "pass" });
    const card = await f.r.scorecard(at);
    expect(card.map((c) => [c.name, c.human?.value ?? null, c.human?.authorName ?? null, c.ai])).toEqual([
      ["Resolved correctly", "pass", "A reviewer", null],
      ["On-brand tone", null, null, null],
      ["Escalated when it should have", "No need", "A reviewer", null],
    ]);
    const [row] = await db.select().from(conversationScores).where(and(eq(conversationScores.conversationId, f.first), eq(conversationScores.criterionId, resolved.id)));
    expect(row).toMatchObject({ kind: "human", value: "pass", points: 1, authorId: bob.user.id });

    const refusals: [Parameters<typeof f.r.score>[0], string, string][] = [
      [{ ...at, criterionId: resolved.id, value: "maybe" }, "BAD_REQUEST", '"maybe" is not on the scale of "Resolved correctly": pick one of pass, fail, na'],
      [{ ...at, criterionId: escalated.id, value: "no need" }, "BAD_REQUEST", '"no need" is not on the scale of "Escalated when it should have": pick one of Rightly, Should have, Needlessly, No need'],
      [{ ...at, criterionId: tone.id, value: "3" }, "BAD_REQUEST", '"On-brand tone" is scored by the AI only: run Score with AI'],
      [{ ...at, criterionId: "8d6f9c0e-0000-4000-8000-000000000000", value: "pass" }, "NOT_FOUND", "Criterion not found"],
      [{ ...at, criterionId: "nope", value: "pass" }, "BAD_REQUEST", "Unknown criterion id"],
      [{ ...at, criterionId: resolved.id, value: "" }, "BAD_REQUEST", "Pick a value"],
    ];
    for (const [input, code, message] of refusals) await expect(f.r.score(input), message).rejects.toMatchObject({ code, message });
    const fives = await f.r.criteria.create({ workspace: f.ws, name: "Clarity", scale: "one_to_five", scorer: "human" });
    await expect(f.r.score({ ...at, criterionId: fives.id, value: "6" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await f.r.score({ ...at, criterionId: fives.id, value: "4" });
    await f.r.criteria.archive({ workspace: f.ws, criterionId: fives.id, archived: true });
    await expect(f.r.score({ ...at, criterionId: fives.id, value: "5" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: '"Clarity" is archived: restore it under Settings › Scorecard to score it',
    });
    // An archived criterion stays on the scorecards it was scored on.
    expect((await f.r.scorecard(at)).find((c) => c.id === fives.id)).toMatchObject({ archived: true, human: { value: "4" } });
    expect((await f.r.scorecard({ workspace: f.ws, conversationId: f.second })).find((c) => c.id === fives.id)).toBeUndefined();

    expect(await f.r.score({ ...at, criterionId: resolved.id, value: null })).toEqual({ criterionId: resolved.id, value: null });
    expect((await f.r.scorecard(at))[0]!.human).toBeNull();

    const audit = await db
      .select({ action: auditLogs.action, actorId: auditLogs.actorId, before: auditLogs.before, after: auditLogs.after })
      .from(auditLogs)
      .where(and(eq(auditLogs.workspaceId, f.workspace.id), eq(auditLogs.targetId, f.first)))
      .orderBy(auditLogs.createdAt);
    expect(audit.filter((a) => (a.after as { criterionId?: string } | null)?.criterionId === resolved.id || a.action === "conversation.clear_score")).toEqual([
      { action: "conversation.score", actorId: alice.user.id, before: null, after: expect.objectContaining({ criterion: "Resolved correctly", kind: "human", value: "fail" }) },
      {
        action: "conversation.score",
        actorId: bob.user.id,
        before: expect.objectContaining({ value: "fail", by: "A reviewer" }),
        after: expect.objectContaining({ value: "pass", by: "A reviewer" }),
      },
      { action: "conversation.clear_score", actorId: f.owner.id, before: expect.objectContaining({ value: "pass" }), after: null },
    ]);
  });
});

describe("AI scores", () => {
  test("the local judge grades the AI's criteria, stores the value and its rationale, labelled as the AI's", async () => {
    const f = await scorecardFixture();
    const { resolved, tone, escalated } = await threeCriteria(f);
    const policy = await f.r.criteria.create({ workspace: f.ws, name: "Policy followed", description: "No promise the policy forbids", scale: "pass_fail", scorer: "ai" });
    await f.r.score({ workspace: f.ws, conversationId: f.first, criterionId: resolved.id, value: "fail" });

    const run = await f.r.scoreWithAi({ workspace: f.ws, conversationId: f.first });
    expect(run.judge).toBe("local judge");
    expect(run.scored).toEqual([
      { criterionId: resolved.id, name: "Resolved correctly", value: "pass", rationale: "all 1 checks passed" },
      { criterionId: tone.id, name: "On-brand tone", value: "5", rationale: "all 4 checks passed" },
    ]);
    // A natural-language rubric needs an LLM judge: skipped with the reason, nothing stored.
    expect(run.skipped).toEqual([{ criterionId: policy.id, name: "Policy followed", reason: 'needs an llm judge: "No promise the policy forbids"' }]);

    const card = await f.r.scorecard({ workspace: f.ws, conversationId: f.first });
    const byName = Object.fromEntries(card.map((c) => [c.name, c]));
    // The person's score and the AI's sit side by side; neither replaces the other.
    expect(byName["Resolved correctly"]).toMatchObject({ human: { value: "fail" }, ai: { value: "pass", authorName: "local judge", rationale: "all 1 checks passed" } });
    expect(byName["On-brand tone"]!.ai).toMatchObject({ value: "5" });
    expect(byName["Escalated when it should have"]!.ai).toBeNull();
    expect(byName["Policy followed"]!.ai).toBeNull();
    const rows = await db.select().from(conversationScores).where(and(eq(conversationScores.conversationId, f.first), eq(conversationScores.kind, "ai")));
    expect(rows.map((r) => [r.criterionId, r.value, r.authorId, r.authorName]).sort()).toEqual(
      [
        [resolved.id, "pass", null, "local judge"],
        [tone.id, "5", null, "local judge"],
      ].sort(),
    );

    const worse = await f.r.scoreWithAi({ workspace: f.ws, conversationId: f.second });
    expect(worse.scored.map((s) => [s.name, s.value])).toEqual([
      ["Resolved correctly", "fail"],
      ["On-brand tone", "3"],
    ]);
    expect(worse.scored[1]!.rationale).toBe("failed: contains: happy to help; not_contains: unfortunately");
    // Running again replaces the AI's scores, audited like a person's with the AI's kind.
    await f.r.scoreWithAi({ workspace: f.ws, conversationId: f.second });
    const audit = await db
      .select({ before: auditLogs.before, after: auditLogs.after })
      .from(auditLogs)
      .where(and(eq(auditLogs.workspaceId, f.workspace.id), eq(auditLogs.targetId, f.second), eq(auditLogs.action, "conversation.score")))
      .orderBy(auditLogs.createdAt);
    expect(audit.at(-1)).toMatchObject({ before: { kind: "ai", value: "3", by: "local judge" }, after: { kind: "ai", value: "3" } });
    expect(escalated.scorer).toBe("human");
  });

  test("says what to do when nothing can be graded", async () => {
    const f = await scorecardFixture();
    await f.r.criteria.create({ workspace: f.ws, name: "Human only", scale: "pass_fail", scorer: "human" });
    await expect(f.r.scoreWithAi({ workspace: f.ws, conversationId: f.first })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "No criterion is scored by the AI: set one to AI or both under Settings › Scorecard",
    });
    await f.r.criteria.create({ workspace: f.ws, name: "Tone", scale: "one_to_five", scorer: "ai", aiRubric: "contains: hello" });
    const [empty] = await db.insert(conversations).values({ workspaceId: f.workspace.id, agentId: f.agent.id, channel: "api" }).returning({ id: conversations.id });
    await expect(f.r.scoreWithAi({ workspace: f.ws, conversationId: empty!.id })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "This conversation has no messages to score" });
  });
});

test("the conversation list shows the people's and the AI's scores apart, and filters by score and by a failed criterion", async () => {
  const f = await scorecardFixture();
  const { resolved, tone, escalated } = await threeCriteria(f);
  const fives = await f.r.criteria.create({ workspace: f.ws, name: "Clarity", scale: "one_to_five", scorer: "human" });
  const base = { workspace: f.ws, agentId: f.agent.id };
  // First: pass and 4/5 → (1 + 0.75) / 2; a choice has no points. Second: fail → 0.
  await f.r.score({ workspace: f.ws, conversationId: f.first, criterionId: resolved.id, value: "pass" });
  await f.r.score({ workspace: f.ws, conversationId: f.first, criterionId: fives.id, value: "4" });
  await f.r.score({ workspace: f.ws, conversationId: f.first, criterionId: escalated.id, value: "Rightly" });
  await f.r.score({ workspace: f.ws, conversationId: f.second, criterionId: resolved.id, value: "fail" });
  await f.r.scoreWithAi({ workspace: f.ws, conversationId: f.second });

  const all = await f.caller.conversations.list(base);
  expect(Object.fromEntries(all.items.map((c) => [c.id, c.scores]))).toEqual({
    [f.first]: { human: { points: 0.875, count: 3 }, ai: { points: null, count: 0 } },
    // The AI: fail (0) and 3/5 (0.5).
    [f.second]: { human: { points: 0, count: 1 }, ai: { points: 0.25, count: 2 } },
  });
  const ids = async (input: Partial<Parameters<typeof f.caller.conversations.list>[0]>) => (await f.caller.conversations.list({ ...base, ...input })).items.map((c) => c.id);
  expect(await ids({ scoreBelow: 90 })).toEqual([f.second, f.first]);
  expect(await ids({ scoreBelow: 50 })).toEqual([f.second]);
  expect(await ids({ scoreBelow: 20, scoredBy: "ai" })).toEqual([]);
  expect(await ids({ scoreBelow: 30, scoredBy: "ai" })).toEqual([f.second]);
  expect(await ids({ failedCriterionId: resolved.id })).toEqual([f.second]);
  expect(await ids({ failedCriterionId: fives.id })).toEqual([]);
  expect(await ids({ failedCriterionId: tone.id, scoredBy: "ai" })).toEqual([]);
  expect(await ids({ failedCriterionId: resolved.id, scoredBy: "ai" })).toEqual([f.second]);
  await expect(f.caller.conversations.list({ ...base, scoreBelow: 101 })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "The score is a percentage, 0 to 100" });
});

test("another workspace's conversations, criteria and scores are NOT_FOUND", async () => {
  const a = await scorecardFixture();
  const b = await scorecardFixture();
  const aCriteria = await threeCriteria(a);
  const bCriteria = await threeCriteria(b);
  await a.r.score({ workspace: a.ws, conversationId: a.first, criterionId: aCriteria.resolved.id, value: "pass" });
  const r = b.r;
  const ws = b.ws;
  const attempts = {
    "A's scorecard": () => r.scorecard({ workspace: ws, conversationId: a.first }),
    "B's criterion on A's conversation": () => r.score({ workspace: ws, conversationId: a.first, criterionId: bCriteria.resolved.id, value: "fail" }),
    "A's criterion on B's conversation": () => r.score({ workspace: ws, conversationId: b.first, criterionId: aCriteria.resolved.id, value: "fail" }),
    "AI on A's conversation": () => r.scoreWithAi({ workspace: ws, conversationId: a.first }),
    "edit A's criterion": () => r.criteria.update({ workspace: ws, criterionId: aCriteria.resolved.id, name: "pwned", scale: "pass_fail", scorer: "human" }),
    "archive A's criterion": () => r.criteria.archive({ workspace: ws, criterionId: aCriteria.resolved.id, archived: true }),
    "A's criterion in B's order": () => r.criteria.reorder({ workspace: ws, criterionIds: [aCriteria.resolved.id, bCriteria.tone.id, bCriteria.escalated.id] }),
    "filter B's list by A's criterion": () => b.caller.conversations.list({ workspace: ws, agentId: b.agent.id, failedCriterionId: aCriteria.resolved.id }),
    "A's workspace by name": () => r.criteria.list({ workspace: a.ws }),
  };
  for (const [name, attempt] of Object.entries(attempts)) await expect(attempt(), name).rejects.toMatchObject({ code: "NOT_FOUND" });
  expect((await a.r.scorecard({ workspace: a.ws, conversationId: a.first }))[0]).toMatchObject({ name: "Resolved correctly", human: { value: "pass" } });
  expect((await a.r.criteria.list({ workspace: a.ws }))[0]).toMatchObject({ name: "Resolved correctly", scores: 1 });
});

describe.each(roles)("role %s", (role: Role) => {
  test("defining criteria needs settings:manage, scoring review:write; every role reads", async () => {
    const f = await scorecardFixture();
    const ctx = { db, userId: f.owner.id, workspace: { id: f.workspace.id, slug: f.ws, name: f.workspace.name }, role: "owner" as const };
    const criterion = await createCriterion(ctx, { name: `Seed ${role}`, description: "", aiRubric: "contains: cancelled", scale: "pass_fail", options: [], scorer: "both" });
    const { caller } = await addMember(db, f.workspace.id, role);
    const r = caller.review;
    await expect(r.criteria.list({ workspace: f.ws })).resolves.toHaveLength(1);
    await expect(r.scorecard({ workspace: f.ws, conversationId: f.first })).resolves.toHaveLength(1);
    const define = [
      () => r.criteria.update({ workspace: f.ws, criterionId: criterion.id, name: "Renamed", scale: "pass_fail", scorer: "both", aiRubric: "contains: cancelled" }),
      () => r.criteria.reorder({ workspace: f.ws, criterionIds: [criterion.id] }),
      () => r.criteria.create({ workspace: f.ws, name: "New", scale: "pass_fail", scorer: "human" }),
    ];
    for (const attempt of define) {
      if (can(role, "settings:manage")) await expect(attempt()).resolves.toBeDefined();
      else await expect(attempt()).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const score = [
      () => r.score({ workspace: f.ws, conversationId: f.first, criterionId: criterion.id, value: "pass" }),
      () => r.scoreWithAi({ workspace: f.ws, conversationId: f.first }),
    ];
    for (const attempt of score) {
      if (can(role, "review:write")) await expect(attempt()).resolves.toBeDefined();
      else await expect(attempt()).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const archive = r.criteria.archive({ workspace: f.ws, criterionId: criterion.id, archived: true });
    if (can(role, "settings:manage")) await expect(archive).resolves.toMatchObject({ archivedAt: expect.any(Date) });
    else await expect(archive).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
