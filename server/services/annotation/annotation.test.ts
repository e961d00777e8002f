import { and, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { auditLogs, chunks, conversationAnnotations, conversationScores, documents, knowledgeBases } from "@/db/schema";
import { type Role, can, roles } from "@/server/authz/permissions";
import { testDatabase } from "@/test/db";
import { addMember, makeWorkspace } from "@/test/factories";
import { startOpenAIStub } from "@/test/openai-stub-server";
import { annotatePending } from "./annotate-pending";
import { computeAgreement } from "./compute-agreement";
import { DEFAULT_JUDGE_PROMPTS } from "@/lib/schemas/annotation";
import { type ConversationFacts, GROUNDING_SUPPORT_THRESHOLD, judgeConversation, supportOf } from "./judge-local";
import { endStep, insertConversation, knowledgeStep, policyStep } from "./testing";

const { db } = await testDatabase();
const NOW = new Date(Date.UTC(2026, 5, 1, 12));
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3600_000);

/** Facts as load-facts.ts builds them, from turns of [customer, agent?]. */
function facts(turns: { customer: string; agent?: string; steps?: ConversationFacts["traces"] extends Map<number, infer S> ? S : never; citations?: { chunkId: string; documentTitle: string }[] }[], over: Partial<ConversationFacts> = {}): ConversationFacts {
  const messages = turns.flatMap((t, i) => [
    { id: `c${i + 1}`, role: "customer", text: t.customer, turn: i + 1, citations: [] },
    ...(t.agent ? [{ id: `a${i + 1}`, role: "agent", text: t.agent, turn: i + 1, citations: t.citations ?? [] }] : []),
  ]);
  return {
    id: "x",
    status: "open",
    endedAt: null,
    handedOffAt: null,
    lastMessageAt: hoursAgo(2),
    journeyName: null,
    messages,
    traces: new Map(turns.flatMap((t, i) => (t.steps ? [[i + 1, t.steps] as const] : []))),
    chunkText: new Map(),
    ...over,
  };
}

describe("the local judge", () => {
  test("outcome comes from the handoff, the status, the journey's end, then the last turns", () => {
    const ask = { customer: "Where is my order?", agent: "Sure, which order is it?" };
    expect(judgeConversation(facts([ask], { status: "escalated", handedOffAt: hoursAgo(1) }), NOW).outcome).toBe("escalated");
    expect(judgeConversation(facts([ask], { status: "abandoned" }), NOW).outcome).toBe("abandoned");
    expect(judgeConversation(facts([{ ...ask, steps: [endStep("resolved")] }], { status: "resolved" }), NOW).outcome).toBe("resolved");
    // Closed as resolved although the journey's last end was unresolved: the trace wins.
    expect(judgeConversation(facts([{ ...ask, steps: [endStep("unresolved")] }], { status: "resolved" }), NOW).outcome).toBe("unresolved");
    // Open and idle: a question left unanswered by the customer, or the customer's message by the agent.
    const asked = judgeConversation(facts([ask]), NOW);
    expect(asked.outcome).toBe("abandoned");
    expect(asked.rationales.outcome).toMatch(/never answered and then nothing for 120 min/);
    expect(judgeConversation(facts([{ customer: "hello?" }]), NOW).outcome).toBe("abandoned");
    expect(judgeConversation(facts([{ customer: "How long do returns take?", agent: "Returns take 5 days.", steps: [knowledgeStep(true)] }]), NOW).outcome).toBe("resolved");
    expect(judgeConversation(facts([{ customer: "Tell me a joke", agent: "I can help with orders and returns." }]), NOW).outcome).toBe("unresolved");
  });

  test("sentiment is the lexicon's mean over the customer's messages only", () => {
    const angry = judgeConversation(facts([{ customer: "This is ridiculous, worst service ever!!", agent: "I'm so happy to help, wonderful!" }, { customer: "Useless." }]), NOW);
    expect(angry.sentimentLabel).toBe("negative");
    expect(angry.sentiment).toBeLessThanOrEqual(-0.25);
    expect(angry.rationales.sentiment).toMatch(/mean of 2 customer messages; most negative: "This is ridiculous/);
    const pleased = judgeConversation(facts([{ customer: "Thank you so much, that's great, wonderful help!" }]), NOW);
    expect(pleased.sentimentLabel).toBe("positive");
    expect(judgeConversation(facts([{ customer: "Where is order 123?" }]), NOW).sentimentLabel).toBe("neutral");
  });

  test("topic: the journey, else the most cited document, else the first message's keywords", () => {
    expect(judgeConversation(facts([{ customer: "cancel please" }], { journeyName: "Cancel order" }), NOW).topic).toBe("Cancel order");
    const cited = facts([
      { customer: "What is the returns window?", agent: "30 days.", citations: [{ chunkId: "k1", documentTitle: "Returns policy" }] },
      { customer: "And shipping?", agent: "3 days.", citations: [{ chunkId: "k2", documentTitle: "Shipping" }, { chunkId: "k3", documentTitle: "Returns policy" }] },
    ]);
    expect(judgeConversation(cited, NOW)).toMatchObject({ topic: "Returns policy", rationales: { topic: "the knowledge document the agent cited 2 times" } });
    const keywords = judgeConversation(facts([{ customer: "Hi, I want to change the shipping address of my order #W123" }]), NOW);
    expect(keywords.topic).toBe("change shipping address");
  });

  test("flags a denial the agent talked around, and a promise no allowed decision backs", () => {
    const talkedAround = judgeConversation(
      facts([
        { customer: "Cancel order #W1", agent: "I can't cancel that order: it has shipped.", steps: [policyStep("cancel_pending_order", "deny")] },
        { customer: "Please, just do it", agent: "Okay, your order has been cancelled." },
      ]),
      NOW,
    );
    expect(talkedAround.flags).toEqual([{ kind: "talked_around_denial", messageId: "a2", rationale: expect.stringMatching(/denied the cancel in turn 1, then the agent said "Okay, your order has been cancelled/) }]);
    const promised = judgeConversation(facts([{ customer: "My parcel is late", agent: "So sorry! I'll refund you the full amount today." }]), NOW);
    expect(promised.flags).toEqual([{ kind: "unallowed_promise", messageId: "a1", rationale: expect.stringMatching(/promised a refund/) }]);
    // Allowed by the gate, or a refusal: nothing to flag.
    const allowed = judgeConversation(facts([{ customer: "Cancel #W1", agent: "Done: your order has been cancelled.", steps: [policyStep("cancel_pending_order", "allow")] }]), NOW);
    expect(allowed.flags).toEqual([]);
    expect(allowed.rationales.flags).toMatch(/allowed decision behind it \(1 checked\)/);
    expect(judgeConversation(facts([{ customer: "Refund me", agent: "I cannot refund this order, I'm afraid." }]), NOW).flags).toEqual([]);
  });

  test("a knowledge sentence is ungrounded when its best cited chunk shares under half its words", () => {
    const chunk = "Returns are accepted within 30 days of delivery. Items must be unused and in their original packaging.";
    expect(supportOf("Returns are accepted within 30 days of delivery.", chunk)).toBe(1);
    expect(supportOf("We also offer free lifetime warranty repairs on electronics.", chunk)).toBeLessThan(GROUNDING_SUPPORT_THRESHOLD);
    const verdict = judgeConversation(
      facts(
        [
          {
            customer: "Can I return this?",
            agent: "Returns are accepted within 30 days of delivery. We also offer free lifetime warranty repairs on electronics. Happy to help!",
            citations: [{ chunkId: "k1", documentTitle: "Returns" }],
          },
        ],
        { chunkText: new Map([["k1", chunk]]) },
      ),
      NOW,
    );
    expect(verdict.ungrounded).toEqual([{ messageId: "a1", claim: "We also offer free lifetime warranty repairs on electronics.", support: expect.any(Number) }]);
    expect(verdict.ungrounded[0]!.support).toBeLessThan(0.5);
    expect(verdict.rationales.ungrounded).toBe("1 of 2 sentences share < 50% of their words with any chunk they cite");
  });
});

describe("Cohen's kappa", () => {
  test("matches the textbook table (Wikipedia, 'Cohen's kappa', simple example: 50 proposals, κ = 0.4)", () => {
    // Rater A (people) rows × rater B (AI) columns: yes/yes 20, yes/no 5, no/yes 10, no/no 15.
    // p_o = 35/50 = 0.7; p_e = 25/50·30/50 + 25/50·20/50 = 0.5; κ = (0.7 − 0.5)/(1 − 0.5) = 0.4.
    const pairs = [
      ...Array<[string, string]>(20).fill(["pass", "pass"]),
      ...Array<[string, string]>(5).fill(["pass", "fail"]),
      ...Array<[string, string]>(10).fill(["fail", "pass"]),
      ...Array<[string, string]>(15).fill(["fail", "fail"]),
    ];
    const a = computeAgreement(["pass", "fail", "na"], pairs);
    expect(a.n).toBe(50);
    expect(a.agreement).toBeCloseTo(0.7, 10);
    expect(a.kappa).toBeCloseTo(0.4, 10);
    expect(a.confusion).toEqual([
      [20, 5, 0],
      [10, 15, 0],
      [0, 0, 0],
    ]);
  });

  test("matches a hand-computed three-category table, and is undefined when both raters used one value", () => {
    // rows (people) pass/fail/na: [25 2 3] [3 12 0] [2 1 2]; n 50; p_o = 39/50 = 0.78;
    // row and column totals 30, 15, 5; p_e = (900 + 225 + 25)/2500 = 0.46; κ = 0.32/0.54 = 0.5926.
    const cells: [string, string, number][] = [
      ["pass", "pass", 25], ["pass", "fail", 2], ["pass", "na", 3],
      ["fail", "pass", 3], ["fail", "fail", 12], ["fail", "na", 0],
      ["na", "pass", 2], ["na", "fail", 1], ["na", "na", 2],
    ];
    const a = computeAgreement(["pass", "fail", "na"], cells.flatMap(([h, ai, n]) => Array<[string, string]>(n).fill([h, ai])));
    expect(a.agreement).toBeCloseTo(0.78, 10);
    expect(a.kappa).toBeCloseTo(0.32 / 0.54, 10);
    expect(computeAgreement(["pass", "fail"], [["pass", "pass"], ["pass", "pass"]])).toMatchObject({ n: 2, agreement: 1, kappa: null });
    expect(computeAgreement(["pass", "fail"], [])).toMatchObject({ n: 0, agreement: null, kappa: null });
  });
});

/** A workspace with an agent, two AI-scored criteria and a knowledge chunk, as the judge meets them. */
async function fixture() {
  const { workspace, owner, caller } = await makeWorkspace(db);
  const ws = workspace.slug;
  const agent = await caller.agents.create({ workspace: ws, name: "Support" });
  const polite = await caller.review.criteria.create({ workspace: ws, name: "Polite", scale: "pass_fail", scorer: "both", aiRubric: "not_contains: calm down" });
  const tone = await caller.review.criteria.create({ workspace: ws, name: "Tone", scale: "one_to_five", scorer: "ai", aiRubric: "contains: happy to help\nnot_contains: unfortunately" });
  const vague = await caller.review.criteria.create({ workspace: ws, name: "Empathy", scale: "pass_fail", scorer: "both", aiRubric: "Shows real empathy" });
  const [kb] = await db.insert(knowledgeBases).values({ workspaceId: workspace.id, name: "Help" }).returning();
  const [doc] = await db
    .insert(documents)
    .values({ workspaceId: workspace.id, knowledgeBaseId: kb!.id, title: "Returns", source: "upload", mimeType: "text/plain", contentHash: "h", sizeBytes: 1, status: "ready", activeVersion: 1 })
    .returning();
  const [chunk] = await db
    .insert(chunks)
    .values({ workspaceId: workspace.id, knowledgeBaseId: kb!.id, documentId: doc!.id, version: 1, ordinal: 0, sectionPath: "Returns", text: "Returns are accepted within 30 days of delivery.", contentHash: "c", embedding: Array(384).fill(0.01) })
    .returning({ id: chunks.id });
  const base = { workspaceId: workspace.id, agentId: agent.id };
  return { workspace, owner, caller, ws, agent, polite, tone, vague, chunkId: chunk!.id, base };
}

describe("annotating", () => {
  test("writes the verdict, the AI's scores and an audit row; a person's score is never touched", async () => {
    const f = await fixture();
    const id = await insertConversation(db, {
      ...f.base,
      status: "resolved",
      endedAt: hoursAgo(1),
      startedAt: hoursAgo(2),
      turns: [
        { customer: "Can I return shoes?", agent: "Happy to help! Returns are accepted within 30 days of delivery. Refunds always arrive within one hour guaranteed.", citations: [{ chunkId: f.chunkId, documentTitle: "Returns", section: "Returns" }], steps: [knowledgeStep(true)] },
      ],
    });
    // A reviewer scored Polite by hand first.
    await f.caller.review.score({ workspace: f.ws, conversationId: id, criterionId: f.polite.id, value: "fail" });

    const done = await annotatePending(db, { limit: 10, now: NOW, workspaceId: f.workspace.id });
    expect(done).toEqual([id]);
    const annotation = await f.caller.review.annotation({ workspace: f.ws, conversationId: id });
    expect(annotation).toMatchObject({ outcome: "resolved", topic: "Returns", judge: "local judge", flags: [] });
    expect(annotation!.ungrounded).toEqual([{ messageId: expect.any(String), claim: "Refunds always arrive within one hour guaranteed.", support: expect.any(Number) }]);
    expect(annotation!.ungrounded[0]!.support).toBeLessThan(GROUNDING_SUPPORT_THRESHOLD);
    expect(Object.keys(annotation!.rationales).sort()).toEqual(["criteria", "flags", "outcome", "sentiment", "topic", "ungrounded"]);
    expect(annotation!.rationales.criteria).toMatch(/local judge scored 2 of 3 AI criteria; skipped Empathy \(needs an llm judge/);

    const scores = await db.select().from(conversationScores).where(eq(conversationScores.conversationId, id));
    const by = (criterionId: string, kind: string) => scores.find((s) => s.criterionId === criterionId && s.kind === kind);
    expect(by(f.polite.id, "human")).toMatchObject({ value: "fail" }); // the person's stays
    expect(by(f.polite.id, "ai")).toMatchObject({ value: "pass", authorName: "local judge", authorId: null });
    expect(by(f.tone.id, "ai")).toMatchObject({ value: "5" });
    expect(by(f.vague.id, "ai")).toBeUndefined();
    const [audit] = await db.select().from(auditLogs).where(and(eq(auditLogs.action, "conversation.annotate"), eq(auditLogs.targetId, id)));
    expect(audit).toMatchObject({ actorId: null, before: null, after: { outcome: "resolved", topic: "Returns", ungrounded: 1, aiScores: { Polite: "pass", Tone: "5" } } });

    // A reviewer re-annotates: the row is replaced (one per conversation) and the audit names them.
    await db.update(conversationScores).set({ value: "pass" }).where(and(eq(conversationScores.conversationId, id), eq(conversationScores.kind, "human")));
    const again = await f.caller.review.annotate({ workspace: f.ws, conversationId: id });
    expect(again.scored.map((s) => s.name)).toEqual(["Polite", "Tone"]);
    expect(await db.select().from(conversationAnnotations).where(eq(conversationAnnotations.conversationId, id))).toHaveLength(1);
    expect((await db.select().from(conversationScores).where(and(eq(conversationScores.conversationId, id), eq(conversationScores.kind, "human"))))[0]!.value).toBe("pass");
    const audits = await db.select().from(auditLogs).where(and(eq(auditLogs.action, "conversation.annotate"), eq(auditLogs.targetId, id)));
    expect(audits.find((a) => a.actorId === f.owner.id)).toMatchObject({ before: { outcome: "resolved" } });
  });

  test("annotatePending takes what ended or went idle, once, and again after a new message; never evals", async () => {
    const f = await fixture();
    const turn = [{ customer: "Where is my order?", agent: "Which order is it?" }];
    // Closed as resolved, but its journey ended unresolved: the judge reads the trace as stored.
    const ended = await insertConversation(db, { ...f.base, status: "resolved", startedAt: hoursAgo(0.1), turns: [{ ...turn[0]!, steps: [knowledgeStep(false), endStep("unresolved", "Orders › Not yours")] }] });
    const idle = await insertConversation(db, { ...f.base, startedAt: hoursAgo(1), turns: turn });
    const active = await insertConversation(db, { ...f.base, startedAt: new Date(NOW.getTime() - 5 * 60_000), turns: turn });
    const evalRun = await insertConversation(db, { ...f.base, channel: "eval", status: "resolved", startedAt: hoursAgo(1), turns: turn });
    const empty = await insertConversation(db, { ...f.base, status: "abandoned", startedAt: hoursAgo(1), turns: [] });

    const first = await annotatePending(db, { limit: 50, now: NOW, workspaceId: f.workspace.id });
    expect(new Set(first)).toEqual(new Set([ended, idle]));
    for (const skipped of [active, evalRun, empty]) expect(first).not.toContain(skipped);
    expect(await annotatePending(db, { limit: 50, now: NOW, workspaceId: f.workspace.id })).toEqual([]);
    expect(await f.caller.review.annotation({ workspace: f.ws, conversationId: ended })).toMatchObject({
      outcome: "unresolved",
      rationales: { outcome: 'closed as resolved, but the journey ended unresolved at "Orders › Not yours"' },
    });
    // The limit holds, and the idle one comes back after a later message (its annotation is older).
    await db.update(conversationAnnotations).set({ annotatedAt: hoursAgo(3) }).where(eq(conversationAnnotations.conversationId, idle));
    expect(await annotatePending(db, { limit: 50, now: NOW, workspaceId: f.workspace.id })).toEqual([idle]);
    const later = new Date(NOW.getTime() + 3600_000);
    for (let i = 0; i < 2; i++) await insertConversation(db, { ...f.base, status: "resolved", startedAt: hoursAgo(1), turns: turn });
    expect(await annotatePending(db, { limit: 1, now: later, workspaceId: f.workspace.id })).toHaveLength(1);
    // The other new one, and `active`, idle by then.
    const rest = await annotatePending(db, { limit: 5, now: later, workspaceId: f.workspace.id });
    expect(rest).toHaveLength(2);
    expect(rest).toContain(active);
  });

  test("with an llm provider, the model grades every AI criterion with its rubric as the prompt", async () => {
    const f = await fixture();
    const stub = await startOpenAIStub((body) => {
      const prompt = JSON.stringify(body.messages);
      // A rubric the local judge cannot read is what the model is for.
      const pass = !prompt.includes("Shows real empathy");
      return { content: JSON.stringify({ pass, score: pass ? 1 : 0.2, reasoning: pass ? "fine" : "no empathy shown" }) };
    });
    try {
      await f.caller.secrets.set({ workspace: f.ws, name: "OPENAI_KEY", value: "test-key" });
      await f.caller.settings.save({
        workspace: f.ws,
        model: { kind: "llm", baseURL: stub.baseURL, apiKeySecret: "OPENAI_KEY", chatModel: "gpt-judge", embeddingModel: "text-embedding-3-small" },
        allowedHosts: [new URL(stub.baseURL).host],
      });
      const id = await insertConversation(db, { ...f.base, status: "resolved", startedAt: hoursAgo(2), turns: [{ customer: "My parcel is late", agent: "Sorry, it ships today." }] });
      const result = await f.caller.review.annotate({ workspace: f.ws, conversationId: id });
      expect(result).toMatchObject({ judge: "gpt-judge", skipped: [] });
      expect(Object.fromEntries(result.scored.map((s) => [s.name, s.value]))).toEqual({ Polite: "pass", Tone: "5", Empathy: "fail" });
      // One call per criterion, each with that criterion's rubric (and one for outcome, sentiment and topic).
      expect(stub.requests.filter((r) => r.body.response_format?.json_schema?.name === "judge")).toHaveLength(3);
      for (const rubric of ["not_contains: calm down", "contains: happy to help", "Shows real empathy"]) expect(stub.requests.some((r) => JSON.stringify(r.body.messages).includes(rubric))).toBe(true);
      const annotation = await f.caller.review.annotation({ workspace: f.ws, conversationId: id });
      expect(annotation).toMatchObject({ judge: "gpt-judge", outcome: "resolved" });
      const [empathy] = await db.select().from(conversationScores).where(and(eq(conversationScores.conversationId, id), eq(conversationScores.criterionId, f.vague.id)));
      expect(empathy).toMatchObject({ kind: "ai", value: "fail", authorName: "gpt-judge", rationale: "no empathy shown" });

      // The provider's key deleted: the criteria are skipped with the reason, the local verdict still written.
      await f.caller.secrets.delete({ workspace: f.ws, name: "OPENAI_KEY" });
      const broken = await f.caller.review.annotate({ workspace: f.ws, conversationId: id });
      expect(broken.scored).toEqual([]);
      expect(broken.skipped).toHaveLength(3);
      expect(broken.skipped[0]!.reason).toMatch(/^the judge failed: /);
      expect(await f.caller.review.annotation({ workspace: f.ws, conversationId: id })).toMatchObject({ outcome: "resolved", rationales: { criteria: expect.stringMatching(/scored 0 of 3 AI criteria; skipped Polite \(the judge failed/) } });
    } finally {
      await stub.close();
    }
  });

  test("with an llm provider, outcome, sentiment and topic come from one model call with the workspace's prompts; a failure keeps the local verdict and says why", async () => {
    const f = await fixture();
    let failAnnotate = false;
    const stub = await startOpenAIStub((body) => {
      if (body.response_format?.json_schema?.name !== "annotateConversation") return { content: JSON.stringify({ pass: true, score: 1, reasoning: "fine" }) };
      if (failAnnotate) return { status: 500, error: "model overloaded" };
      return {
        content: JSON.stringify({
          outcome: "unresolved",
          outcomeWhy: "the parcel is still missing",
          sentiment: -0.7,
          sentimentLabel: "negative",
          sentimentWhy: "the customer is fed up",
          topic: "Late parcel",
          topicWhy: "asks where the parcel is",
        }),
      };
    });
    const annotateCalls = () => stub.requests.filter((r) => r.body.response_format?.json_schema?.name === "annotateConversation");
    try {
      await f.caller.secrets.set({ workspace: f.ws, name: "OPENAI_KEY", value: "test-key" });
      await f.caller.settings.save({
        workspace: f.ws,
        model: { kind: "llm", baseURL: stub.baseURL, apiKeySecret: "OPENAI_KEY", chatModel: "gpt-judge", embeddingModel: "text-embedding-3-small" },
        allowedHosts: [new URL(stub.baseURL).host],
      });
      // The local judge reads this one as resolved, neutral, about "parcel late".
      const id = await insertConversation(db, { ...f.base, status: "resolved", endedAt: hoursAgo(1), startedAt: hoursAgo(2), turns: [{ customer: "My parcel is late", agent: "Sorry, it ships today." }] });
      const local = judgeConversation(facts([{ customer: "My parcel is late", agent: "Sorry, it ships today." }], { status: "resolved", endedAt: hoursAgo(1) }), NOW);
      expect(local).toMatchObject({ outcome: "resolved" });
      expect(local.sentimentLabel).not.toBe("negative");

      const result = await f.caller.review.annotate({ workspace: f.ws, conversationId: id });
      expect(result).toMatchObject({ outcome: "unresolved", sentimentLabel: "negative", topic: "Late parcel", judge: "gpt-judge" });
      expect(annotateCalls()).toHaveLength(1);
      const system = JSON.stringify(annotateCalls()[0]!.body.messages);
      for (const field of ["outcome", "sentiment", "topic"] as const) expect(system).toContain(JSON.stringify(DEFAULT_JUDGE_PROMPTS[field]).slice(1, 60));
      expect(system).toContain("My parcel is late");
      const stored = await f.caller.review.annotation({ workspace: f.ws, conversationId: id });
      expect(stored).toMatchObject({ outcome: "unresolved", sentiment: -0.7, sentimentLabel: "negative", topic: "Late parcel", flags: [], judge: "gpt-judge" });
      expect(stored!.rationales).toMatchObject({ outcome: "the parcel is still missing", sentiment: "the customer is fed up", model: expect.stringContaining("by gpt-judge") });

      // The workspace's own outcome prompt goes to the model; the others stay the defaults.
      const prompts = await f.caller.review.setJudgePrompts({ workspace: f.ws, outcome: "Resolved only when the customer says thanks.", sentiment: "", topic: DEFAULT_JUDGE_PROMPTS.topic });
      expect(prompts.custom).toEqual({ outcome: true, sentiment: false, topic: false });
      await f.caller.review.annotate({ workspace: f.ws, conversationId: id });
      expect(JSON.stringify(annotateCalls()[1]!.body.messages)).toContain("Resolved only when the customer says thanks.");
      expect((await f.caller.review.judgePrompts({ workspace: f.ws })).prompts.outcome).toBe("Resolved only when the customer says thanks.");
      const [audit] = await db.select().from(auditLogs).where(and(eq(auditLogs.workspaceId, f.workspace.id), eq(auditLogs.action, "workspace.judge_prompts")));
      expect(audit).toMatchObject({ before: { judgePrompts: {} }, after: { judgePrompts: { outcome: "Resolved only when the customer says thanks." } } });
      await expect(f.caller.review.setJudgePrompts({ workspace: f.ws, outcome: "x".repeat(2001), sentiment: "", topic: "" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("at most 2000") });
      const reviewer = await addMember(db, f.workspace.id, "reviewer");
      await expect(reviewer.caller.review.setJudgePrompts({ workspace: f.ws, outcome: "", sentiment: "", topic: "" })).rejects.toMatchObject({ code: "FORBIDDEN" });

      // The model fails: the local verdict is written, and the annotation and the audit row say why.
      failAnnotate = true;
      const fallback = await f.caller.review.annotate({ workspace: f.ws, conversationId: id });
      expect(fallback).toMatchObject({ outcome: local.outcome, sentimentLabel: local.sentimentLabel, topic: local.topic });
      const after = await f.caller.review.annotation({ workspace: f.ws, conversationId: id });
      expect(after!.rationales.model).toMatch(/^gpt-judge failed \(.*\): outcome, sentiment and topic are the local judge's$/);
      const audits = await db.select().from(auditLogs).where(and(eq(auditLogs.targetId, id), eq(auditLogs.action, "conversation.annotate")));
      expect(audits.some((a) => typeof (a.after as { modelError?: string }).modelError === "string")).toBe(true);
    } finally {
      await stub.close();
    }
  });

  test("re-annotating a conversation with no messages is a clear error", async () => {
    const f = await fixture();
    const empty = await insertConversation(db, { ...f.base, startedAt: hoursAgo(1), turns: [] });
    await expect(f.caller.review.annotate({ workspace: f.ws, conversationId: empty })).rejects.toThrow("This conversation has no messages to annotate yet");
  });
});

describe("calibration", () => {
  test("per AI criterion: n, agreement, kappa, the confusion table and the disagreements; trust follows the threshold", async () => {
    const f = await fixture();
    // Eight conversations scored by both on Polite: people pass,pass,pass,pass,fail,fail,fail,pass; AI pass,pass,pass,fail,fail,fail,pass,pass.
    const people = ["pass", "pass", "pass", "pass", "fail", "fail", "fail", "pass"];
    const judge = ["pass", "pass", "pass", "fail", "fail", "fail", "pass", "pass"];
    const ids: string[] = [];
    for (const [i, h] of people.entries()) {
      const id = await insertConversation(db, { ...f.base, status: "resolved", startedAt: hoursAgo(10 - i), turns: [{ customer: "hi", agent: "hello" }] });
      ids.push(id);
      await f.caller.review.score({ workspace: f.ws, conversationId: id, criterionId: f.polite.id, value: h });
      await db.insert(conversationScores).values({ workspaceId: f.workspace.id, conversationId: id, criterionId: f.polite.id, kind: "ai", value: judge[i]!, points: judge[i] === "pass" ? 1 : 0, authorName: "local judge" });
    }
    // By hand: 6 of 8 agree; people 5 pass / 3 fail, AI 5 pass / 3 fail; p_e = (25 + 9)/64; κ = (48/64 − 34/64)/(30/64) = 14/30.
    const calibration = await f.caller.review.calibration({ workspace: f.ws });
    expect(calibration.threshold).toBe(0.6);
    const polite = calibration.criteria.find((c) => c.name === "Polite")!;
    expect(polite).toMatchObject({ n: 8, values: ["pass", "fail", "na"], trusted: false, disagreementCount: 2 });
    expect(polite.agreement).toBeCloseTo(0.75, 10);
    expect(polite.kappa).toBeCloseTo(14 / 30, 10);
    expect(polite.confusion).toEqual([
      [4, 1, 0],
      [1, 2, 0],
      [0, 0, 0],
    ]);
    expect(new Set(polite.disagreements.map((d) => d.conversationId))).toEqual(new Set([ids[3], ids[6]]));
    expect(polite.disagreements[0]).toMatchObject({ agentSlug: f.agent.slug, human: "fail", ai: "pass" });
    // Tone is the AI's only and Empathy has no pairs: n 0, nothing to trust.
    expect(calibration.criteria.map((c) => [c.name, c.n, c.trusted])).toEqual([
      ["Polite", 8, false],
      ["Tone", 0, false],
      ["Empathy", 0, false],
    ]);

    await f.caller.review.setKappaThreshold({ workspace: f.ws, threshold: 0.4 });
    const trust = await f.caller.review.calibrationTrust({ workspace: f.ws });
    expect(trust).toMatchObject({ threshold: 0.4, criteria: [{ name: "Polite", n: 8, trusted: true }, { name: "Tone", trusted: false }, { name: "Empathy", trusted: false }] });
    const [audit] = await db.select().from(auditLogs).where(and(eq(auditLogs.action, "workspace.kappa_threshold"), eq(auditLogs.workspaceId, f.workspace.id)));
    expect(audit).toMatchObject({ actorId: f.owner.id, before: { kappaThreshold: 0.6 }, after: { kappaThreshold: 0.4 } });
    await expect(f.caller.review.setKappaThreshold({ workspace: f.ws, threshold: 1.5 })).rejects.toThrow(/between 0 and 1/);
  });
});

describe("tenancy", () => {
  test("another workspace's conversation or agent is NOT_FOUND", async () => {
    const mine = await fixture();
    const theirs = await fixture();
    const id = await insertConversation(db, { ...theirs.base, status: "resolved", startedAt: hoursAgo(1), turns: [{ customer: "hi", agent: "hello" }] });
    await expect(mine.caller.review.annotation({ workspace: mine.ws, conversationId: id })).rejects.toMatchObject({ code: "NOT_FOUND", message: "Conversation not found" });
    await expect(mine.caller.review.annotate({ workspace: mine.ws, conversationId: id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(mine.caller.review.calibration({ workspace: mine.ws, agentId: theirs.agent.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // And the batch service, given a foreign id, annotates nothing.
    expect(await annotatePending(db, { limit: 10, now: NOW, workspaceId: mine.workspace.id })).toEqual([]);
  });
});

describe.each(roles)("role %s", (role: Role) => {
  test("re-annotating needs review:write, the threshold settings:manage; every role reads", async () => {
    const f = await fixture();
    const id = await insertConversation(db, { ...f.base, status: "resolved", startedAt: hoursAgo(1), turns: [{ customer: "hi", agent: "hello" }] });
    const { caller } = await addMember(db, f.workspace.id, role);
    const r = caller.review;
    await expect(r.annotation({ workspace: f.ws, conversationId: id })).resolves.toBeNull();
    await expect(r.calibration({ workspace: f.ws })).resolves.toMatchObject({ threshold: 0.6 });
    await expect(r.calibrationTrust({ workspace: f.ws })).resolves.toMatchObject({ threshold: 0.6 });
    const mutations = [
      { permission: "review:write" as const, run: () => r.annotate({ workspace: f.ws, conversationId: id }) },
      { permission: "settings:manage" as const, run: () => r.setKappaThreshold({ workspace: f.ws, threshold: 0.7 }) },
    ];
    for (const m of mutations) {
      if (can(role, m.permission)) await expect(m.run()).resolves.toBeDefined();
      else await expect(m.run()).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const annotated = await db.select().from(conversationAnnotations).where(eq(conversationAnnotations.conversationId, id));
    expect(annotated).toHaveLength(can(role, "review:write") ? 1 : 0);
  });
});
