import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { testDatabase } from "@/test/db";
import { makeWorkspace } from "@/test/factories";
import { loadDraftConfig } from "../config/load-draft-config";
import { localModels } from "../models";
import { checkGate } from "../policy/gate";
import { Tracer } from "../pipeline/trace";
import type { TurnCtx } from "../types";
import type { WorkspaceCtx } from "@/server/services/context";
import { lookupBenchFacts } from "@/server/services/policies/lookup-bench-facts";
import { lookupFacts } from "./fact-lookup";

// A brand's return desk: a write that reads three lookups — the order, its customer (an argument taken
// from the order's answer) and each returned item's stock record (one call per item) — and a policy
// that counts, sums, checks every item and compares facts with each other, all built through the
// studio's API as a builder would.

const orders: Record<string, object> = {
  A1: {
    orderId: "A1",
    customerId: "c1",
    status: "delivered",
    deliveredAt: "2026-11-20T10:00:00Z",
    items: [
      { sku: "mug", quantity: 2, unitPrice: 12.5 },
      { sku: "lamp", quantity: 1, unitPrice: 40 },
      { sku: "rug", quantity: 1, unitPrice: 90 },
    ],
  },
};
const customers: Record<string, object> = { c1: { id: "c1", tier: "gold", refundLimit: 100 } };
const stock: Record<string, object> = { mug: { sku: "mug", returnable: true }, lamp: { sku: "lamp", returnable: true }, rug: { sku: "rug", returnable: false } };
const calls: string[] = [];
let stockDown = false;

let db: Db;
let server: Server;
let ctx: TurnCtx;
let ids: { workspaceId: string; agentId: string };
let studio: { caller: Awaited<ReturnType<typeof makeWorkspace>>["caller"]; scope: { workspace: string; agent: string }; ctx: WorkspaceCtx };

const read = (name: string, url: string, arg: string, responseSchema: object) => ({
  name,
  description: name,
  method: "GET",
  url: `{{appUrl}}${url}`,
  args: { type: "object", properties: { [arg]: { type: "string" } }, required: [arg] },
  kind: "read",
  responseSchema,
});
const returnItems = {
  name: "return_items",
  description: "Return items of an order for a refund",
  method: "POST",
  url: "{{appUrl}}/orders/{order_id}/returns",
  args: { type: "object", properties: { order_id: { type: "string" }, skus: { type: "array", items: { type: "string" } }, amount: { type: "number" } } },
  kind: "write",
  policyKey: "returns",
  factsFrom: [
    { tool: "get_order", as: "order", customerIdPath: "customerId" },
    { tool: "get_customer", as: "customer", args: { customer_id: "order.customer_id" } },
    { tool: "get_stock", as: "stock", forEach: "request.skus", args: { sku: "item" } },
  ],
};

beforeAll(async () => {
  db = (await testDatabase()).db;
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    calls.push(path);
    const [, kind, id] = path.split("/");
    const send = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (kind === "stock" && stockDown) return send(503, { error: { message: "Stock is down" } });
    const found = (kind === "orders" ? orders : kind === "customers" ? customers : stock)[id ?? ""];
    if (!found) return send(404, { error: { message: "Not found" } });
    send(200, found);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  ctx = { db, models: localModels, appUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };

  const { workspace, caller, owner } = await makeWorkspace(db);
  const agent = await caller.agents.create({ workspace: workspace.slug, name: "Return desk" });
  const scope = { workspace: workspace.slug, agent: agent.slug };
  studio = { caller, scope, ctx: { db, userId: owner.id, workspace, role: "owner" } };
  ids = { workspaceId: workspace.id, agentId: agent.id };
  const item = { type: "object", properties: { sku: { type: "string" }, quantity: { type: "integer" }, unitPrice: { type: "number" } } };
  await caller.tools.save({ ...scope, tool: read("get_order", "/orders/{order_id}", "order_id", { type: "object", properties: { orderId: { type: "string" }, customerId: { type: "string" }, status: { type: "string" }, deliveredAt: { type: "string", format: "date-time" }, items: { type: "array", items: item } } }) });
  await caller.tools.save({ ...scope, tool: read("get_customer", "/customers/{customer_id}", "customer_id", { type: "object", properties: { id: { type: "string" }, tier: { type: "string" }, refundLimit: { type: "number" } } }) });
  await caller.tools.save({ ...scope, tool: read("get_stock", "/stock/{sku}", "sku", { type: "object", properties: { sku: { type: "string" }, returnable: { type: "boolean" } } }) });
  await caller.policies.create({ ...scope, key: "returns", name: "Returns" });
  await caller.tools.save({ ...scope, tool: returnItems });
  await caller.policies.save({
    ...scope,
    key: "returns",
    name: "Returns",
    facts: [{ name: "returned_value", expr: "sum(order.items.filter(i, i.sku in request.skus).map(i, i.unit_price * i.quantity))", description: "What the returned lines cost" }],
    rules: [
      { id: "not-theirs", when: { expr: "!order.exists || !order.belongs_to_authenticated_user" }, decision: "deny", reason: "I can only return your own orders." },
      { id: "too-many", when: { expr: "size(request.skus) > 2" }, decision: "deny", reason: "At most two items per return." },
      { id: "not-in-order", when: { expr: "!request.skus.all(s, order.items.exists(i, i.sku == s))" }, decision: "deny", reason: "Those items are not in the order." },
      { id: "not-returnable", when: { expr: "!stock.all(s, s.exists && s.returnable)" }, decision: "deny", reason: "One of those items cannot be returned." },
      { id: "over-value", when: { expr: "request.amount > returned_value" }, decision: "deny", reason: "That is more than the items cost." },
      { id: "over-limit", when: { expr: "request.amount > customer.refund_limit" }, decision: "escalate", reason: "A person approves refunds over your limit." },
      { id: "late", when: { expr: "now - order.delivered_at > duration('720h')" }, decision: "deny", reason: "Returns close 30 days after delivery." },
      { id: "ok", when: { expr: "order.status == 'delivered'" }, decision: "allow", reason: "Returned." },
    ],
    defaultDecision: { decision: "deny", reason: "No." },
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function decide(args: Record<string, unknown>, opts: { customer?: string; now?: string } = { customer: "c1" }) {
  const config = await loadDraftConfig(db, ids);
  const trace = new Tracer();
  const session = { authenticatedUserId: opts.customer, confirmed: true };
  const run = { ctx, config, session, trace } as unknown as Parameters<typeof lookupFacts>[0];
  const lookedUp = await lookupFacts(run, config.tools.return_items!, args);
  const decision = await checkGate({ tool: "return_items", args, session, policies: { return_items: config.policies.returns! }, ownWrite: true, lookedUp, now: new Date(opts.now ?? "2026-12-01T10:00:00Z") });
  return { lookedUp, decision, trace: trace.events };
}

describe("a write with several lookups", () => {
  it("chains lookups, runs one per item, and the policy decides on all their fields", async () => {
    calls.length = 0;
    const { lookedUp, decision, trace } = await decide({ order_id: "A1", skus: ["mug", "lamp"], amount: 65 });
    expect(calls.sort()).toEqual(["/customers/c1", "/orders/A1", "/stock/lamp", "/stock/mug"]);
    expect(lookedUp).toMatchObject({
      facts: {
        "order.exists": true,
        "order.belongs_to_authenticated_user": true,
        "order.items": [{ sku: "mug", quantity: 2, unit_price: 12.5 }, { sku: "lamp", quantity: 1, unit_price: 40 }, { sku: "rug", quantity: 1, unit_price: 90 }],
        "customer.refund_limit": 100,
        stock: [{ sku: "mug", returnable: true, exists: true }, { sku: "lamp", returnable: true, exists: true }],
      },
    });
    expect(decision).toMatchObject({ decision: "allow", ruleId: "ok", computed: { returned_value: 65 } });
    // Each call is a tool step of the trace.
    expect(trace.filter((e) => e.type === "tool").map((e) => e.name)).toEqual(["get_order", "get_customer", "get_stock", "get_stock"]);
  });

  it("each rule decides for its own reason", async () => {
    const ruleFor = async (args: Record<string, unknown>, opts?: { customer?: string; now?: string }) => (await decide(args, opts ?? { customer: "c1" })).decision.ruleId;
    expect(await ruleFor({ order_id: "A1", skus: ["mug"], amount: 10 }, { customer: "c2" })).toBe("not-theirs");
    expect(await ruleFor({ order_id: "Z9", skus: ["mug"], amount: 10 })).toBe("not-theirs");
    expect(await ruleFor({ order_id: "A1", skus: ["mug", "lamp", "mug"], amount: 10 })).toBe("too-many");
    expect(await ruleFor({ order_id: "A1", skus: ["mug", "sofa"], amount: 10 })).toBe("not-in-order");
    expect(await ruleFor({ order_id: "A1", skus: ["rug"], amount: 10 })).toBe("not-returnable");
    expect(await ruleFor({ order_id: "A1", skus: ["mug", "lamp"], amount: 65.01 })).toBe("over-value");
    expect(await ruleFor({ order_id: "A1", skus: ["mug"], amount: 25 })).toBe("ok");
    // 30 days after delivery to the hour: 2026-12-20T10:00Z is the last moment.
    expect(await ruleFor({ order_id: "A1", skus: ["mug"], amount: 25 }, { customer: "c1", now: "2026-12-20T10:00:00Z" })).toBe("ok");
    expect(await ruleFor({ order_id: "A1", skus: ["mug"], amount: 25 }, { customer: "c1", now: "2026-12-20T10:00:01Z" })).toBe("late");
  });

  it("denies when a lookup fails, when an item's lookup fails, or when a source has no value", async () => {
    stockDown = true;
    try {
      const down = await decide({ order_id: "A1", skus: ["mug"], amount: 10 });
      expect(down.lookedUp).toEqual({ unavailable: "get_stock failed: Stock is down" });
      expect(down.decision).toMatchObject({ decision: "deny", ruleId: "facts-unavailable" });
    } finally {
      stockDown = false;
    }
    // A source with no value: the write has no order id to look the order up by.
    const noOrder = await decide({ skus: ["mug"], amount: 10 });
    expect(noOrder.lookedUp).toEqual({ unavailable: "get_order needs order_id, and request.order_id has no value" });
    expect(noOrder.decision).toMatchObject({ decision: "deny", ruleId: "facts-unavailable" });
  });

  it("an order that is not found has no customer either: the lookup by its customer id is skipped", async () => {
    calls.length = 0;
    const { lookedUp, trace } = await decide({ order_id: "Z9", skus: ["mug"], amount: 10 });
    expect(lookedUp).toMatchObject({ facts: { "order.exists": false, "customer.exists": false } });
    expect(calls.sort()).toEqual(["/orders/Z9", "/stock/mug"]);
    expect(trace.find((e) => e.name === "get_customer")).toMatchObject({ decision: "skipped", output: { skipped: "order was not found" } });
  });

  it("offers the lookups' fields, typed from the read tools' response schemas, to the rule builder", async () => {
    const facts = await studio.caller.policies.facts(studio.scope);
    const byName = Object.fromEntries(facts.map((f) => [f.name, f]));
    expect(byName["order.delivered_at"]).toMatchObject({ type: "date" });
    expect(byName["customer.refund_limit"]).toMatchObject({ type: "number" });
    expect(byName["order.items"]).toMatchObject({ type: "object[]", fields: [{ name: "sku", type: "string" }, { name: "quantity", type: "number" }, { name: "unit_price", type: "number" }] });
    expect(byName.stock).toMatchObject({ type: "object[]", fields: [{ name: "sku", type: "string" }, { name: "returnable", type: "boolean" }, { name: "exists", type: "boolean" }] });
    // The types are checked on save: a field the answer does not have, at its place.
    await expect(
      studio.caller.policies.save({ ...studio.scope, key: "returns", name: "Returns", rules: [{ id: "x", when: { expr: "stock.all(s, s.colour == 'red')" }, decision: "deny", reason: "x" }], defaultDecision: { decision: "deny", reason: "No." } }),
    ).rejects.toThrow(/colour/);
  });

  it("refuses lookups that cannot run as saved, naming the lookup, and saves nothing", async () => {
    const save = (factsFrom: object[]) => studio.caller.tools.save({ ...studio.scope, name: "return_items", tool: { ...returnItems, factsFrom } });
    const [order, customer, perItem] = returnItems.factsFrom;
    await expect(save([customer!, order!])).rejects.toThrow("Lookup 1 (customer): order.customer_id: order is looked up after this one: move it above");
    await expect(save([order!, { ...customer!, args: { customer_id: "request.customer" } }])).rejects.toThrow("Lookup 2 (customer): request.customer: return_items has no argument customer");
    await expect(save([order!, { ...perItem!, forEach: undefined }])).rejects.toThrow("Lookup 2 (stock): item: only a lookup for each item of a list reads item");
    await expect(save([order!, { tool: "get_customer", as: "customer" }])).rejects.toThrow("Lookup 2 (customer): get_customer needs customer_id: say where it comes from (e.g. request.customer_id)");
    await expect(save([order!, { ...customer!, args: { id: "order.customer_id" } }])).rejects.toThrow("Lookup 2 (customer): get_customer has no argument id");
    await expect(save([order!, { ...order!, tool: "get_customer" }])).rejects.toThrow("Each lookup names its facts differently");
    await expect(save([{ ...order!, as: "item" }])).rejects.toThrow("the gate's own names");
    const [saved] = (await studio.caller.tools.list(studio.scope)).filter((t) => t.name === "return_items");
    expect(saved!.definition.factsFrom).toEqual(returnItems.factsFrom);
    // A read tool a lookup uses stays as it is while a write needs it, whichever lookup it is.
    await expect(studio.caller.tools.delete({ ...studio.scope, name: "get_stock" })).rejects.toThrow("return_items takes its facts from get_stock");
  });

  it("the test bench loads the facts by running the lookups against the backend, and writes nothing", async () => {
    calls.length = 0;
    const bench = (input: Partial<Parameters<typeof lookupBenchFacts>[1]>) => lookupBenchFacts({ ...studio.ctx, appUrl: ctx.appUrl }, { agent: studio.scope.agent, tool: "return_items", args: { order_id: "A1", skus: ["rug"], amount: 10 }, ...input });
    const loaded = await bench({ customerId: "c1" });
    expect(loaded.unavailable).toBeNull();
    expect(loaded.facts).toMatchObject({ "request.amount": 10, "order.belongs_to_authenticated_user": true, "customer.tier": "gold", stock: [{ sku: "rug", returnable: false, exists: true }] });
    expect(loaded.lookups.map((l) => [l.tool, l.outcome])).toEqual([["get_order", "facts"], ["get_customer", "facts"], ["get_stock", "facts"]]);
    expect(calls.every((c) => !c.includes("/returns"))).toBe(true);
    // The bench's facts decide as the gate does.
    const policy = (await studio.caller.policies.get({ ...studio.scope, key: "returns" })).definition;
    const decided = await studio.caller.policies.evaluate({ ...studio.scope, policy, facts: loaded.facts as never, now: "2026-12-01T10:00:00Z" });
    expect(decided).toMatchObject({ decision: "deny", ruleId: "not-returnable" });
    await expect(bench({ tool: "get_order" })).rejects.toThrow("get_order is not one of this agent's own write tools");
    stockDown = true;
    try {
      expect((await bench({})).unavailable).toBe("get_stock failed: Stock is down");
    } finally {
      stockDown = false;
    }
  });
});
