import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { memberships } from "@/db/schema";
import { readDemoKnowledgeFiles } from "@/db/seed/knowledge";
import { drainIngestJobs } from "@/server/knowledge/jobs";
import { addDocuments } from "@/server/services/knowledge/add-documents";
import { createKnowledgeBase } from "@/server/services/knowledge/create-knowledge-base";
import { updateAgentKnowledge } from "@/server/services/knowledge/update-agent-knowledge";
import { testDatabase } from "@/test/db";
import { type ChatCompletionRequestBody, type OpenAIStub, type RecordedRequest, startOpenAIStub, type StubReply } from "@/test/openai-stub-server";
import { loadDraftConfig } from "./config/load-draft-config";
import { runTurn } from "./run-turn";
import { createLlmModels } from "./models/llm";
import { retailFixture } from "./testing/retail-fixture";
import type { TurnResult } from "./types";

// Turns on the llm path, against the test's own OpenAI-compatible server: the real client and wire
// protocol. What the model "understands" is scripted per turn; replies echo the draft they were given.
// The point is how many model requests a turn makes, in what order, and what the trace says about them.

let db: Db;
let fx: Awaited<ReturnType<typeof retailFixture>>;
let stub: OpenAIStub;
let journeyIds: { id: string; name: string }[] = [];
let meaning: { journey?: string; slots?: Record<string, unknown> } = {};
/** When set, what the model writes for a reply instead of echoing its draft. */
let written: string | undefined;

const json = (value: unknown): StubReply => ({ content: JSON.stringify(value) });

function answer(body: ChatCompletionRequestBody): StubReply {
  const scores = journeyIds.map((j) => ({ id: j.id, score: j.name === meaning.journey ? 0.9 : 0.05 }));
  const slots = Object.entries(meaning.slots ?? {}).map(([name, value]) => ({ name, value, source: String(value) }));
  switch (body.response_format?.json_schema?.name) {
    case "understand":
      return json({ scores, slots });
    // What the per-step calls would get, so a pipeline that still makes them runs to the end.
    case "classifyIntent":
      return json({ scores });
    case "extractSlots":
      return json({ slots });
    case "detectSentiment":
      return json({ score: 0, label: "neutral" });
    case "answerFromKnowledge": {
      const chunkIds = [...JSON.stringify(body.messages).matchAll(/\[([0-9a-f-]{36})\]/g)].map((m) => m[1]);
      return json({ answer: "Express shipping costs $12.99.", citedChunkIds: chunkIds.slice(0, 1), grounded: true });
    }
    case undefined: {
      if (written !== undefined) return { content: written };
      const prompt = String(body.messages.at(-1)?.content ?? "");
      return { content: prompt.slice(prompt.indexOf("Draft to rephrase:\n") + "Draft to rephrase:\n".length) };
    }
    default:
      return { status: 400, error: `unexpected structured call ${body.response_format?.json_schema?.name}` };
  }
}

beforeAll(async () => {
  db = (await testDatabase()).db;
  stub = await startOpenAIStub(answer);
  const models = createLlmModels({ baseURL: stub.baseURL, apiKey: "test-key", chatModel: "gpt-test", embeddingModel: "embed-test", maxRetries: 0 });
  fx = await retailFixture(db, { template: "tpl-llm-turn", ctx: { models } });
  journeyIds = (await loadDraftConfig(db, { workspaceId: fx.workspace.id, agentId: fx.agent.id })).journeys.map((j) => ({ id: j.id, name: j.name }));
});
afterAll(async () => {
  await fx?.store.close();
  await stub?.close();
});

/** Sends one message and returns the model requests the turn made. */
async function send(id: string, text: string, understood: typeof meaning): Promise<{ turn: TurnResult; requests: RecordedRequest[] }> {
  meaning = understood;
  const before = stub.requests.length;
  const turn = await fx.send(id, text);
  return { turn, requests: stub.requests.slice(before) };
}

/** One structured call first; everything after it is the reply, started only once that call had answered. */
function expectOneCallBeforeReply(requests: RecordedRequest[]) {
  const [first, ...reply] = requests;
  expect(first!.body.response_format?.json_schema?.name).toBe("understand");
  expect(reply.length).toBeGreaterThan(0);
  for (const r of reply) {
    expect(r.path).toBe("/v1/chat/completions");
    expect(r.body.response_format).toBeUndefined();
    expect(r.openedAt).toBeGreaterThan(first!.closedAt!);
  }
}

function modelCalls(turn: TurnResult) {
  return turn.trace.find((e) => e.type === "llm" && e.name === "model calls")?.output as { calls: number; rounds: number; waitMs: number } | undefined;
}

describe("a turn on the llm path", () => {
  it("makes one model call before the reply, starting a journey, mid-journey and on a confirmation", async () => {
    const id = await fx.open();

    const start = await send(id, "I want to return the keyboard from order #W2378156", { journey: "Return delivered items", slots: { order_id: "#W2378156" } });
    expect(start.turn.journey).toBe("Return delivered items");
    expect(start.turn.reply).toMatch(/verify your identity/i);
    expectOneCallBeforeReply(start.requests);
    // The prefilled order id came from the one call: the journey will not ask for it.
    expect(start.turn.trace.find((e) => e.type === "route" && e.name === "Return delivered items")?.output).toMatchObject({ slots: { order_id: "#W2378156" } });

    const email = await send(id, "yusuf.rossi7301@example.com", { slots: { email: "yusuf.rossi7301@example.com" } });
    expect(email.turn.reply).toMatch(/Yusuf, you're verified/);
    expect(email.turn.reply).toMatch(/Where should the refund go/);
    expectOneCallBeforeReply(email.requests);
    // The reply's two pieces are composed side by side: three calls, two rounds.
    expect(email.requests).toHaveLength(3);
    expect(modelCalls(email.turn)).toMatchObject({ calls: 3, rounds: 2 });

    const refund = await send(id, "to the original payment method", { slots: { payment_method_id: "credit_card_9513926" } });
    expect(refund.turn.reply).toMatch(/Mechanical Keyboard from order #W2378156, refunded to Mastercard ending 2478/);
    expectOneCallBeforeReply(refund.requests);

    const yes = await send(id, "yes", { slots: { confirm: true } });
    expect(yes.turn.reply).toMatch(/return requested/);
    expect(yes.turn.status).toBe("resolved");
    expectOneCallBeforeReply(yes.requests);
    expect((await fx.order("#W2378156")).status).toBe("return requested");
  });

  it("makes one model call before the reply when no journey fits", async () => {
    const id = await fx.open();
    const { turn, requests } = await send(id, "what's the weather like on Mars", {});
    expect(turn.reply).toMatch(/What would you like to do\?/);
    expectOneCallBeforeReply(requests);
    expect(requests).toHaveLength(2);
  });

  it("records the turn's model calls, sequential rounds and wait time in the trace", async () => {
    const id = await fx.open();
    const { turn, requests } = await send(id, "I want to return the keyboard from order #W2378156", { journey: "Return delivered items", slots: { order_id: "#W2378156" } });
    const recorded = modelCalls(turn);
    expect(recorded).toMatchObject({ calls: requests.length, rounds: 2 });
    expect(recorded!.waitMs).toBeGreaterThan(0);
  });

  describe("streaming the reply", () => {
    /** Sends one message on a streaming channel; returns what reached the customer, piece by piece. */
    async function stream(id: string, text: string, understood: typeof meaning) {
      meaning = understood;
      const before = stub.requests.length;
      const chunks: string[] = [];
      const turn = await runTurn(fx.ctx, { conversationId: id, text }, { onText: (chunk) => void chunks.push(chunk) });
      return { turn, chunks, requests: stub.requests.slice(before) };
    }

    it("sends each sentence as the model writes it, checked, after one model call", async () => {
      written = undefined;
      const id = await fx.open();
      const { turn, chunks, requests } = await stream(id, "I want to return the keyboard from order #W2378156", { journey: "Return delivered items", slots: { order_id: "#W2378156" } });
      expectOneCallBeforeReply(requests);
      const replies = requests.slice(1);
      expect(replies.every((r) => r.body.stream === true)).toBe(true);
      // The model streams 8 characters at a time; the customer gets whole sentences, more than one.
      expect(chunks.length).toBeGreaterThan(1);
      for (const chunk of chunks) expect(chunk.trimEnd()).toMatch(/[.!?…]["')\]]*$/);
      expect(chunks.join("")).toBe(turn.reply);
      expect(modelCalls(turn)).toMatchObject({ calls: requests.length, rounds: 2 });
      // Stored and traced as sent.
      expect(turn.trace.filter((e) => e.type === "guardrail" && e.name === "output").every((e) => e.decision === "pass")).toBe(true);
    });

    it("replaces a sentence that fails the output guardrails and stops generating the rest of that piece", async () => {
      written = "Happy to help with that. Your other order #W9999999 ships tomorrow. I also refunded everything.";
      try {
        const id = await fx.open();
        const { turn, chunks } = await stream(id, "what's the weather like on Mars", {});
        expect(chunks[0]).toBe("Happy to help with that.");
        expect(chunks[1]).toBe(" Sorry, I can only share details of your own account and orders.");
        expect(turn.reply).not.toMatch(/W9999999|refunded everything/);
        expect(turn.reply.startsWith(chunks.join(""))).toBe(true);
        const blocked = turn.trace.find((e) => e.type === "guardrail" && e.name === "output" && e.decision === "blocked");
        expect(blocked?.output).toEqual({ violations: ["another customer's data (#W9999999)"] });
      } finally {
        written = undefined;
      }
    });
  });

  // Last: the help centre it gives the demo agent would change what the turns above ask for.
  it("embeds a question for the help centre while the message is understood, not after", async () => {
    const [owner] = await db.select().from(memberships).where(eq(memberships.workspaceId, fx.workspace.id));
    const ctx = { db, userId: owner!.userId, workspace: fx.workspace, role: "owner" as const };
    const kb = await createKnowledgeBase(ctx, { name: "Help center" });
    await addDocuments(ctx, { knowledgeBaseId: kb.id, files: await readDemoKnowledgeFiles() });
    await drainIngestJobs(db, { workspaceId: fx.workspace.id, modelsFor: async () => fx.ctx.models });
    await updateAgentKnowledge(ctx, { agentId: fx.agent.id, knowledgeBaseIds: [kb.id], knowledgeFallback: "offer_human" });

    const { turn, requests } = await send(await fx.open(), "How much does express shipping cost?", {});
    expect(turn.reply).toBe("Express shipping costs $12.99.");
    expect(requests.map((r) => (r.path.endsWith("/embeddings") ? "embed" : (r.body.response_format?.json_schema?.name ?? "reply")))).toEqual(["embed", "understand", "answerFromKnowledge"]);
    // The embedding and understand are one round (in flight together), then the answer, which is the reply:
    // the model writes it in the persona's voice, so no second call rephrases it.
    expect(modelCalls(turn)).toMatchObject({ calls: 3, rounds: 2 });
    const answerRequest = requests.find((r) => r.body.response_format?.json_schema?.name === "answerFromKnowledge")!;
    expect(JSON.stringify(answerRequest.body.messages)).toMatch(/You are \w+, a customer-service agent/);
    expect(turn.trace.find((e) => e.type === "compose" && e.name === "answer")).toMatchObject({ decision: "already in voice", output: { text: "Express shipping costs $12.99." } });
  });
});
