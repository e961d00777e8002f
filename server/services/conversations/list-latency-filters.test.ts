import { expect, test } from "vitest";
import { conversations, turnTraces } from "@/db/schema";
import { exportFilterOf, exportParamsSchema } from "@/lib/annotation/export-params";
import { testDatabase } from "@/test/db";
import { makeWorkspace } from "@/test/factories";

const { db } = await testDatabase();

// The insights dashboard's latency, tokens and cost cards open the list with these filters (issue 18
// item 2): a turn at or over n ms, a first reply at or over n ms, at least n model tokens.

interface Turn {
  latencyMs: number | null;
  tokens?: [number, number];
}

async function seed() {
  const { workspace, caller } = await makeWorkspace(db);
  const agent = await caller.agents.create({ workspace: workspace.slug, name: "Support" });
  const make = async (turns: Turn[]) => {
    const [c] = await db.insert(conversations).values({ workspaceId: workspace.id, agentId: agent.id, channel: "api" }).returning({ id: conversations.id });
    if (turns.length) {
      await db.insert(turnTraces).values(
        turns.map((t, i) => ({ workspaceId: workspace.id, conversationId: c!.id, turn: i + 1, events: [], latencyMs: t.latencyMs, inputTokens: t.tokens?.[0] ?? 0, outputTokens: t.tokens?.[1] ?? 0 })),
      );
    }
    return c!.id;
  };
  // Hand-built: which of these each filter takes is written out below, not computed.
  const fast = await make([{ latencyMs: 400 }, { latencyMs: 900 }]);
  const slowLater = await make([{ latencyMs: 500, tokens: [300, 100] }, { latencyMs: 6000, tokens: [700, 200] }]);
  const slowFirst = await make([{ latencyMs: 3000, tokens: [50, 10] }]);
  const exactly = await make([{ latencyMs: 2000 }]);
  const unmeasured = await make([{ latencyMs: null, tokens: [0, 0] }]);
  const silent = await make([]);
  const ids = async (filter: Record<string, unknown>) =>
    (await caller.conversations.list({ workspace: workspace.slug, agentId: agent.id, limit: 100, ...filter })).items.map((c) => c.id).sort();
  return { workspace, caller, agent, ids, fast, slowLater, slowFirst, exactly, unmeasured, silent };
}

test("slow turn, slow first reply and model tokens filter the list; the bounds are inclusive", async () => {
  const s = await seed();
  expect(await s.ids({ slowTurnMs: 2000 })).toEqual([s.slowLater, s.slowFirst, s.exactly].sort());
  expect(await s.ids({ slowTurnMs: 5000 })).toEqual([s.slowLater]);
  expect(await s.ids({ slowFirstReplyMs: 2000 })).toEqual([s.slowFirst, s.exactly].sort());
  expect(await s.ids({ slowFirstReplyMs: 3001 })).toEqual([]);
  // slowLater spent 300 + 100 + 700 + 200 = 1,300 tokens; slowFirst 60.
  expect(await s.ids({ minTokens: 1 })).toEqual([s.slowLater, s.slowFirst].sort());
  expect(await s.ids({ minTokens: 1300 })).toEqual([s.slowLater]);
  expect(await s.ids({ minTokens: 1301 })).toEqual([]);
  // They combine with each other and the rest.
  expect(await s.ids({ slowTurnMs: 2000, minTokens: 100 })).toEqual([s.slowLater]);
  expect(await s.ids({ slowTurnMs: 2000, status: "resolved" })).toEqual([]);
  expect(await s.ids({})).toHaveLength(6);
});

test("bad values are clear errors; the export reads the same URL keys as the list", async () => {
  const s = await seed();
  const base = { workspace: s.workspace.slug, agentId: s.agent.id };
  await expect(s.caller.conversations.list({ ...base, slowTurnMs: 0 })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("at least 1 ms") });
  await expect(s.caller.conversations.list({ ...base, slowFirstReplyMs: 1.5 })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("whole number") });
  await expect(s.caller.conversations.list({ ...base, minTokens: -3 })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("at least 1") });

  const params = exportParamsSchema.parse({ workspace: s.workspace.slug, agentId: s.agent.id, format: "csv", slowTurn: "2000", slowFirst: "2500", tokens: "10" });
  expect(exportFilterOf(params)).toMatchObject({ slowTurnMs: 2000, slowFirstReplyMs: 2500, minTokens: 10 });
  expect(await s.ids({ slowTurnMs: exportFilterOf(params).slowTurnMs, slowFirstReplyMs: 2500, minTokens: 10 })).toEqual([s.slowFirst]);
});
