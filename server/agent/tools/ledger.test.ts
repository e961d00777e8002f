import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { toolExecutions } from "@/db/schema";
import { loadRetailDb, seedStore } from "@/db/seed/store";
import { checkOnDemoStore } from "@/server/agent/demo/check-on-store";
import { retailPolicies } from "@/server/agent/policy/retail-policies";
import { runStoreTool } from "@/server/services/store/run-store-tool";
import type { StoreOrder, StoreUser } from "@/server/services/store/types";
import { testDatabase } from "@/test/db";
import { makeWorkspace, uniq } from "@/test/factories";
import { executeWithLedger, MAX_ATTEMPTS } from "./ledger";

describe("tool ledger", () => {
  let db: Db;
  let workspaceId: string;
  const storeId = `ledger-${uniq()}`;
  let pendingGiftCardOrders: StoreOrder[];

  beforeAll(async () => {
    db = (await testDatabase()).db;
    workspaceId = (await makeWorkspace(db)).workspace.id;
    await seedStore(db, storeId);
    const data = await loadRetailDb();
    // Pending orders paid by gift card: cancelling credits the card, so a double refund would show.
    pendingGiftCardOrders = Object.values(data.orders).filter(
      (o) => o.status === "pending" && o.payment_history.length === 1 && o.payment_history[0]!.payment_method_id.startsWith("gift_card"),
    ) as unknown as StoreOrder[];
  });

  const ctxStore = () => ({ db, storeId });
  const giftCardBalance = async (o: StoreOrder) => {
    const user = (await runStoreTool(ctxStore(), "get_user_details", { user_id: o.user_id })) as StoreUser;
    return user.payment_methods[o.payment_history[0]!.payment_method_id]!.balance!;
  };
  const rows = (key: string) => db.select().from(toolExecutions).where(and(eq(toolExecutions.workspaceId, workspaceId), eq(toolExecutions.idempotencyKey, key)));

  it("runs the same write sent twice concurrently once", async () => {
    const order = pendingGiftCardOrders[0]!;
    const args = { order_id: order.order_id, reason: "no longer needed" };
    const decision = await checkOnDemoStore(ctxStore(), { tool: "cancel_pending_order", args, session: { authenticatedUserId: order.user_id, confirmed: true }, policies: retailPolicies });
    expect(decision.decision).toBe("allow");
    const before = await giftCardBalance(order);
    let executions = 0;
    const key = `cancel-${order.order_id}-${uniq()}`;
    const send = () =>
      executeWithLedger({ db, workspaceId }, { tool: "cancel_pending_order", args, idempotencyKey: key, leaseMs: 10_000, decision }, async () => {
        executions++;
        // Still running when the duplicate arrives, so the duplicate has to wait for it.
        await new Promise((r) => setTimeout(r, 100));
        return runStoreTool(ctxStore(), "cancel_pending_order", args);
      });

    const outcomes = await Promise.all([send(), send(), send()]);
    expect(executions).toBe(1);
    expect(outcomes.map((o) => o.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
    expect(outcomes.filter((o) => o.replayed)).toHaveLength(2);
    expect(new Set(outcomes.map((o) => o.executionId)).size).toBe(1);
    const results = outcomes.map((o) => (o.status === "succeeded" ? (o.result as StoreOrder) : undefined));
    for (const r of results) expect(r).toMatchObject({ status: "cancelled", order_id: order.order_id });

    const stored = (await runStoreTool(ctxStore(), "get_order_details", { order_id: order.order_id })) as StoreOrder;
    expect(stored.payment_history.filter((p) => p.transaction_type === "refund")).toHaveLength(1);
    const amount = order.payment_history[0]!.amount;
    expect(await giftCardBalance(order)).toBeCloseTo(before + amount, 2);

    const [row, ...more] = await rows(key);
    expect(more).toHaveLength(0);
    expect(row).toMatchObject({ status: "succeeded", tool: "cancel_pending_order", error: null });
    expect(row!.durationMs).toBeGreaterThanOrEqual(90);
    expect(row!.completedAt).toBeInstanceOf(Date);

    // A later retry (a reload, a replayed webhook) is answered from the ledger too.
    const retry = await send();
    expect(retry).toMatchObject({ status: "succeeded", replayed: true });
    expect(executions).toBe(1);
  });

  it("never runs a blocked decision, and records it", async () => {
    const order = pendingGiftCardOrders[1]!;
    const args = { order_id: order.order_id, reason: "no longer needed" };
    const decision = await checkOnDemoStore(ctxStore(), { tool: "cancel_pending_order", args, session: { authenticatedUserId: order.user_id }, policies: retailPolicies });
    expect(decision.decision).toBe("require_confirmation");
    let executions = 0;
    const key = `cancel-${order.order_id}-${uniq()}`;
    const run = async () => {
      executions++;
      return runStoreTool(ctxStore(), "cancel_pending_order", args);
    };
    const outcome = await executeWithLedger({ db, workspaceId }, { tool: "cancel_pending_order", args, idempotencyKey: key, leaseMs: 10_000, decision }, run);
    expect(outcome).toMatchObject({ status: "blocked", replayed: false, decision: { ruleId: "confirm-first" } });
    const again = await executeWithLedger({ db, workspaceId }, { tool: "cancel_pending_order", args, idempotencyKey: key, leaseMs: 10_000, decision }, run);
    expect(again).toMatchObject({ status: "blocked", replayed: true });
    expect(executions).toBe(0);
    expect((await runStoreTool(ctxStore(), "get_order_details", { order_id: order.order_id })) as StoreOrder).toMatchObject({ status: "pending" });
    const [row] = await rows(key);
    expect(row).toMatchObject({ status: "blocked", result: null, decision: { decision: "require_confirmation" } });

    // Once the customer confirms, the same intended action goes through, once, even if sent twice.
    const confirmed = await checkOnDemoStore(ctxStore(), { tool: "cancel_pending_order", args, session: { authenticatedUserId: order.user_id, confirmed: true }, policies: retailPolicies });
    const both = await Promise.all([0, 1].map(() => executeWithLedger({ db, workspaceId }, { tool: "cancel_pending_order", args, idempotencyKey: key, leaseMs: 10_000, decision: confirmed }, run)));
    expect(both.map((o) => o.status)).toEqual(["succeeded", "succeeded"]);
    expect(executions).toBe(1);
    expect(await rows(key)).toHaveLength(1);
  });

  it("records a failure and does not run it again blind", async () => {
    const delivered = "#W2378156";
    const args = { order_id: delivered, reason: "no longer needed" };
    const allow = await checkOnDemoStore(ctxStore(), { tool: "get_order_details", args: { order_id: delivered }, session: {}, policies: retailPolicies });
    let executions = 0;
    const key = `fail-${uniq()}`;
    const run = async () => {
      executions++;
      return runStoreTool(ctxStore(), "cancel_pending_order", args);
    };
    const first = await executeWithLedger({ db, workspaceId }, { tool: "cancel_pending_order", args, idempotencyKey: key, leaseMs: 10_000, decision: allow }, run);
    expect(first).toEqual({ status: "failed", error: "Non-pending order cannot be cancelled", executionId: expect.any(String), replayed: false });
    const second = await executeWithLedger({ db, workspaceId }, { tool: "cancel_pending_order", args, idempotencyKey: key, leaseMs: 10_000, decision: allow }, run);
    expect(second).toMatchObject({ status: "failed", replayed: true });
    expect(executions).toBe(1);
    expect((await rows(key))[0]).toMatchObject({ status: "failed", error: "Non-pending order cannot be cancelled" });
  });

  it("keys are per workspace", async () => {
    const other = (await makeWorkspace(db)).workspace.id;
    const decision = await checkOnDemoStore(ctxStore(), { tool: "calculate", args: { expression: "1+1" }, session: {}, policies: retailPolicies });
    const key = `calc-${uniq()}`;
    let executions = 0;
    const run = async () => ++executions;
    await executeWithLedger({ db, workspaceId }, { tool: "calculate", args: {}, idempotencyKey: key, leaseMs: 10_000, decision }, run);
    const elsewhere = await executeWithLedger({ db, workspaceId: other }, { tool: "calculate", args: {}, idempotencyKey: key, leaseMs: 10_000, decision }, run);
    expect(elsewhere).toMatchObject({ status: "succeeded", result: 2, replayed: false });
    expect(executions).toBe(2);
  });
  describe("a running execution whose runner is gone (a crash, a kill -9)", () => {
    const allow = { decision: "allow" as const, policyKey: "test", policyVersion: 1, ruleId: "allow", reason: "ok", conditions: [], trace: [] } as unknown as Parameters<typeof executeWithLedger>[1]["decision"];
    // The row a killed process leaves behind: running, its lease already over.
    const crashed = async (key: string, values: Partial<typeof toolExecutions.$inferInsert> = {}) => {
      const [row] = await db
        .insert(toolExecutions)
        .values({ workspaceId, tool: "issue_refund", idempotencyKey: key, args: { amount: 40 }, status: "running", decision: allow, leaseExpiresAt: sql`now() - interval '1 second'`, ...values })
        .returning();
      return row!;
    };

    it("is taken over by exactly one of the callers that find its lease over, under the same execution id", async () => {
      const key = `crashed-${uniq()}`;
      const row = await crashed(key);
      const runs: { executionId: string; attempt: number }[] = [];
      const run = async (execution: { executionId: string; attempt: number }) => {
        runs.push(execution);
        await new Promise((resolve) => setTimeout(resolve, 50)); // still running when the others look
        return { refund_id: "R1" };
      };
      const outcomes = await Promise.all([0, 1, 2].map(() => executeWithLedger({ db, workspaceId }, { tool: "issue_refund", args: { amount: 40 }, idempotencyKey: key, leaseMs: 10_000, decision: allow }, run)));
      expect(runs).toEqual([{ executionId: row.id, attempt: 2 }]);
      expect(outcomes.map((o) => o.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
      expect(outcomes.filter((o) => !o.replayed)).toHaveLength(1);
      expect(await rows(key)).toMatchObject([{ id: row.id, status: "succeeded", attempts: 2, result: { refund_id: "R1" }, leaseExpiresAt: null }]);
    });

    it("rows stuck before leases existed (no lease) are taken over too", async () => {
      const key = `stuck-${uniq()}`;
      await crashed(key, { leaseExpiresAt: null });
      const outcome = await executeWithLedger({ db, workspaceId }, { tool: "issue_refund", args: {}, idempotencyKey: key, leaseMs: 10_000, decision: allow }, async () => "done");
      expect(outcome).toMatchObject({ status: "succeeded", result: "done", replayed: false });
    });

    it("a caller that finds it within its lease waits for the lease, not a fixed time, then takes it over; the late first runner does not overwrite it", async () => {
      const key = `slow-${uniq()}`;
      let releaseFirst!: (value: unknown) => void;
      const first = executeWithLedger({ db, workspaceId }, { tool: "issue_refund", args: {}, idempotencyKey: key, leaseMs: 300, decision: allow }, () => new Promise((resolve) => (releaseFirst = resolve)));
      await expect.poll(async () => (await rows(key)).length).toBe(1);
      const second = await executeWithLedger({ db, workspaceId }, { tool: "issue_refund", args: {}, idempotencyKey: key, leaseMs: 10_000, decision: allow }, async ({ attempt }) => `attempt ${attempt}`);
      expect(second).toMatchObject({ status: "succeeded", result: "attempt 2", replayed: false });
      releaseFirst("attempt 1, too late");
      await first;
      expect(await rows(key)).toMatchObject([{ status: "succeeded", result: "attempt 2", attempts: 2 }]);
    });

    it("is marked failed with the reason, not started again, once it has been interrupted too often", async () => {
      const key = `crash-loop-${uniq()}`;
      await crashed(key, { attempts: MAX_ATTEMPTS });
      let executions = 0;
      const outcome = await executeWithLedger({ db, workspaceId }, { tool: "issue_refund", args: {}, idempotencyKey: key, leaseMs: 10_000, decision: allow }, async () => ++executions);
      expect(executions).toBe(0);
      expect(outcome).toMatchObject({ status: "failed", replayed: false, error: expect.stringMatching(/interrupted 3 times .* not started again/) });
      expect(await rows(key)).toMatchObject([{ status: "failed", error: outcome.status === "failed" ? outcome.error : "" }]);
      const later = await executeWithLedger({ db, workspaceId }, { tool: "issue_refund", args: {}, idempotencyKey: key, leaseMs: 10_000, decision: allow }, async () => ++executions);
      expect(later).toMatchObject({ status: "failed", replayed: true });
      expect(executions).toBe(0);
    });
  });
});
