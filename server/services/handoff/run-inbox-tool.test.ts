import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { afterAll, expect, test } from "vitest";
import { auditLogs, toolExecutions } from "@/db/schema";
import { createConversation } from "@/server/agent/create-conversation";
import { localModels } from "@/server/agent/models";
import { runTurn } from "@/server/agent/run-turn";
import { runInboxTool } from "@/server/services/handoff/run-inbox-tool";
import type { WorkspaceCtx } from "@/server/services/context";
import { testDatabase } from "@/test/db";
import { addMember } from "@/test/factories";
import { createRefundDesk } from "@/test/refund-desk";

const { db } = await testDatabase();

// The brand's backend: counts the refunds it is asked for.
const refunds: unknown[] = [];
const backend = createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    refunds.push(JSON.parse(body || "{}"));
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ refund_id: `r${refunds.length}`, status: "refunded" }));
  });
});
await new Promise<void>((resolve) => backend.listen(0, "127.0.0.1", resolve));
const appUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
afterAll(() => new Promise((resolve) => backend.close(resolve)));

/** An agent with a refund tool bound to a policy that allows up to $100, and a conversation a person holds. */
async function heldConversation() {
  const { owner, workspace, caller, agent } = await createRefundDesk(db, { toolTimeoutMs: 5000 });
  const { id } = await createConversation({ db }, { workspaceId: workspace.id, agentId: agent.id, channel: "api" });
  await runTurn({ db, models: localModels, appUrl }, { conversationId: id, text: "I want to talk to a human" });
  const ana = await addMember(db, workspace.id, "agent");
  await ana.caller.inbox.claim({ workspace: workspace.slug, conversationId: id });
  const as = (userId: string, role: WorkspaceCtx["role"]) => ({ db, userId, workspace, role, appUrl });
  return { id, workspace, owner, caller, ana, as };
}

test("a person's refund goes through the gate and the ledger: allowed once, a retry replays, over the limit is denied and never sent", async () => {
  const t = await heldConversation();
  const before = refunds.length;
  const ana = t.as(t.ana.user.id, "agent");
  const ok = await runInboxTool(ana, { conversationId: t.id, tool: "issue_refund", args: { amount: 50 } });
  expect(ok).toMatchObject({ status: "ok", replayed: false, result: { status: "refunded" }, overridden: false });
  const again = await runInboxTool(ana, { conversationId: t.id, tool: "issue_refund", args: { amount: 50 } });
  expect(again).toMatchObject({ status: "ok", replayed: true });
  expect(refunds.length - before).toBe(1);

  const denied = await runInboxTool(ana, { conversationId: t.id, tool: "issue_refund", args: { amount: 500 } });
  expect(denied).toMatchObject({ status: "denied", decision: { decision: "deny", reason: "I can't refund that." } });
  expect(refunds.length - before).toBe(1);
  const rows = await db.select().from(toolExecutions).where(eq(toolExecutions.conversationId, t.id));
  expect(rows.map((r) => r.status).sort()).toEqual(["blocked", "succeeded"]);
  const audits = await db.select().from(auditLogs).where(and(eq(auditLogs.targetId, t.id), eq(auditLogs.action, "conversation.run_tool")));
  expect(audits).toHaveLength(3);
});

test("only an admin overrides a denial, with a reason that is audited; the override still runs through the ledger", async () => {
  const t = await heldConversation();
  const before = refunds.length;
  const override = { reason: "Goodwill: the parcel was lost twice" };
  await expect(runInboxTool(t.as(t.ana.user.id, "agent"), { conversationId: t.id, tool: "issue_refund", args: { amount: 500 }, override })).rejects.toMatchObject({ code: "forbidden" });
  // The admin takes the conversation over, then overrides.
  await t.caller.inbox.assign({ workspace: t.workspace.slug, conversationId: t.id, userId: t.owner.id });
  const done = await runInboxTool(t.as(t.owner.id, "owner"), { conversationId: t.id, tool: "issue_refund", args: { amount: 500 }, override });
  expect(done).toMatchObject({ status: "ok", overridden: true });
  expect(refunds.slice(before)).toEqual([{ amount: 500 }]);
  const [audit] = await db.select().from(auditLogs).where(and(eq(auditLogs.targetId, t.id), eq(auditLogs.action, "conversation.override_gate")));
  expect(audit).toMatchObject({ actorId: t.owner.id, after: { tool: "issue_refund", reason: override.reason, status: "ok" } });
  const [execution] = await db.select().from(toolExecutions).where(and(eq(toolExecutions.conversationId, t.id), eq(toolExecutions.status, "succeeded")));
  expect(execution!.decision).toMatchObject({ decision: "allow", ruleId: "override" });
});

test("a person who does not hold the conversation cannot act in it; an unknown tool is a clear error", async () => {
  const t = await heldConversation();
  const ben = await addMember(db, t.workspace.id, "agent");
  await expect(runInboxTool(t.as(ben.user.id, "agent"), { conversationId: t.id, tool: "issue_refund", args: { amount: 5 } })).rejects.toMatchObject({ code: "forbidden" });
  await expect(runInboxTool(t.as(t.ana.user.id, "agent"), { conversationId: t.id, tool: "wire_money", args: {} })).rejects.toMatchObject({ code: "invalid", message: expect.stringMatching(/no tool called "wire_money": pick one of issue_refund/) });
  await expect(ben.caller.inbox.runTool({ workspace: t.workspace.slug, conversationId: t.id, tool: "issue_refund", args: { amount: 5 } })).rejects.toMatchObject({ code: "FORBIDDEN" });
});
