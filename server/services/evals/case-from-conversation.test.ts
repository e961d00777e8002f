import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { memberships, messageCorrections, messages } from "@/db/schema";
import { loadRetailDb } from "@/db/seed/store";
import { loadDraftConfig } from "@/server/agent/config/load-draft-config";
import { retailFixture } from "@/server/agent/testing/retail-fixture";
import type { WorkspaceCtx } from "@/server/services/context";
import { makeWorkspace } from "@/test/factories";
import { testDatabase } from "@/test/db";
import { caseFromConversation } from "./case-from-conversation";
import { runCase } from "./run-case";

let db: Db;
let fx: Awaited<ReturnType<typeof retailFixture>>;
let ctx: WorkspaceCtx;
let conversationId: string;

beforeAll(async () => {
  db = (await testDatabase()).db;
  fx = await retailFixture(db, { template: "tpl-evals-transcript" });
  const [member] = await db.select().from(memberships).where(eq(memberships.workspaceId, fx.workspace.id));
  ctx = { db, userId: member!.userId, workspace: fx.workspace, role: "owner" };
  const data = await loadRetailDb();
  // A cancellation the gate refuses (the order was delivered). The demo store's gate reads the store's own
  // records, not the tools' answers, so a replay is faithful while those records stay as they were.
  const user = Object.values(data.users).find((u) => u.orders.some((id) => data.orders[id]!.status === "delivered"))!;
  const order = user.orders.map((id) => data.orders[id]!).find((o) => o.status === "delivered")!;
  conversationId = await fx.open();
  for (const text of ["I want to cancel my order", user.email, order.order_id, "I ordered it by mistake"]) await fx.send(conversationId, text);
});
afterAll(() => fx?.store.close());

const replay = async (definition: Awaited<ReturnType<typeof caseFromConversation>>["definition"]) => {
  const config = await loadDraftConfig(db, { workspaceId: fx.workspace.id, agentId: fx.agent.id });
  const before = fx.store.requests.length;
  const outcome = await runCase(db, { workspaceId: fx.workspace.id, agentId: fx.agent.id, config, definition, ctx: fx.ctx });
  return { outcome, requests: fx.store.requests.length - before };
};

describe("make this a test", () => {
  it("turns a conversation into a case that replays to the same result, from mocks alone", async () => {
    const made = await caseFromConversation(ctx, { conversationId });
    expect(made.agentId).toBe(fx.agent.id);
    expect(made.definition.customer).toMatchObject({ kind: "script", turns: expect.arrayContaining(["I want to cancel my order", "I ordered it by mistake"]) });
    expect(made.definition.tools).toBe("mock");
    const kinds = made.definition.expectations.map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(["journey", "decision", "writes", "outcome"]));
    expect(made.definition.expectations).toContainEqual({ kind: "writes", count: 0 });
    expect(made.definition.expectations).toContainEqual({ kind: "decision", tool: "cancel_pending_order", decision: "deny", rule: "order-pending" });

    const { outcome, requests } = await replay(made.definition);
    expect(outcome.expectations.filter((e) => !e.passed)).toEqual([]);
    expect(outcome.passed).toBe(true);
    expect(requests).toBe(0);
  });

  it("takes a reviewer's correction as the expectation instead of what the agent did", async () => {
    const rows = await db.select().from(messages).where(eq(messages.conversationId, conversationId));
    const lastAgent = rows.filter((m) => m.role === "agent").sort((a, b) => b.turn - a.turn)[0]!;
    await db.insert(messageCorrections).values({ workspaceId: fx.workspace.id, conversationId, messageId: lastAgent.id, authorName: "Rita", text: "Tell them when the refund arrives", expectedDecision: "allow" });
    const made = await caseFromConversation(ctx, { conversationId });
    expect(made.definition.expectations).toContainEqual({ kind: "reply_contains", text: "Tell them when the refund arrives", turn: 4 });
    expect(made.definition.expectations).toContainEqual({ kind: "decision", tool: "cancel_pending_order", decision: "allow" });
    expect(made.definition.expectations.some((e) => e.kind === "decision" && e.decision !== "allow")).toBe(false);
    // The agent did otherwise, so the case made from the correction fails until the agent is fixed.
    const { outcome } = await replay(made.definition);
    expect(outcome.passed).toBe(false);
  });

  it("is another workspace's conversation: not found", async () => {
    const other = await makeWorkspace(db);
    const [member] = await db.select().from(memberships).where(eq(memberships.workspaceId, other.workspace.id));
    await expect(caseFromConversation({ db, userId: member!.userId, workspace: other.workspace, role: "owner" }, { conversationId })).rejects.toMatchObject({ code: "not_found" });
  });
});
