import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { parse as parseYaml } from "yaml";
import { httpToolSchema } from "@/lib/schemas/tool";
import { buildRequest } from "@/server/agent/tools/http-tool";
import { responseFacts } from "@/lib/tools/response-facts";
import { parseOpenApi, toolName } from "./openapi";

const yamlSpec = readFileSync(path.join(import.meta.dirname, "fixtures/store-openapi.yaml"), "utf8");

describe("OpenAPI import", () => {
  it("turns every operation of a realistic 3.0 store spec into a valid tool", () => {
    const spec = parseOpenApi(yamlSpec);
    expect(spec.title).toBe("Acme Store API");
    expect(spec.operations.map((o) => o.tool.name)).toEqual([
      "search_customers",
      "list_customer_orders",
      "get_order",
      "cancel_order",
      "update_shipping_address",
      "post_orders_order_id_returns",
      "cancel_return",
    ]);
    for (const op of spec.operations) expect(httpToolSchema.safeParse(op.tool).success, op.tool.name).toBe(true);
    expect(spec.secrets).toEqual(["STORE_TOKEN"]);
  });

  it("maps parameters, bodies, $refs, methods and auth", () => {
    const byName = Object.fromEntries(parseOpenApi(yamlSpec).operations.map((o) => [o.tool.name, httpToolSchema.parse(o.tool)]));
    const getOrder = byName.get_order!;
    expect(getOrder).toMatchObject({ method: "GET", kind: "read", url: "https://api.acme-store.example/v2/orders/{orderId}", headers: { Authorization: "Bearer {{secret.STORE_TOKEN}}" } });
    expect(getOrder.args).toMatchObject({ properties: { orderId: { type: "string", description: "The order number, e.g. A-10023" } }, required: ["orderId"] });

    const list = byName.list_customer_orders!;
    expect(Object.keys((list.args as { properties: object }).properties)).toEqual(["customerId", "status", "limit"]);
    expect((list.args as { required: string[] }).required).toEqual(["customerId"]);

    const address = byName.update_shipping_address!;
    expect(address).toMatchObject({ method: "PUT", kind: "write", requiresConfirmation: true });
    expect((address.args as { required: string[] }).required).toEqual(["orderId", "line1", "city", "postalCode", "country"]);
    expect((address.args as { properties: Record<string, object> }).properties.country).toEqual({ type: "string" }); // example dropped

    // The request the runtime builds from an imported tool: path placeholders filled, the rest in the body.
    const cancel = byName.cancel_order!;
    expect(buildRequest(cancel, { orderId: "A-1", reason: "ordered_by_mistake" }, "http://unused")).toEqual({
      url: "https://api.acme-store.example/v2/orders/A-1/cancel",
      body: JSON.stringify({ reason: "ordered_by_mistake" }),
    });
    expect(byName.cancel_return).toMatchObject({ method: "DELETE", kind: "write" });
  });

  it("keeps each read's success answer schema, which types the facts a lookup of it gives", () => {
    const byName = Object.fromEntries(parseOpenApi(yamlSpec).operations.map((o) => [o.tool.name, httpToolSchema.parse(o.tool)]));
    expect(byName.cancel_order!.responseSchema).toBeUndefined(); // "200: Cancelled" has no content
    expect(responseFacts("order", byName.get_order!.responseSchema)).toEqual([
      { name: "order.id", type: "string" },
      { name: "order.status", type: "string" },
      { name: "order.delivered_at", type: "date" },
      { name: "order.total", type: "number" },
      { name: "order.shipping_address.line1", type: "string" },
      { name: "order.shipping_address.line2", type: "string" },
      { name: "order.shipping_address.city", type: "string" },
      { name: "order.shipping_address.postal_code", type: "string" },
      { name: "order.shipping_address.country", type: "string" },
      {
        name: "order.items",
        type: "object[]",
        fields: [
          { name: "sku", type: "string" },
          { name: "quantity", type: "number" },
          { name: "unit_price", type: "number" },
          { name: "gift_wrapped", type: "boolean" },
        ],
      },
    ]);
    // A list answer (search results) gives no fields of its own.
    expect(responseFacts("customers", byName.search_customers!.responseSchema)).toEqual([]);
  });

  it("cuts a schema that refers to itself where it recurs", () => {
    const doc = {
      openapi: "3.0.0",
      servers: [{ url: "https://x.example" }],
      components: { schemas: { Category: { type: "object", properties: { name: { type: "string" }, children: { type: "array", items: { $ref: "#/components/schemas/Category" } } } } } },
      paths: { "/categories/{id}": { get: { parameters: [{ name: "id", in: "path", schema: { type: "string" } }], responses: { "200": { content: { "application/json": { schema: { $ref: "#/components/schemas/Category" } } } } } } } },
    };
    const [op] = parseOpenApi(JSON.stringify(doc)).operations;
    expect(op!.tool.responseSchema).toEqual({ type: "object", properties: { name: { type: "string" }, children: { type: "array", items: {} } } });
  });

  it("reads the same spec as JSON, and a base URL can replace the server", () => {
    const json = JSON.stringify(parseYaml(yamlSpec));
    const spec = parseOpenApi(json, { baseUrl: "https://staging.acme.example/v2/" });
    expect(spec.operations).toHaveLength(7);
    expect(spec.operations[0]!.tool.url).toBe("https://staging.acme.example/v2/customers/search");
  });

  it("refuses what it cannot import, with a reason", () => {
    expect(() => parseOpenApi("swagger: '2.0'\npaths: {}")).toThrow(/Only OpenAPI 3.x/);
    expect(() => parseOpenApi("openapi: 3.0.0\npaths:\n  /x:\n    get: {}\n")).toThrow(/no absolute server URL/);
    expect(() => parseOpenApi(stringify({ openapi: "3.1.0", servers: [{ url: "https://x.example" }], paths: {} }))).toThrow(/no GET, POST/);
    expect(() => parseOpenApi("{ not: [valid")).toThrow(/neither JSON nor YAML/);
  });

  it("names tools in snake case within the schema's limits", () => {
    expect(toolName("getOrderByID")).toBe("get_order_by_id");
    expect(toolName("post /orders/{orderId}/returns")).toBe("post_orders_order_id_returns");
    expect(toolName("123abc")).toBe("op_123abc");
    expect(toolName("x".repeat(100))).toHaveLength(64);
  });
});
