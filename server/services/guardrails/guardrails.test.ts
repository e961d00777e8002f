import { describe, expect, it } from "vitest";
import { guardrailsSchema } from "@/lib/schemas/guardrails";
import { previewPersona } from "@/server/services/persona/persona";
import { testGuardrails } from "./guardrails";

// The studio's "try it" boxes run the pipeline's own guardrail, supervisor and composer functions.

const guardrails = guardrailsSchema.parse({
  bannedPhrases: ["competitor"],
  caps: [{ label: "Refund", keywords: ["refund"], max: 50 }],
  neverPromise: ["full refund"],
  escalation: { phrases: ["lawyer"], repeatedFailures: 2 },
});

describe("guardrail test box", () => {
  it("output: banned phrases, caps and promises block a reply; grounded text passes", async () => {
    const banned = await testGuardrails({ guardrails, check: "output", text: "Try our competitor instead." });
    expect(banned).toMatchObject({ ok: false, violations: ['banned phrase "competitor"'] });
    const cap = await testGuardrails({ guardrails, check: "output", text: "I can refund $80.00 today." });
    expect(cap).toMatchObject({ ok: false, violations: ["Refund of $80 above the cap of $50"] });
    const grounded = await testGuardrails({ guardrails, check: "output", text: "I can refund $80.00 today.", amounts: [80] });
    expect(grounded).toMatchObject({ ok: true });
    const promise = await testGuardrails({ guardrails, check: "output", text: "You will get a full refund." });
    expect(promise).toMatchObject({ ok: false });
    expect(await testGuardrails({ guardrails, check: "output", text: "You will get a full refund.", policyText: "A full refund to the original method" })).toMatchObject({ ok: true });
  });

  it("escalation: trigger phrases and repeated failures escalate, a calm message does not", async () => {
    expect(await testGuardrails({ guardrails, check: "escalation", text: "I will call my lawyer" })).toMatchObject({ escalate: true, reason: expect.stringContaining("lawyer") });
    expect(await testGuardrails({ guardrails, check: "escalation", text: "ok", failuresSoFar: 2 })).toMatchObject({ escalate: true, reason: expect.stringContaining("failed 2 times") });
    expect(await testGuardrails({ guardrails, check: "escalation", text: "Where is my order?" })).toMatchObject({ escalate: false, reason: null });
  });

  it("pii: shows how a transcript line is stored", async () => {
    expect(await testGuardrails({ guardrails, check: "pii", text: "mail me at a.b@example.com" })).toEqual({ check: "pii", masked: "mail me at [email]" });
  });
});

describe("persona preview", () => {
  it("runs the local composer with the sign-off and avoided words", async () => {
    const { text } = await previewPersona({
      persona: { agentName: "Sam", tone: "friendly", greeting: "Hi", signOff: "— Sam", wordsToAvoid: ["unfortunately"] },
      draft: "Your return for order #W1 is requested.",
      kind: "resolution",
    });
    expect(text).toContain("Your return for order #W1 is requested.");
    expect(text.endsWith("— Sam")).toBe(true);
  });
});
