import { describe, expect, it } from "vitest";
import { auditChanges, displayValue } from "./changes";

describe("auditChanges", () => {
  it("lists only the fields that changed, before and after", () => {
    expect(auditChanges({ name: "Helper", description: "first" }, { name: "Helper", description: "second" })).toEqual([
      { field: "description", before: "first", after: "second" },
    ]);
  });

  it("shows a creation as fields that appear and a deletion as fields that go", () => {
    expect(auditChanges(null, { name: "Returns", role: "viewer" })).toEqual([
      { field: "name", before: undefined, after: "Returns" },
      { field: "role", before: undefined, after: "viewer" },
    ]);
    expect(auditChanges({ name: "Returns" }, null)).toEqual([{ field: "name", before: "Returns", after: undefined }]);
  });

  it("flattens nested objects to dotted paths and compares arrays whole", () => {
    expect(auditChanges({ persona: { tone: "warm", name: "Riley" }, tags: ["a"] }, { persona: { tone: "formal", name: "Riley" }, tags: ["a", "b"] })).toEqual([
      { field: "persona.tone", before: "warm", after: "formal" },
      { field: "tags", before: ["a"], after: ["a", "b"] },
    ]);
  });

  it("treats a scalar snapshot as one value", () => {
    expect(auditChanges(3, 4)).toEqual([{ field: "value", before: 3, after: 4 }]);
    expect(auditChanges(null, null)).toEqual([]);
  });
});

describe("displayValue", () => {
  it("prints strings bare, other values as JSON, absent as a dash, and cuts long text", () => {
    expect(displayValue("warm")).toBe("warm");
    expect(displayValue(45)).toBe("45");
    expect(displayValue({ a: 1 })).toBe('{"a":1}');
    expect(displayValue(undefined)).toBe("—");
    expect(displayValue("x".repeat(10), 5)).toBe("xxxx…");
  });
});
