import { expect, test } from "vitest";
import { conversations, messages } from "@/db/schema";
import { testDatabase } from "@/test/db";
import { addMember, makeWorkspace } from "@/test/factories";
import { retailFixture } from "@/server/agent/testing/retail-fixture";

const { db } = await testDatabase();

const channels = ["playground", "api", "widget"] as const;
const statuses = ["open", "resolved", "escalated", "abandoned"] as const;

/** 60 conversations, one a minute, with channel/status cycling and a searchable first message. */
async function seedConversations() {
  const { workspace, caller } = await makeWorkspace(db);
  const agent = await caller.agents.create({ workspace: workspace.slug, name: "Support" });
  const start = Date.UTC(2026, 0, 1);
  const rows = Array.from({ length: 60 }, (_, i) => ({
    workspaceId: workspace.id,
    agentId: agent.id,
    channel: channels[i % 3]!,
    status: statuses[i % 4]!,
    createdAt: new Date(start + i * 60_000),
  }));
  const inserted = await db.insert(conversations).values(rows).returning({ id: conversations.id, createdAt: conversations.createdAt });
  await db.insert(messages).values(
    inserted.map((c, i) => ({
      workspaceId: workspace.id,
      conversationId: c.id,
      turn: 1,
      role: "customer",
      text: i % 10 === 0 ? `Where is my parcel number ${i}?` : `I want to return order ${i}`,
    })),
  );
  return { workspace, caller, agent, rows, inserted };
}

test("filters combine, pages are disjoint and complete, newest first", async () => {
  const { workspace, caller, agent, rows } = await seedConversations();
  const base = { workspace: workspace.slug, agentId: agent.id };

  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await caller.conversations.list({ ...base, limit: 7, cursor });
    seen.push(...page.items.map((c) => c.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  expect(seen).toHaveLength(60);
  expect(new Set(seen).size).toBe(60);

  const all = await caller.conversations.list({ ...base, limit: 100 });
  const times = all.items.map((c) => c.createdAt.getTime());
  expect(times).toEqual([...times].sort((a, b) => b - a));

  const escalatedApi = await caller.conversations.list({ ...base, status: "escalated", channel: "api", limit: 100 });
  const expected = rows.filter((r) => r.status === "escalated" && r.channel === "api").length;
  expect(expected).toBeGreaterThan(0);
  expect(escalatedApi.items).toHaveLength(expected);
  expect(escalatedApi.items.every((c) => c.status === "escalated" && c.channel === "api")).toBe(true);

  const windowed = await caller.conversations.list({
    ...base,
    from: new Date(Date.UTC(2026, 0, 1, 0, 10)),
    to: new Date(Date.UTC(2026, 0, 1, 0, 20)),
    limit: 100,
  });
  expect(windowed.items).toHaveLength(10);

  const parcels = await caller.conversations.list({ ...base, search: "parcel", limit: 100 });
  expect(parcels.items).toHaveLength(6);
  expect(parcels.items.every((c) => c.preview?.includes("parcel"))).toBe(true);
});

test("conversations are scoped to the workspace: B's reviewer cannot list or open A's", async () => {
  const a = await seedConversations();
  const b = await makeWorkspace(db);
  const bReviewer = await addMember(db, b.workspace.id, "reviewer");
  const aConversation = a.inserted[0]!.id;

  await expect(bReviewer.caller.conversations.get({ workspace: b.workspace.slug, conversationId: aConversation })).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(bReviewer.caller.conversations.get({ workspace: a.workspace.slug, conversationId: aConversation })).rejects.toMatchObject({ code: "NOT_FOUND" });
  await expect(bReviewer.caller.conversations.list({ workspace: b.workspace.slug, agentId: a.agent.id })).rejects.toMatchObject({ code: "NOT_FOUND" });

  const aReviewer = await addMember(db, a.workspace.id, "reviewer");
  const opened = await aReviewer.caller.conversations.get({ workspace: a.workspace.slug, conversationId: aConversation });
  expect(opened.messages.map((m) => m.text)).toEqual(["Where is my parcel number 0?"]);
});

test("a tampered cursor gets a clear error", async () => {
  const { workspace, caller, agent } = await seedConversations();
  await expect(caller.conversations.list({ workspace: workspace.slug, agentId: agent.id, cursor: "garbage" })).rejects.toMatchObject({
    code: "BAD_REQUEST",
    message: "This page link is no longer valid: start from the first page",
  });
});

test("a conversation's journey is the one its turns were routed to, and the journey filter finds it", async () => {
  const fx = await retailFixture(db, { template: "tpl-list-conversations" });
  try {
    const status = await fx.open();
    await fx.send(status, "Where is my order #W6679257?");
    const unrouted = await fx.open();
    await fx.send(unrouted, "hello");
    const base = { workspace: fx.workspace.slug, agentId: fx.agent.id };
    const journeys = await fx.caller.playground.journeys(base);
    const orderStatus = journeys.find((j) => j.name === "Order status")!;

    const all = await fx.caller.conversations.list(base);
    expect(Object.fromEntries(all.items.map((c) => [c.id, c.journeyId]))).toEqual({ [status]: orderStatus.id, [unrouted]: null });
    const filtered = await fx.caller.conversations.list({ ...base, journeyId: orderStatus.id });
    expect(filtered.items.map((c) => c.id)).toEqual([status]);

    // A later turn that routes nowhere keeps the journey the conversation was in.
    await fx.send(status, "my email is yusuf.rossi7301@example.com");
    await fx.send(status, "thanks");
    expect((await fx.caller.conversations.list({ ...base, journeyId: orderStatus.id })).items.map((c) => c.id)).toEqual([status]);
  } finally {
    await fx.store.close();
  }
});
