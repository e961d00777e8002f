import { describe, expect, it } from "vitest";
import type { TraceStep } from "@/components/trace/types";
import { briefValue, computeHandoffBrief, sentimentLabel } from "./handoff-brief";

const step = (turn: number, seq: number, s: Partial<TraceStep> & Pick<TraceStep, "type" | "name">): TraceStep => ({
  input: null,
  output: null,
  decision: null,
  durationMs: 1,
  ...s,
  turn,
  seq,
});

const trace = [
  step(2, 0, { type: "supervisor", name: "supervisor", input: { sentiment: { score: -0.6, label: "negative" }, counters: { negativeStreak: 2 } }, decision: "escalate" }),
  step(0, 0, { type: "supervisor", name: "supervisor", input: { sentiment: { score: 0.1, label: "neutral" } }, decision: "continue" }),
  step(1, 1, { type: "tool", name: "get_order_details", input: { order_id: "W1" }, output: { status: "delivered" }, decision: "ok" }),
  step(1, 2, { type: "tool", name: "find_user", input: { email: "x" }, output: { error: "timeout" }, decision: "error" }),
  step(1, 3, { type: "policy", name: "cancel_order", output: { ruleId: "order-pending", reason: "Only pending orders can be cancelled" }, decision: "deny" }),
  step(1, 4, { type: "policy", name: "return_items", output: {}, decision: "allow" }),
];

describe("computeHandoffBrief", () => {
  it("reads what the runtime stored with the summary at the handoff, not the later trace", () => {
    const brief = computeHandoffBrief({
      summary: {
        who: "Yara (yara@example.com)",
        wants: "cancel order #W1",
        tried: ["checked policy cancel_order: deny"],
        reason: "The customer asked for a person",
        identity: { verified: true, userId: "yara_1", email: "yara@example.com" },
        facts: [{ tool: "find_user_id_by_email", input: { email: "yara@example.com" }, output: { user_id: "yara_1" } }],
        gate: [{ policy: "cancel_order", tool: "cancel_pending_order", decision: "deny", reason: "Only pending orders can be cancelled" }],
        sentiment: { score: -0.4, negativeStreak: 1 },
      },
      state: {},
      trace,
    });
    expect(brief).toEqual({
      who: "Yara (yara@example.com)",
      wants: "cancel order #W1",
      why: "The customer asked for a person",
      verified: { userId: "yara_1", email: "yara@example.com" },
      facts: [{ tool: "find_user_id_by_email", args: { email: "yara@example.com" }, result: { user_id: "yara_1" } }],
      tried: ["checked policy cancel_order: deny"],
      decisions: [{ policy: "cancel_order", decision: "deny", reason: "Only pending orders can be cancelled" }],
      sentiment: { score: -0.4, label: null, negativeStreak: 1 },
    });
  });

  it("an identity stored as unverified stays unverified even if the session later verified", () => {
    const brief = computeHandoffBrief({ summary: { identity: { verified: false, userId: null, email: "typed@example.com" } }, state: { authenticatedUserId: "u1" }, trace: [] });
    expect(brief.verified).toBeNull();
  });

  it("completes an older summary from the session and the trace: verified identity, facts, decisions, last sentiment", () => {
    const brief = computeHandoffBrief({
      summary: { who: "Yara", wants: "cancel order #W1", tried: [], reason: "asked" },
      state: { authenticatedUserId: "yara_1", customer: { userId: "yara_1", email: "yara@example.com" } },
      trace,
    });
    expect(brief.verified).toEqual({ userId: "yara_1", email: "yara@example.com" });
    expect(brief.facts).toEqual([{ tool: "get_order_details", args: { order_id: "W1" }, result: { status: "delivered" } }]);
    expect(brief.decisions).toEqual([
      { policy: "cancel_order", decision: "deny", reason: "Only pending orders can be cancelled" },
      { policy: "return_items", decision: "allow", reason: null },
    ]);
    expect(brief.sentiment).toEqual({ score: -0.6, label: "negative", negativeStreak: 2 });
  });

  it("does not call an email the customer typed verified, and survives a missing summary", () => {
    const brief = computeHandoffBrief({ summary: null, state: { customer: { email: "typed@example.com" } }, trace: [] });
    expect(brief).toEqual({ who: null, wants: null, why: null, verified: null, tried: [], facts: [], decisions: [], sentiment: null });
  });

  it("prefers the written why over the raw reason and drops non-text tried entries", () => {
    const brief = computeHandoffBrief({ summary: { why: "Refund over the limit", reason: "policy", tried: ["refund", 3, null] }, state: {}, trace: [] });
    expect(brief.why).toBe("Refund over the limit");
    expect(brief.tried).toEqual(["refund"]);
  });
});

describe("sentimentLabel", () => {
  it("keeps the supervisor's label, else reads the score", () => {
    expect(sentimentLabel({ score: 0.9, label: "negative" })).toBe("negative");
    expect(sentimentLabel({ score: -0.4, label: null })).toBe("negative");
    expect(sentimentLabel({ score: 0, label: null })).toBe("neutral");
    expect(sentimentLabel({ score: 0.5, label: null })).toBe("positive");
  });
});

describe("briefValue", () => {
  it("shows a result's plain fields, counts the rest", () => {
    expect(briefValue({ status: "delivered", total: 42.5, items: [1, 2] })).toBe("status: delivered, total: 42.5 (+1 more)");
    expect(briefValue([1, 2, 3])).toBe("3 items");
    expect(briefValue(null)).toBe("—");
    expect(briefValue({ nested: { a: 1 } })).toBe("1 field");
  });
});
