import { describe, expect, it } from "vitest";
import type { CaseDefinition } from "@/lib/schemas/evals";
import { emptyCaseForm, emptyChange, emptyExpectation, emptyMock, placeError, toCaseForm, validateCaseForm } from "./case-form";

const definition: CaseDefinition = {
  customer: { kind: "script", turns: ["Hi", "Cancel #W2378156"] },
  fixtures: { verifiedUserId: "yusuf_rossi_9620", customer: { plan: "gold" } },
  tools: "mock",
  mocks: [
    { tool: "get_order", args: { order_id: "#W2378156" }, response: { status: "pending" } },
    { tool: "cancel_order", error: { status: 409, message: "already shipped" } },
  ],
  expectations: [
    { kind: "reply_contains", text: "cancelled", turn: 2 },
    { kind: "tool_called", tool: "cancel_order", args: { reason: "no longer needed" }, match: "subset" },
    { kind: "decision", tool: "cancel_order", decision: "allow", rule: "pending" },
    { kind: "escalated", value: false },
    { kind: "outcome", status: "resolved" },
    { kind: "writes", count: 1 },
    { kind: "judge", rubric: "Polite" },
  ],
};

describe("the case form", () => {
  it("turns a case into fields and back into the same case", () => {
    const form = toCaseForm({ name: "Cancel a pending order", description: "d", knownFailure: null, definition });
    expect(form.turns.map((t) => t.text)).toEqual(["Hi", "Cancel #W2378156"]);
    expect(form.mocks[1]).toMatchObject({ answer: "error", status: "409", message: "already shipped" });
    const result = validateCaseForm(form);
    expect(result).toEqual({ ok: true, value: { name: "Cancel a pending order", description: "d", knownFailure: null, definition } });
  });

  it("round-trips a simulated customer and a sandbox end state", () => {
    const sandbox: CaseDefinition = {
      customer: { kind: "simulated", persona: "Busy", goal: "Return boots", knows: "order W1", opening: "Hi", maxTurns: 5 },
      fixtures: {},
      tools: "sandbox",
      mocks: [],
      expectations: [{ kind: "end_state", changes: [{ path: "/orders/#W1/status", value: "return requested" }], exact: false }],
    };
    const result = validateCaseForm(toCaseForm({ name: "Return", definition: sandbox, knownFailure: "refuses today" }));
    expect(result).toEqual({ ok: true, value: { name: "Return", description: "", knownFailure: "refuses today", definition: sandbox } });
  });

  it("reports the first problem, in the order the form shows its fields, at its field", () => {
    const form = emptyCaseForm();
    form.name = "A case";
    form.expectations = [{ ...emptyExpectation("reply_contains"), text: "" }];
    form.turns = [{ key: "t", text: "" }];
    expect(validateCaseForm(form)).toEqual({ ok: false, error: { path: "definition.customer.turns.0", message: "A customer message cannot be empty" } });
    form.turns[0]!.text = "Hi";
    expect(validateCaseForm(form)).toEqual({ ok: false, error: { path: "definition.expectations.0.text", message: "The text cannot be empty" } });
    form.name = " ";
    expect(validateCaseForm(form)).toMatchObject({ ok: false, error: { path: "name" } });
  });

  it("says which JSON field does not parse, and that arguments are an object", () => {
    const form = emptyCaseForm();
    form.name = "Mocked";
    form.turns[0]!.text = "Hi";
    form.tools = "mock";
    form.mocks = [{ ...emptyMock(), tool: "get_order", args: "[1]" }];
    form.expectations = [{ ...emptyExpectation("tool_called"), tool: "get_order", args: "{oops" }];
    const first = validateCaseForm(form);
    expect(first).toMatchObject({ ok: false, error: { path: "definition.mocks.0.args", message: expect.stringContaining("JSON object") } });
    form.mocks[0]!.args = "";
    expect(validateCaseForm(form)).toMatchObject({ ok: false, error: { path: "definition.expectations.0.args", message: expect.stringMatching(/^Not valid JSON/) } });
  });

  it("asks for an end state change's value and checks its path", () => {
    const form = emptyCaseForm();
    form.name = "End state";
    form.turns[0]!.text = "Hi";
    form.expectations = [{ ...emptyExpectation("end_state"), changes: [{ ...emptyChange(), path: "/orders/#W1/status" }] }];
    expect(validateCaseForm(form)).toMatchObject({ ok: false, error: { path: "definition.expectations.0.changes.0.value" } });
    form.expectations[0]!.changes[0] = { key: "c", path: "/carts/1", value: "null" };
    expect(validateCaseForm(form)).toMatchObject({ ok: false, error: { path: "definition.expectations.0.changes.0.path", message: expect.stringContaining("/orders/") } });
  });

  it("places a deeper path on the field that renders it, and an unknown one on the form", () => {
    expect(placeError("definition.mocks.2.args.order_id")).toBe("definition.mocks.2.args");
    expect(placeError("definition.expectations.3.changes.1.value.a")).toBe("definition.expectations.3.changes.1.value");
    expect(placeError("definition.customer")).toBe("");
    expect(placeError("definition.expectations.1")).toBe("definition.expectations.1");
  });
});
