import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { checkGate } from "@/server/agent/policy/gate";
import { testDatabase } from "@/test/db";
import { makeWorkspace } from "@/test/factories";
import { JourneyBuilder } from "./demo/journey-builder";
import { createConversation } from "./create-conversation";
import { localModels } from "./models";
import { Tracer } from "./pipeline/trace";
import { runTurn } from "./run-turn";
import { lookupFacts } from "./tools/fact-lookup";
import type { TurnCtx } from "./types";

// A brand's own write tool (not the demo store's): built in the studio like any other, gated by a policy
// over the session and the request's arguments, and called only when that policy allows it.

let db: Db;
let server: Server;
let ctx: TurnCtx;
let open: () => Promise<string>;
let studio: { caller: Awaited<ReturnType<typeof makeWorkspace>>["caller"]; scope: { workspace: string; agent: string } };
const refunds: unknown[] = [];

const refundPolicy = {
  key: "refunds",
  name: "Refunds",
  rules: [
    { id: "large", description: "Large refunds go to a person", when: { fact: "request.amount", op: "gt" as const, value: 100 }, decision: "escalate" as const, reason: "Refunds over $100 are approved by a person." },
    { id: "confirm-first", description: "Ask first", when: { fact: "session.confirmed", op: "neq" as const, value: true }, decision: "require_confirmation" as const, reason: "Shall I go ahead?" },
    { id: "allow", description: "Small refunds", when: { fact: "request.amount", op: "lte" as const, value: 100 }, decision: "allow" as const, reason: "Refunds up to $100 are fine." },
  ],
  defaultDecision: { decision: "deny" as const, reason: "I can't refund that." },
};

beforeAll(async () => {
  db = (await testDatabase()).db;
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (part: Buffer) => (body += part.toString()));
    req.on("end", () => {
      const refund = JSON.parse(body) as { amount: number };
      refunds.push(refund);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ refund_id: `R${refunds.length}`, amount: refund.amount }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const { workspace, caller } = await makeWorkspace(db);
  const agent = await caller.agents.create({ workspace: workspace.slug, name: "Refund desk" });
  const scope = { workspace: workspace.slug, agent: agent.slug };
  await caller.policies.create({ ...scope, key: refundPolicy.key, name: refundPolicy.name });
  await caller.policies.save({ ...scope, ...refundPolicy });
  await caller.tools.save({
    ...scope,
    tool: {
      name: "issue_refund",
      description: "Refund the customer",
      method: "POST",
      url: "{{appUrl}}/refunds",
      args: { type: "object", properties: { amount: { type: "number", description: "Dollars to refund" }, refundReason: { type: "string" } } },
      kind: "write",
      policyKey: "refunds",
    },
  });
  studio = { caller, scope };
  const graph = new JourneyBuilder({ description: "The customer wants money back", examples: ["I want a refund", "refund me please"] })
    .add({ id: "amount", type: "collect", label: "Ask amount", slot: { name: "amount", type: "number", prompt: "How much should I refund?", retries: 2 } })
    .add({ id: "refund", type: "tool_call", label: "Refund", tool: "issue_refund", args: { amount: "{{slots.amount}}" }, resultAs: "refund" })
    .add({ id: "done", type: "end", label: "Refunded", outcome: "resolved", message: "Done: refund {{result.refund.refund_id}} for ${{result.refund.amount}}." })
    .chain("start", "amount", "refund")
    .link("refund", "done", "success")
    .build();
  await caller.journeys.create({ ...scope, name: "Refund", graph });

  ctx = { db, models: localModels, appUrl, allowHosts: [] };
  open = async () => (await createConversation(ctx, { workspaceId: workspace.id, agentId: agent.id, channel: "playground" })).id;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("a brand's own write tool", () => {
  it("runs after the customer confirms, when its policy allows the amount", async () => {
    const id = await open();
    await runTurn(ctx, { conversationId: id, text: "I want a refund" });
    const asked = await runTurn(ctx, { conversationId: id, text: "40" });
    expect(asked.reply).toContain("Shall I go ahead?");
    expect(refunds).toEqual([]);
    const done = await runTurn(ctx, { conversationId: id, text: "yes" });
    expect(refunds).toEqual([{ amount: 40 }]);
    expect(done.reply).toContain("Done: refund R1 for $40.");
    expect(done.status).toBe("resolved");
  });

  it("hands a refund over the limit to a person without calling the backend", async () => {
    const id = await open();
    await runTurn(ctx, { conversationId: id, text: "refund me please" });
    const result = await runTurn(ctx, { conversationId: id, text: "250" });
    expect(result.status).toBe("escalated");
    // The customer hears the rule's customer-facing reason, then that a person takes over.
    expect(result.reply).toMatch(/^Refunds over \$100 are approved by a person\.[\s\S]*member of our team/);
    expect(result.trace.find((e) => e.type === "policy")).toMatchObject({ decision: "escalate", output: { ruleId: "large" } });
    expect(refunds).toHaveLength(1);
  });

  it("the rule builder offers the tool's arguments as facts", async () => {
    const facts = await studio.caller.policies.facts(studio.scope);
    expect(facts).toEqual(
      expect.arrayContaining([
        { name: "request.amount", type: "number", description: "issue_refund: Dollars to refund", derived: true },
        { name: "request.refund_reason", type: "string", description: "issue_refund: the refundReason argument", derived: true },
        expect.objectContaining({ name: "session.authenticated_user_id" }),
      ]),
    );
    // Without the demo store's tools, none of its facts are offered.
    expect(facts.map((f) => f.name)).not.toContain("order.status");
    expect(facts.map((f) => f.name)).not.toContain("request.gift_card_balance_sufficient");
  });

  it("the gate decides on the request's arguments (camelCase names as snake_case facts) and fails closed", async () => {
    const gate = (args: unknown, opts: { confirmed?: boolean; ownWrite?: boolean; policy?: boolean } = {}) =>
      checkGate({
          tool: "issue_refund",
          args,
          session: { authenticatedUserId: "u1", confirmed: opts.confirmed ?? true },
          policies: opts.policy === false ? {} : { issue_refund: { ...refundPolicy, version: 1, description: undefined } },
          ownWrite: opts.ownWrite ?? true,
        },
      );
    expect(await gate({ amount: 99.5 })).toMatchObject({ decision: "allow", ruleId: "allow" });
    expect(await gate({ amount: 99.5 }, { confirmed: false })).toMatchObject({ decision: "require_confirmation", ruleId: "confirm-first" });
    expect(await gate({ amount: 101 })).toMatchObject({ decision: "escalate", ruleId: "large" });
    expect(await gate({ reason: "late" })).toMatchObject({ decision: "deny", ruleId: "default" });
    expect(await gate({ amount: 10 }, { policy: false })).toMatchObject({ decision: "deny", ruleId: "no-policy" });
    expect(await gate({ amount: 10 }, { ownWrite: false })).toMatchObject({ decision: "deny", ruleId: "unknown-tool" });
    const nested = await checkGate({
        tool: "issue_refund",
        args: { refundAmount: 5, order: { totalPaid: 20 } },
        session: {},
        policies: { issue_refund: { key: "nested", name: "Nested", version: 1, rules: [{ id: "within-paid", description: "Within what was paid", when: { all: [{ fact: "request.refund_amount", op: "lte", value: 10 }, { fact: "request.order.total_paid", op: "gte", value: 20 }] }, decision: "allow", reason: "Within what was paid." }], defaultDecision: { decision: "deny", reason: "No." } } },
        ownWrite: true,
      },
    );
    expect(nested).toMatchObject({ decision: "allow", ruleId: "within-paid" });
  });
});

describe("a write that takes its facts from a read tool of the brand", () => {
  const orders: Record<string, { order_id: string; status: string; customer_id: string }> = {
    "#W1000001": { order_id: "#W1000001", status: "pending", customer_id: "c1" },
    "#W1000002": { order_id: "#W1000002", status: "delivered", customer_id: "c1" },
  };
  const cancelled: string[] = [];
  let orderServer: Server;
  let orderCtx: TurnCtx;
  let openOrder: () => Promise<string>;
  let tools: Awaited<ReturnType<typeof studio.caller.tools.list>>;

  beforeAll(async () => {
    orderServer = createServer((req, res) => {
      const [, , id, action] = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname).split("/");
      const send = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      if (id === "#W1000005") return send(500, { error: { code: "down", message: "Orders are down" } });
      const order = orders[id ?? ""];
      if (!order) return send(404, { error: { code: "not_found", message: "No such order" } });
      if (req.method === "POST" && action === "cancel") cancelled.push(order.order_id);
      send(200, order);
    });
    await new Promise<void>((resolve) => orderServer.listen(0, "127.0.0.1", resolve));
    const { workspace, caller } = await makeWorkspace(db);
    const agent = await caller.agents.create({ workspace: workspace.slug, name: "Order desk" });
    const scope = { workspace: workspace.slug, agent: agent.slug };
    const rule = (id: string, when: object, decision: string, reason: string) => ({ id, description: id, when, decision, reason });
    await caller.policies.create({ ...scope, key: "cancellations", name: "Cancellations" });
    await caller.policies.save({
      ...scope,
      key: "cancellations",
      name: "Cancellations",
      rules: [
        rule("missing", { fact: "order.exists", op: "neq", value: true }, "deny", "I couldn't find that order."),
        rule("not-pending", { fact: "order.status", op: "neq", value: "pending" }, "deny", "Only pending orders can be cancelled."),
        rule("confirm-first", { fact: "session.confirmed", op: "neq", value: true }, "require_confirmation", "Shall I cancel it?"),
        rule("allow", { fact: "order.status", op: "eq", value: "pending" }, "allow", "Pending orders can be cancelled."),
      ] as never,
      defaultDecision: { decision: "deny", reason: "No." },
    });
    const base = { method: "GET", kind: "read", args: { type: "object", properties: { order_id: { type: "string" } } } };
    const cancel = { name: "cancel_order", description: "Cancel an order", method: "POST", url: "{{appUrl}}/orders/{order_id}/cancel", kind: "write", policyKey: "cancellations", factsFrom: { tool: "get_order", as: "order", customerIdPath: "customer_id" } };
    await expect(caller.tools.save({ ...scope, tool: cancel })).rejects.toThrow("Facts come from a read tool of this agent, and get_order is not one");
    await caller.tools.save({ ...scope, tool: { ...base, name: "get_order", description: "An order", url: "{{appUrl}}/orders/{order_id}" } });
    await caller.tools.save({ ...scope, tool: cancel });
    // The read tool a write takes facts from stays a read tool under its name while the write needs it.
    const getOrder = (await caller.tools.list(scope)).find((t) => t.name === "get_order")!;
    await expect(caller.tools.delete({ ...scope, name: "get_order" })).rejects.toThrow("cancel_order takes its facts from get_order: change that before you delete it");
    await expect(caller.tools.save({ ...scope, name: "get_order", tool: { ...getOrder.definition, name: "fetch_order" } })).rejects.toThrow("before you rename it");
    await expect(caller.tools.save({ ...scope, name: "get_order", tool: { ...getOrder.definition, kind: "write" } })).rejects.toThrow("before you make a write of it");
    const graph = new JourneyBuilder({ description: "The customer wants to cancel an order", examples: ["cancel my order", "please cancel order #W1000001"] })
      .add({ id: "order", type: "collect", label: "Ask order", slot: { name: "order_id", type: "order_id", prompt: "Which order?", retries: 2 } })
      .add({ id: "cancel", type: "tool_call", label: "Cancel", tool: "cancel_order", args: { order_id: "{{slots.order_id}}" } })
      .add({ id: "done", type: "end", label: "Cancelled", outcome: "resolved", message: "Cancelled {{slots.order_id}}." })
      .chain("start", "order", "cancel")
      .link("cancel", "done", "success")
      .build();
    await caller.journeys.create({ ...scope, name: "Cancel", graph });
    orderCtx = { db, models: localModels, appUrl: `http://127.0.0.1:${(orderServer.address() as AddressInfo).port}` };
    openOrder = async () => (await createConversation(orderCtx, { workspaceId: workspace.id, agentId: agent.id, channel: "playground" })).id;
    tools = await caller.tools.list(scope);
    expect(await caller.policies.facts(scope)).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: "order.exists", type: "boolean" }), expect.objectContaining({ name: "order.belongs_to_authenticated_user", type: "boolean" })]),
    );
  });
  afterAll(() => new Promise<void>((resolve) => orderServer.close(() => resolve())));

  const ask = async (text: string) => runTurn(orderCtx, { conversationId: await openOrder(), text });

  it("cancels a pending order after the customer confirms: the policy read the order's status", async () => {
    const id = await openOrder();
    const asked = await runTurn(orderCtx, { conversationId: id, text: "please cancel order #W1000001" });
    expect(asked.reply).toContain("Shall I cancel it?");
    expect(asked.trace.find((e) => e.type === "tool" && e.name === "get_order")).toMatchObject({ decision: "facts", output: { status: "pending" } });
    expect(cancelled).toEqual([]);
    const done = await runTurn(orderCtx, { conversationId: id, text: "yes" });
    expect(done.reply).toContain("Cancelled #W1000001.");
    expect(cancelled).toEqual(["#W1000001"]);
  });

  it("refuses a delivered order, an unknown one, and any order while the lookup fails, without calling the write", async () => {
    expect((await ask("please cancel order #W1000002")).reply).toContain("Only pending orders can be cancelled.");
    expect((await ask("please cancel order #W1000009")).reply).toContain("I couldn't find that order.");
    const down = await ask("please cancel order #W1000005");
    expect(down.trace.find((e) => e.type === "policy")).toMatchObject({ decision: "deny", output: { ruleId: "facts-unavailable" } });
    expect(cancelled).toEqual(["#W1000001"]);
  });

  it("says whether the order is the verified customer's", async () => {
    const byName = Object.fromEntries(tools.map((t) => [t.name, t.definition]));
    const run = (authenticatedUserId?: string) =>
      lookupFacts({ ctx: orderCtx, config: { tools: byName }, session: { authenticatedUserId }, trace: new Tracer() } as unknown as Parameters<typeof lookupFacts>[0], byName.cancel_order!, { order_id: "#W1000002", reason: "not needed" });
    expect(await run("c1")).toEqual({ facts: { "order.exists": true, "order.order_id": "#W1000002", "order.status": "delivered", "order.customer_id": "c1", "order.belongs_to_authenticated_user": true } });
    expect(await run("c2")).toMatchObject({ facts: { "order.belongs_to_authenticated_user": false } });
    expect(await run(undefined)).not.toHaveProperty("facts.order\\.belongs_to_authenticated_user");
  });
});
