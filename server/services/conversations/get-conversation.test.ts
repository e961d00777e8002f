import { expect, test } from "vitest";
import { conversations, turnTraces } from "@/db/schema";
import { testDatabase } from "@/test/db";
import { makeWorkspace } from "@/test/factories";

const { db } = await testDatabase();

test("the trace comes back as the timeline's steps, by turn then position in the turn", async () => {
  const { workspace, caller } = await makeWorkspace(db);
  const agent = await caller.agents.create({ workspace: workspace.slug, name: "Support" });
  const [c] = await db.insert(conversations).values({ workspaceId: workspace.id, agentId: agent.id, channel: "playground" }).returning({ id: conversations.id });
  // Turn 2 first, to show the order is the turn's, not the insert's.
  await db.insert(turnTraces).values([
    { workspaceId: workspace.id, conversationId: c!.id, turn: 2, events: [{ type: "compose", name: "reply", output: { text: "Done" }, durationMs: 2.5 }] },
    {
      workspaceId: workspace.id,
      conversationId: c!.id,
      turn: 1,
      events: [
        { type: "guardrail", name: "input", input: { text: "hi" }, decision: "pass", durationMs: 0.25 },
        { type: "route", name: "classify", output: { scores: [{ id: "j", score: null }] }, decision: null, durationMs: 1 },
      ],
    },
  ]);

  const { trace } = await caller.conversations.get({ workspace: workspace.slug, conversationId: c!.id });
  expect(trace).toEqual([
    { turn: 1, seq: 0, type: "guardrail", name: "input", input: { text: "hi" }, output: null, decision: "pass", durationMs: 0.25 },
    { turn: 1, seq: 1, type: "route", name: "classify", input: null, output: { scores: [{ id: "j", score: null }] }, decision: null, durationMs: 1 },
    { turn: 2, seq: 0, type: "compose", name: "reply", input: null, output: { text: "Done" }, decision: null, durationMs: 2.5 },
  ]);
});

test("a turn is traced once: a second trace for the same turn is refused", async () => {
  const { workspace, caller } = await makeWorkspace(db);
  const agent = await caller.agents.create({ workspace: workspace.slug, name: "Support" });
  const [c] = await db.insert(conversations).values({ workspaceId: workspace.id, agentId: agent.id, channel: "playground" }).returning({ id: conversations.id });
  const row = { workspaceId: workspace.id, conversationId: c!.id, turn: 1, events: [] };
  await db.insert(turnTraces).values(row);
  await expect(db.insert(turnTraces).values(row)).rejects.toThrow();
});
