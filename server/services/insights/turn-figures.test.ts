import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { turnTraces } from "@/db/schema";
import { createLlmModels } from "@/server/agent/models/llm";
import { runTurn } from "@/server/agent/run-turn";
import { retailFixture } from "@/server/agent/testing/retail-fixture";
import { testDatabase } from "@/test/db";
import { type OpenAIStub, startOpenAIStub } from "@/test/openai-stub-server";

// What the runtime records on each turn for insights, on the llm path against the test's own
// OpenAI-compatible server (it reports 10 prompt and 10 completion tokens per chat call): the tokens of
// every call the turn made, their cost at the workspace's prices, and the reply's latency.
let db: Db;
let stub: OpenAIStub;
let fx: Awaited<ReturnType<typeof retailFixture>>;
const prices = { inputPerMillion: 2.5, outputPerMillion: 10 };

beforeAll(async () => {
  db = (await testDatabase()).db;
  stub = await startOpenAIStub((body) => {
    if (body.response_format?.json_schema?.name === "understand") return { content: JSON.stringify({ scores: [], slots: [] }) };
    const prompt = String(body.messages.at(-1)?.content ?? "");
    return { content: prompt.slice(prompt.indexOf("Draft to rephrase:\n") + "Draft to rephrase:\n".length) || "Hello." };
  });
  const models = createLlmModels({ baseURL: stub.baseURL, apiKey: "test-key", chatModel: "gpt-test", embeddingModel: "embed-test", maxRetries: 0 });
  fx = await retailFixture(db, { template: "tpl-turn-figures", ctx: { models, prices } });
}, 60_000);
afterAll(async () => {
  await fx?.store.close();
  await stub?.close();
});

const traceOf = async (conversationId: string, turn: number) => (await db.select().from(turnTraces).where(and(eq(turnTraces.conversationId, conversationId), eq(turnTraces.turn, turn))))[0]!;
const chatCalls = (from: number) => stub.requests.slice(from).filter((r) => r.path === "/v1/chat/completions").length;

describe("a turn's recorded latency, tokens and cost", () => {
  it("counts every model call's tokens and prices them; latency spans the turn", async () => {
    const id = await fx.open();
    const before = stub.requests.length;
    const started = performance.now();
    const turn = await fx.send(id, "Hi, what can you help me with?");
    const elapsed = performance.now() - started;
    expect(turn.reply).not.toBe("");
    const calls = chatCalls(before);
    expect(calls).toBeGreaterThan(0);

    const t = await traceOf(id, 1);
    expect(t.inputTokens).toBe(10 * calls);
    expect(t.outputTokens).toBe(10 * calls);
    expect(t.costUsd).toBeCloseTo((10 * calls * 2.5 + 10 * calls * 10) / 1_000_000, 15);
    expect(t.latencyMs!).toBeGreaterThan(0);
    expect(t.latencyMs!).toBeLessThanOrEqual(elapsed + 1);
    // Not streamed: no first-text figure.
    expect(t.firstTextMs).toBeNull();
  });

  it("records the first text of a streamed reply, before the reply is complete", async () => {
    const id = await fx.open();
    const before = stub.requests.length;
    const chunks: string[] = [];
    await runTurn(fx.ctx, { conversationId: id, text: "Hello there" }, { onText: (c) => void chunks.push(c) });
    expect(chunks.length).toBeGreaterThan(0);
    const t = await traceOf(id, 1);
    expect(t.firstTextMs!).toBeGreaterThan(0);
    expect(t.firstTextMs!).toBeLessThanOrEqual(t.latencyMs!);
    // Streamed calls report their usage at the end of the stream: counted as well.
    expect(t.inputTokens).toBe(10 * chatCalls(before));
  });

  it("a local-model turn records its latency, no tokens and no cost", async () => {
    const local = await retailFixture(db, { template: "tpl-turn-figures-local" });
    try {
      const id = await local.open();
      await local.send(id, "Hi");
      const t = await traceOf(id, 1);
      expect(t).toMatchObject({ inputTokens: 0, outputTokens: 0, costUsd: 0 });
      expect(t.latencyMs!).toBeGreaterThan(0);
    } finally {
      await local.store.close();
    }
  });
});
