import { afterEach, describe, expect, it } from "vitest";

import { startOpenAIStub, type OpenAIStub, type StubScript } from "@/test/openai-stub-server";

import { EMBEDDING_DIMENSIONS, type IntentCandidate, type Persona } from "../types";
import { createLlmModels } from "./index";

let stub: OpenAIStub | undefined;

afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

async function modelsFor(script: StubScript, options: { apiKey?: string; clientKey?: string } = {}) {
  stub = await startOpenAIStub(script, { apiKey: options.apiKey });
  const models = createLlmModels({
    baseURL: stub.baseURL,
    apiKey: options.clientKey ?? options.apiKey ?? "test-key",
    chatModel: "gpt-test",
    embeddingModel: "embed-test",
    maxRetries: 0,
  });
  return { models, stub };
}

const json = (value: unknown) => () => ({ content: JSON.stringify(value) });

const candidates: IntentCandidate[] = [
  { id: "cancel_order", description: "Cancel a pending order", examples: ["cancel my order"] },
  { id: "return_items", description: "Return delivered items", examples: ["return the keyboard"] },
];

describe("llm models against an OpenAI-compatible stub", () => {
  it("classifyIntent parses the structured scores, fills missing candidates and sorts", async () => {
    const { models, stub } = await modelsFor(json({ scores: [{ id: "return_items", score: 0.92 }, { id: "made_up", score: 1 }] }));
    const result = await models.classifyIntent("I want to return the keyboard from order #W2378156", candidates);
    expect(result).toEqual({
      best: { id: "return_items", score: 0.92 },
      scores: [
        { id: "return_items", score: 0.92 },
        { id: "cancel_order", score: 0 },
      ],
    });
    const [request] = stub.requests;
    expect(request!.path).toBe("/v1/chat/completions");
    expect(request!.authorization).toBe("Bearer test-key");
    expect(request!.body.model).toBe("gpt-test");
    expect(request!.body.response_format?.type).toBe("json_schema");
    expect(JSON.stringify(request!.body.messages)).toContain("return the keyboard");
  });

  it("classifyIntent returns best null when the model scores everything low", async () => {
    const { models } = await modelsFor(json({ scores: [{ id: "cancel_order", score: 0.1 }, { id: "return_items", score: 0.05 }] }));
    expect((await models.classifyIntent("what's the weather on Mars", candidates)).best).toBeNull();
  });

  it("extractSlots keeps requested slots and coerces them to their types", async () => {
    const { models, stub } = await modelsFor(
      json({
        slots: [
          { name: "order", value: "W2378156", source: "order W2378156" },
          { name: "confirm", value: "yes", source: "yes" },
          { name: "items", value: ["1656367028", "not-an-id"], source: "1656367028" },
          { name: "unasked", value: "x", source: "x" },
        ],
      }),
    );
    const slots = await models.extractSlots(
      "yes, order W2378156, item 1656367028",
      [
        { name: "order", type: "order_id" },
        { name: "confirm", type: "yes_no" },
        { name: "items", type: "item_ids" },
      ],
      { now: new Date("2025-01-02T12:00:00Z") },
    );
    expect(slots).toEqual([
      { name: "order", value: "#W2378156", source: "order W2378156" },
      { name: "confirm", value: true, source: "yes" },
      { name: "items", value: ["1656367028"], source: "1656367028" },
    ]);
    expect(JSON.stringify(stub.requests[0]!.body.messages)).toContain("Today is 2025-01-02");
  });

  it("summarizeForHandoff parses the structured summary", async () => {
    const summary = { who: "Yusuf Rossi", wants: "return a keyboard", tried: ["looked up the order"], why: "outside the return window" };
    const { models } = await modelsFor(json(summary));
    const result = await models.summarizeForHandoff({
      customer: { name: "Yusuf Rossi" },
      transcript: [{ role: "customer", text: "return the keyboard" }],
      journey: "return_items",
      attempted: ["looked up the order"],
      reason: "outside the return window",
    });
    expect(result).toEqual(summary);
  });

  it("composeReply sends the persona in the system prompt and returns the model's text", async () => {
    const { models, stub } = await modelsFor(() => ({ content: "  All set, your order #W2378156 is cancelled. Cheers, Sam  " }));
    const persona: Persona = {
      agentName: "Sam",
      tone: "playful",
      greeting: "Hey!",
      signOff: "Cheers, Sam",
      wordsToUse: ["all set"],
      wordsToAvoid: ["unfortunately"],
    };
    const text = await models.composeReply({ persona, draft: "Order #W2378156 is cancelled.", customerMessage: "yes", kind: "resolution" });
    expect(text).toBe("All set, your order #W2378156 is cancelled. Cheers, Sam");
    const [system, user] = stub.requests[0]!.body.messages;
    expect(system!.role).toBe("system");
    for (const fragment of ["You are Sam", "playful", "all set", "Never use these words: unfortunately", "Cheers, Sam", "Do not add information"]) {
      expect(system!.content).toContain(fragment);
    }
    expect(JSON.stringify(user!.content)).toContain("Order #W2378156 is cancelled.");
  });

  it("answerFromKnowledge keeps only citations of chunks it was given", async () => {
    const { models } = await modelsFor(json({ answer: "Within 30 days of delivery.", citedChunkIds: ["c1", "c9"], grounded: true }));
    const answer = await models.answerFromKnowledge("how long do I have to return?", [
      { id: "c1", documentTitle: "Returns", section: "Limits", text: "Items can be returned within 30 days of delivery.", score: 0.9 },
    ]);
    expect(answer).toEqual({ text: "Within 30 days of delivery.", citations: [{ chunkId: "c1", documentTitle: "Returns", section: "Limits" }], grounded: true });
  });

  it("embed asks for EMBEDDING_DIMENSIONS and returns vectors of that size", async () => {
    const { models, stub } = await modelsFor(() => ({ content: "" }));
    const vectors = await models.embed(["return the keyboard", "cancel my order"]);
    expect(vectors).toHaveLength(2);
    for (const v of vectors) expect(v).toHaveLength(EMBEDDING_DIMENSIONS);
    expect(stub.requests[0]!.path).toBe("/v1/embeddings");
    expect(stub.requests[0]!.body.dimensions).toBe(EMBEDDING_DIMENSIONS);
  });

  it("surfaces a wrong key as a thrown error that says what failed", async () => {
    const { models } = await modelsFor(json({ scores: [] }), { apiKey: "right-key", clientKey: "wrong-key" });
    await expect(models.classifyIntent("cancel my order", candidates)).rejects.toThrow(/llm classifyIntent failed: .*Incorrect API key/);
    await expect(models.embed(["x"])).rejects.toThrow(/llm embed failed: .*Incorrect API key/);
  });

  it("surfaces a server error as a thrown error", async () => {
    const { models } = await modelsFor(() => ({ status: 500, error: "the model is overloaded" }));
    await expect(models.composeReply({ persona: { agentName: "Sam", tone: "concise", greeting: "Hi" }, draft: "Done.", customerMessage: "ok", kind: "message" })).rejects.toThrow(
      /llm composeReply failed: .*the model is overloaded/,
    );
  });
});
