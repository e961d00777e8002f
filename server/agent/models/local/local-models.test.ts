import { describe, expect, it } from "vitest";

import { EMBEDDING_DIMENSIONS, type KnowledgeChunk, type Persona } from "../types";
import { createLocalModels, NOT_GROUNDED_TEXT } from "./index";

const models = createLocalModels();

describe("local embed", () => {
  it("is deterministic, unit length and EMBEDDING_DIMENSIONS wide", async () => {
    const [a, b] = await models.embed(["Return the keyboard", "Return the keyboard"]);
    expect(a).toHaveLength(EMBEDDING_DIMENSIONS);
    expect(a).toEqual(b);
    expect(Math.hypot(...a!)).toBeCloseTo(1, 6);
  });

  it("puts related phrasings closer than unrelated ones", async () => {
    const [q, near, far] = await models.embed(["I want to return my keyboard", "returning a keyboard", "change my shipping address"]);
    const dot = (x: number[], y: number[]) => x.reduce((s, v, i) => s + v * y[i]!, 0);
    expect(dot(q!, near!)).toBeGreaterThan(dot(q!, far!) + 0.2);
  });
});

describe("local detectSentiment", () => {
  it.each([
    ["Thanks so much, that was really helpful!", "positive"],
    ["I want to return the keyboard from order #W2378156", "neutral"],
    ["This is ridiculous, I've been waiting for two weeks", "negative"],
    ["your bot is useless", "negative"],
    ["WHERE IS MY ORDER", "negative"],
    ["where is my order!!!", "negative"],
    ["The product arrived broken and I'm very angry", "negative"],
  ] as const)("%s -> %s", async (text, label) => {
    const result = await models.detectSentiment(text);
    expect(result.label).toBe(label);
    expect(result.score).toBeGreaterThanOrEqual(-1);
    expect(result.score).toBeLessThanOrEqual(1);
  });
});

describe("local composeReply", () => {
  const persona: Persona = {
    agentName: "Sam",
    tone: "friendly",
    greeting: "Hi, I'm Sam!",
    signOff: "Have a great day! — Sam",
    wordsToAvoid: ["unfortunately", "problem"],
  };

  it("keeps the draft, drops or replaces avoided words, and signs off only on resolution", async () => {
    const draft = "Unfortunately, order #W2378156 has already shipped, so that is a problem to cancel.";
    const message = await models.composeReply({ persona, draft, customerMessage: "cancel it", kind: "refusal" });
    expect(message).toBe("Order #W2378156 has already shipped, so that is a concern to cancel.");

    const done = await models.composeReply({ persona, draft: "Your return for order #W2378156 is requested.", customerMessage: "yes", kind: "resolution" });
    expect(done).toBe("Your return for order #W2378156 is requested. Happy to help.\n\nHave a great day! — Sam");
  });

  it("strips pleasantries for the concise tone", async () => {
    const concise: Persona = { ...persona, tone: "concise", signOff: undefined };
    const text = await models.composeReply({
      persona: concise,
      draft: "Sure! Thanks for reaching out. Your order #W2378156 is pending.",
      customerMessage: "status?",
      kind: "answer",
    });
    expect(text).toBe("Your order #W2378156 is pending.");
  });
});

describe("local answerFromKnowledge", () => {
  const chunks: KnowledgeChunk[] = [
    {
      id: "c1",
      documentTitle: "Returns",
      section: "Time limits",
      text: "Delivered items can be returned within 30 days of delivery. Refunds go to the original payment method or a gift card.",
      score: 0.8,
    },
    { id: "c2", documentTitle: "Shipping", section: "Speed", text: "Standard shipping takes 3 to 5 business days.", score: 0.4 },
  ];

  it("answers with the best sentence and cites its chunk", async () => {
    const answer = await models.answerFromKnowledge("How many days do I have to return an item?", chunks);
    expect(answer.grounded).toBe(true);
    expect(answer.text).toContain("returned within 30 days of delivery");
    expect(answer.citations).toEqual([{ chunkId: "c1", documentTitle: "Returns", section: "Time limits" }]);
  });

  it("refuses when the chunks do not support an answer, or there are none", async () => {
    for (const answer of [await models.answerFromKnowledge("Do you sell gift wrapping for birthdays?", chunks), await models.answerFromKnowledge("How long does shipping take?", [])]) {
      expect(answer).toEqual({ text: NOT_GROUNDED_TEXT, citations: [], grounded: false });
    }
  });
});

describe("local summarizeForHandoff", () => {
  it("says who, what they want, what was tried and why", async () => {
    const summary = await models.summarizeForHandoff({
      customer: { id: "yusuf_rossi_9620", name: "Yusuf Rossi", email: "yusuf.rossi@example.com" },
      transcript: [
        { role: "customer", text: "hi" },
        { role: "agent", text: "Hello! Who am I speaking with?" },
        { role: "customer", text: "I'm Yusuf Rossi, zip 19122" },
        { role: "customer", text: "yusuf.rossi@example.com" },
        { role: "customer", text: "I want to return the keyboard from order #W2378156 but it's been 3 months" },
        { role: "customer", text: "yes" },
      ],
      journey: "return_items",
      attempted: ["looked up order #W2378156", "return refused: outside the return window"],
      reason: "the customer asked for a human",
    });
    expect(summary).toEqual({
      who: "Yusuf Rossi (yusuf.rossi@example.com, user yusuf_rossi_9620)",
      wants: "I want to return the keyboard from order #W2378156 but it's been 3 months",
      tried: ["looked up order #W2378156", "return refused: outside the return window"],
      why: "the customer asked for a human",
    });
  });

  it("describes an unidentified customer", async () => {
    const summary = await models.summarizeForHandoff({ customer: null, transcript: [], journey: null, attempted: [], reason: "no journey matched" });
    expect(summary.who).toBe("an unidentified customer");
    expect(summary.wants).toBe("not stated");
  });
});

describe("local judge", () => {
  const transcript = [
    { role: "customer" as const, text: "cancel #W2378156" },
    { role: "agent" as const, text: "Order #W2378156 is cancelled. A refund of $54.04 is on its way." },
  ];

  it("checks contains / not_contains lines against what the agent said", async () => {
    expect(await models.judge({ rubric: "contains: cancelled\nnot_contains: sorry", transcript })).toMatchObject({ pass: true, score: 1 });
    const failed = await models.judge({ rubric: "contains: cancelled\ncontains: gift card", transcript });
    expect(failed).toMatchObject({ pass: false, score: 0.5 });
    expect(failed.reasoning).toContain("gift card");
  });

  it("defers anything else to an llm judge", async () => {
    const verdict = await models.judge({ rubric: "The agent was polite", transcript });
    expect(verdict).toMatchObject({ pass: false, undecided: true });
    expect(verdict.reasoning).toContain("needs an llm judge");
  });
});
