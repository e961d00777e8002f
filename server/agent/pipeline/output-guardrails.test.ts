import { describe, expect, it } from "vitest";
import { guardrailsSchema } from "@/lib/schemas/guardrails";
import { emptySession } from "../types";
import { checkOutput } from "./output-guardrails";
import type { TurnRun } from "./turn-run";

function runWith(opts: { guardrails?: unknown; customer?: TurnRun["session"]["customer"]; mentioned?: string[]; amounts?: number[]; policyText?: string[] }): TurnRun {
  return {
    config: { guardrails: guardrailsSchema.parse(opts.guardrails ?? {}) },
    session: { ...emptySession(), customer: opts.customer, mentioned: opts.mentioned ?? [] },
    grounded: { amounts: opts.amounts ?? [], policyText: opts.policyText ?? [] },
  } as unknown as TurnRun;
}

describe("checkOutput", () => {
  const customer = { userId: "yusuf_rossi_9620", email: "yusuf.rossi7301@example.com", orderIds: ["#W2378156"] };

  it("passes the customer's own order ids and email", () => {
    expect(checkOutput(runWith({ customer }), "Order #W2378156 is delivered; we'll email yusuf.rossi7301@example.com.").ok).toBe(true);
  });

  it("blocks another customer's order id or email", () => {
    const check = checkOutput(runWith({ customer }), "Order #W6779827 belongs to ethan.lopez8943@example.com.");
    expect(check.ok).toBe(false);
    expect(check.violations).toHaveLength(2);
    expect(check.replacement).toMatch(/your own account/);
  });

  it("lets the agent echo an id the customer typed", () => {
    expect(checkOutput(runWith({ customer, mentioned: ["#w6779827"] }), "Order #W6779827 isn't on your account.").ok).toBe(true);
  });

  it("blocks banned phrases", () => {
    expect(checkOutput(runWith({ guardrails: { bannedPhrases: ["guaranteed"] } }), "Delivery is guaranteed tomorrow.").ok).toBe(false);
  });

  it("blocks a refund above the cap unless a tool stated that amount", () => {
    const guardrails = { caps: [{ label: "refund", keywords: ["refund"], max: 100 }] };
    expect(checkOutput(runWith({ guardrails }), "I'll refund you $250.00 today.").ok).toBe(false);
    expect(checkOutput(runWith({ guardrails, amounts: [250] }), "I'll refund you $250.00 today.").ok).toBe(true);
    expect(checkOutput(runWith({ guardrails }), "I'll refund you $40 today.").ok).toBe(true);
  });

  it("blocks promises no policy decision made", () => {
    const guardrails = { neverPromise: ["refunded immediately"] };
    expect(checkOutput(runWith({ guardrails }), "You'll be refunded immediately.").ok).toBe(false);
    expect(checkOutput(runWith({ guardrails, policyText: ["Gift cards are refunded immediately"] }), "You'll be refunded immediately.").ok).toBe(true);
  });
});
