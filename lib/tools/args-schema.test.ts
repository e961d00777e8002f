import { describe, expect, it } from "vitest";
import { fieldKind, initialArgs, type JsonSchema, validateArgs } from "./args-schema";

const schema: JsonSchema = {
  type: "object",
  required: ["order_id", "reason"],
  properties: {
    order_id: { type: "string", description: "The order, e.g. #W123" },
    reason: { type: "string", enum: ["no longer needed", "ordered by mistake"] },
    quantity: { type: "integer", minimum: 1 },
    gift: { type: "boolean", default: false },
    item_ids: { type: "array", items: { type: "string" } },
    address: { type: "object", required: ["zip"], properties: { zip: { type: "string", minLength: 5 } } },
    lines: { type: "array", items: { type: "object", properties: { sku: { type: "string" } } } },
  },
};

describe("a tool's argument schema as a form", () => {
  it("gives each property the control its type needs, JSON where no control fits", () => {
    const p = schema.properties!;
    expect(Object.fromEntries(Object.entries(p).map(([k, s]) => [k, fieldKind(s)]))).toEqual({
      order_id: "string",
      reason: "enum",
      quantity: "integer",
      gift: "boolean",
      item_ids: "list",
      address: "object",
      lines: "json",
    });
    expect(fieldKind({})).toBe("json");
    expect(fieldKind({ type: ["string", "null"] })).toBe("string");
  });

  it("starts from the schema's defaults only", () => {
    expect(initialArgs(schema)).toEqual({ gift: false });
  });

  it("reports each wrong argument at its own path", () => {
    expect(validateArgs(schema, { quantity: 1.5, reason: "because", item_ids: ["a", 2], address: { zip: "12" } })).toEqual({
      order_id: "Required",
      reason: 'Must be one of "no longer needed", "ordered by mistake"',
      quantity: "Must be a whole number",
      "item_ids[1]": "Must be text",
      "address.zip": "Must be at least 5 characters",
    });
    expect(validateArgs(schema, { order_id: "#W1", reason: "ordered by mistake", quantity: 0, address: {} })).toEqual({ quantity: "Must be at least 1", "address.zip": "Required" });
    expect(validateArgs(schema, { order_id: "#W1", reason: "ordered by mistake", quantity: 2, gift: true, item_ids: ["a"], address: { zip: "12345" }, lines: [{ sku: "x" }] })).toEqual({});
    expect(validateArgs(schema, "text")).toEqual({ arguments: "Must be an object" });
  });
});
