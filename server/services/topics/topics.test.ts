import { TRPCError } from "@trpc/server";
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditLogs, conversations, conversationTopics, messages } from "@/db/schema";
import { testDatabase } from "@/test/db";
import { addMember, makeWorkspace } from "@/test/factories";
import { createOpenAI } from "@ai-sdk/openai";
import { localModels } from "@/server/agent/models";
import { startOpenAIStub } from "@/test/openai-stub-server";
import { recomputeTopics } from "./recompute-topics";

// Conversations written here with known requests, outcomes and traces, clustered by the real job; every
// number on the topics page checked against what was written.
// Topics count rolling periods back from the run, not calendar days: "now" is the test's own moment.
const now = new Date(Date.now() - 60_000);
const daysAgo = (d: number, minute = 0) => new Date(now.getTime() - d * 86_400_000 + minute * 60_000);

let db: Db;
let ws: Awaited<ReturnType<typeof makeWorkspace>>;
let agentId: string;
const journeyCancel = randomUUID();
const journeyTrack = randomUUID();
/** The shipping question no journey handles: 2 conversations last week, 10 this week. */
const shippingIds: string[] = [];
const cancelIds: string[] = [];

interface Seeded {
  text: string;
  createdAt: Date;
  journeyId?: string | null;
  status?: string;
  handedOff?: boolean;
  csat?: number;
  /** A knowledge step that answered (grounded) or not. */
  knowledge?: "grounded" | "not grounded";
}

async function seed(c: Seeded): Promise<string> {
  const [row] = await db
    .insert(conversations)
    .values({
      workspaceId: ws.workspace.id,
      agentId,
      channel: "api",
      status: c.status ?? "resolved",
      journeyId: c.journeyId ?? null,
      handedOffAt: c.handedOff ? c.createdAt : null,
      csat: c.csat ?? null,
      turns: 1,
      createdAt: c.createdAt,
    })
    .returning({ id: conversations.id });
  await db.insert(messages).values([
    { workspaceId: ws.workspace.id, conversationId: row!.id, turn: 1, role: "customer", text: c.text, createdAt: c.createdAt },
    { workspaceId: ws.workspace.id, conversationId: row!.id, turn: 1, role: "agent", text: "Let me help.", createdAt: new Date(c.createdAt.getTime() + 1) },
  ]);
  if (c.knowledge) {
    // By hand: only the columns every version of the table has.
    const events = JSON.stringify([{ type: "knowledge", name: "retrieve", decision: c.knowledge, durationMs: 1 }]);
    await db.execute(sql`insert into turn_traces (workspace_id, conversation_id, turn, events) values (${ws.workspace.id}, ${row!.id}, 1, ${events}::jsonb)`);
  }
  return row!.id;
}

beforeAll(async () => {
  db = (await testDatabase()).db;
  ws = await makeWorkspace(db);
  agentId = (await ws.caller.agents.create({ workspace: ws.workspace.slug, name: "Shop" })).id;
  // Cancellations, handled by a journey: 6 a week, both weeks.
  for (let i = 0; i < 12; i++) {
    const text = i % 2 ? "I want to cancel my order" : "Please cancel my order, I ordered by mistake";
    cancelIds.push(await seed({ text, createdAt: daysAgo(i < 6 ? 1 + i : 8 + (i - 6), i), journeyId: journeyCancel }));
  }
  // Tracking, handled by another journey: 5 a week.
  for (let i = 0; i < 10; i++) await seed({ text: i % 2 ? "Where is my package? track it" : "track my package please", createdAt: daysAgo(i < 5 ? 1 + i : 8 + (i - 5), i), journeyId: journeyTrack });
  // Shipping abroad: no journey. Last week 2 (one answered from knowledge); this week 10: 4 resolved alone,
  // 1 resolved after a handoff, 5 escalated; CSAT 5, 3, 4; two answered from knowledge, the rest not.
  for (let i = 0; i < 2; i++) shippingIds.push(await seed({ text: "Do you ship internationally to Canada?", createdAt: daysAgo(9 + i), knowledge: i === 0 ? "grounded" : "not grounded" }));
  for (let i = 0; i < 10; i++) {
    shippingIds.push(
      await seed({
        text: "Do you ship internationally to Canada?",
        createdAt: daysAgo(1 + (i % 6), i),
        status: i < 5 ? "resolved" : "escalated",
        handedOff: i === 4 || i >= 5,
        csat: [5, 3, 4][i],
        knowledge: i < 2 ? "grounded" : "not grounded",
      }),
    );
  }
}, 120_000);

const list = (days: 7 | 14 | 30 = 7) => ws.caller.topics.list({ workspace: ws.workspace.slug, agentId, days });

describe("topics", () => {
  it("before any clustering: no run, no topics", async () => {
    const empty = await list();
    expect(empty.run).toBeNull();
    expect(empty.topics).toEqual([]);
  });

  it("clusters the conversations by request, labels them by their distinctive terms, and marks the gap", async () => {
    const report = await recomputeTopics(db, { workspaceId: ws.workspace.id, agentId, now });
    expect(report).toMatchObject({ conversations: 34, labelledBy: "terms" });
    const { topics, run, period } = await list();
    expect(run!.conversations).toBe(34);
    expect(period!.comparable).toBe(true);

    // Each request lands in topics of its own: no topic mixes two of them.
    const assigned = await db.select().from(conversationTopics).where(eq(conversationTopics.workspaceId, ws.workspace.id));
    expect(assigned).toHaveLength(34);
    const topicOf = new Map(assigned.map((a) => [a.conversationId, a.topicId]));
    const shippingTopics = new Set(shippingIds.map((id) => topicOf.get(id)));
    expect(shippingTopics.size).toBe(1); // one wording: one topic
    const shippingTopic = [...shippingTopics][0]!;
    expect(cancelIds.some((id) => topicOf.get(id) === shippingTopic)).toBe(false);

    const shipping = topics.find((t) => t.id === shippingTopic)!;
    expect(shipping.terms).toEqual(expect.arrayContaining(["ship", "internationally", "canada"]));
    expect(shipping.label).toMatch(/^(Ship|Internationally|Canada) · /);
    expect(shipping).toMatchObject({
      conversations: 12,
      current: 10,
      previous: 2,
      trend: 4, // (10 − 2) / 2
      containment: 0.4, // 4 of 10 resolved without a person
      csat: { count: 3, average: 4 },
      noJourney: 12,
      answeredFromKnowledge: 3,
      notAnswered: 9,
      gaps: ["unhandled", "growing"],
    });
    // The journeys' topics are not gaps: handled, and as busy as the week before.
    for (const t of topics.filter((t) => t.id !== shippingTopic)) expect(t.gaps).toEqual([]);
    expect(topics.filter((t) => t.id !== shippingTopic).reduce((s, t) => s + t.current, 0)).toBe(11);
  });

  it("is deterministic: the same conversations give the same topics", async () => {
    const before = await list();
    await recomputeTopics(db, { workspaceId: ws.workspace.id, agentId, now });
    const after = await list();
    const shape = (l: typeof before) => l.topics.map((t) => ({ label: t.label, terms: t.terms, conversations: t.conversations, examples: t.examples }));
    expect(shape(after)).toEqual(shape(before));
  });

  it("the conversation list filters by topic", async () => {
    const { topics } = await list();
    const shipping = topics.find((t) => t.gaps.includes("unhandled"))!;
    const page = await ws.caller.conversations.list({ workspace: ws.workspace.slug, agentId, topicId: shipping.id, limit: 100 });
    expect(page.items.map((c) => c.id).sort()).toEqual([...shippingIds].sort());
  });

  it("another workspace's agent or topic is NOT_FOUND; viewers read, builders and reviewers recompute (audited)", async () => {
    const other = await makeWorkspace(db);
    const { topics } = await list();
    await expect(other.caller.topics.list({ workspace: other.workspace.slug, agentId })).rejects.toMatchObject({ code: "NOT_FOUND", message: "Agent not found" });
    await expect(other.caller.topics.recompute({ workspace: other.workspace.slug, agentId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const otherAgent = await other.caller.agents.create({ workspace: other.workspace.slug, name: "Theirs" });
    await expect(other.caller.conversations.list({ workspace: other.workspace.slug, agentId: otherAgent.id, topicId: topics[0]!.id })).rejects.toMatchObject({ code: "NOT_FOUND", message: "Topic not found" });

    const viewer = await addMember(db, ws.workspace.id, "viewer");
    expect((await viewer.caller.topics.list({ workspace: ws.workspace.slug, agentId })).topics).toHaveLength(topics.length);
    const denied = await viewer.caller.topics.recompute({ workspace: ws.workspace.slug, agentId }).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(TRPCError);
    expect(denied).toMatchObject({ code: "FORBIDDEN" });

    const reviewer = await addMember(db, ws.workspace.id, "reviewer");
    const report = await reviewer.caller.topics.recompute({ workspace: ws.workspace.slug, agentId });
    expect(report.conversations).toBe(34);
    const audit = await db.select().from(auditLogs).where(and(eq(auditLogs.workspaceId, ws.workspace.id), eq(auditLogs.action, "topics.recompute")));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: reviewer.user.id, targetType: "agent", targetId: agentId });
  });

  it("bad input is a clear BAD_REQUEST", async () => {
    await expect(ws.caller.topics.list({ workspace: ws.workspace.slug, agentId, days: 9 as 7 })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("Pick a period of 7, 14 or 30 days") });
    await expect(ws.caller.topics.list({ workspace: ws.workspace.slug, agentId: "nope" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("Unknown agent id") });
  });

  it("with an llm provider the model names the topics in one call; if it fails, the terms stay", async () => {
    const named = await startOpenAIStub((body) => {
      const prompt = JSON.stringify(body.messages);
      const ids = [...prompt.matchAll(/Cluster (\d+)/g)].map((m) => Number(m[1]));
      return { content: JSON.stringify({ topics: ids.map((id) => ({ id, name: `Named topic ${id}` })) }) };
    });
    try {
      const model = createOpenAI({ baseURL: named.baseURL, apiKey: "test" }).chat("stub-model");
      const report = await recomputeTopics(db, { workspaceId: ws.workspace.id, agentId, now, models: localModels, languageModel: model });
      expect(report).toMatchObject({ labelledBy: "llm", namingError: null });
      expect(named.requests.filter((r) => r.path.endsWith("/chat/completions"))).toHaveLength(1);
      const { topics, run } = await list();
      expect(run!.labelledBy).toBe("llm");
      expect(topics.map((t) => t.label)).toEqual(topics.map((_, i) => `Named topic ${i}`));
    } finally {
      await named.close();
    }
    const failing = await startOpenAIStub(() => ({ status: 500, error: "the model is down" }));
    try {
      const model = createOpenAI({ baseURL: failing.baseURL, apiKey: "test" }).chat("stub-model");
      const report = await recomputeTopics(db, { workspaceId: ws.workspace.id, agentId, now, models: localModels, languageModel: model });
      expect(report.labelledBy).toBe("terms");
      expect(report.namingError).toMatch(/model is down/);
      expect((await list()).topics.every((t) => t.label.includes(" · ") || t.terms.length < 2)).toBe(true);
    } finally {
      await failing.close();
    }
  });
});

