import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditLogs, evalCases, evalRuns, evalSuites, memberships, policies, releases } from "@/db/schema";
import { loadRetailDb } from "@/db/seed/store";
import type { CaseDefinition } from "@/lib/schemas/evals";
import type { Policy } from "@/lib/schemas/policy";
import { retailFixture } from "@/server/agent/testing/retail-fixture";
import type { WorkspaceCtx } from "@/server/services/context";
import { checkPublish } from "@/server/services/releases/check-publish";
import { PublishBlockedError, publishRelease } from "@/server/services/releases/publish-release";
import { testDatabase } from "@/test/db";
import { addMember } from "@/test/factories";

let db: Db;
let fx: Awaited<ReturnType<typeof retailFixture>>;
let owner: WorkspaceCtx & { appUrl: string };
let builder: WorkspaceCtx & { appUrl: string };

// A return refunded to a card the order was not paid with: the policy's refund-to-original-or-gift-card
// rule must refuse it. The gating case says so; without the rule, publishing is blocked.
let refundCase: CaseDefinition;

beforeAll(async () => {
  db = (await testDatabase()).db;
  fx = await retailFixture(db, { template: "tpl-evals-gate" });
  const [member] = await db.select().from(memberships).where(eq(memberships.workspaceId, fx.workspace.id));
  owner = { db, userId: member!.userId, workspace: fx.workspace, role: "owner", appUrl: fx.store.appUrl };
  builder = { ...owner, userId: (await addMember(db, fx.workspace.id, "builder")).user.id, role: "builder" };
  const data = await loadRetailDb();
  // A customer with a delivered order paid by one method and another non-gift-card method on file.
  const [user, order, other] = Object.values(data.users)
    .flatMap((u) =>
      u.orders
        .map((id) => data.orders[id]!)
        .filter((o) => o.status === "delivered")
        .map((o) => {
          const paid = o.payment_history[0]?.payment_method_id;
          const other = Object.values(u.payment_methods).find((m) => m.id !== paid && m.source !== "gift_card");
          return other ? ([u, o, other] as const) : null;
        }),
    )
    .find((x) => x !== null)!;
  refundCase = {
    customer: { kind: "script", turns: ["I want to return an item", user.email, order.order_id, order.items[0]!.name, other.id, "yes"] },
    fixtures: {},
    tools: "sandbox",
    mocks: [],
    expectations: [
      { kind: "decision", tool: "return_delivered_order_items", decision: "deny", rule: "refund-to-original-or-gift-card" },
      { kind: "writes", count: 0 },
    ],
  };
  const [suite] = await db.insert(evalSuites).values({ workspaceId: fx.workspace.id, agentId: fx.agent.id, name: "Refunds", gating: true }).returning();
  await db.insert(evalCases).values({ workspaceId: fx.workspace.id, suiteId: suite!.id, name: "Refund to another card is refused", definition: refundCase });
});
afterAll(() => fx?.store.close());

async function returnPolicy() {
  const [row] = await db.select().from(policies).where(and(eq(policies.agentId, fx.agent.id), eq(policies.key, "return_delivered_order_items")));
  return row!;
}

describe("the publish gate", () => {
  it("runs the gating suites on the draft and records the run the release passed", async () => {
    const release = await publishRelease(owner, { agentId: fx.agent.id, notes: "1" });
    const [row] = await db.select().from(releases).where(eq(releases.id, release.id));
    expect(row!.evalRunId).not.toBeNull();
    const [run] = await db.select().from(evalRuns).where(eq(evalRuns.id, row!.evalRunId!));
    expect(run).toMatchObject({ status: "passed", trigger: "publish", passed: 1, failed: 0, target: "draft" });
  });

  it("blocks publishing when a gating case fails, says which, and lets only an admin override it with a reason", async () => {
    const policy = await returnPolicy();
    const definition = policy.definition as Policy;
    await db
      .update(policies)
      .set({ definition: { ...definition, rules: definition.rules.filter((r) => r.id !== "refund-to-original-or-gift-card") }, updatedAt: new Date() })
      .where(eq(policies.id, policy.id));

    const blocked = await publishRelease(owner, { agentId: fx.agent.id, notes: "2" }).catch((e: unknown) => e);
    expect(blocked).toBeInstanceOf(PublishBlockedError);
    const [blocker] = (blocked as PublishBlockedError).blockers;
    expect(blocker).toMatchObject({ kind: "eval", subject: "Refund to another card is refused", runId: expect.any(String) });
    expect(blocker!.message).toContain("the gate decides deny on return_delivered_order_items by rule refund-to-original-or-gift-card");
    // The releases page shows the same before anyone presses Publish, from the run on this draft.
    expect((await checkPublish(owner, { agentId: fx.agent.id })).blockers).toEqual([blocker]);

    await expect(publishRelease(builder, { agentId: fx.agent.id, notes: "2", override: { reason: "hotfix" } })).rejects.toMatchObject({ code: "forbidden" });
    const release = await publishRelease(owner, { agentId: fx.agent.id, notes: "2", override: { reason: "Refund rule moves to the payments team" } });
    expect(release.number).toBe(2);
    const [audit] = await db.select().from(auditLogs).where(and(eq(auditLogs.workspaceId, fx.workspace.id), eq(auditLogs.action, "release.override_evals")));
    expect(audit!.after).toMatchObject({ reason: "Refund rule moves to the payments team", failing: ["Refunds › Refund to another card is refused"] });

    // Restored, the draft is a new version: its evals run again and pass.
    await db.update(policies).set({ definition, updatedAt: new Date() }).where(eq(policies.id, policy.id));
    expect((await publishRelease(owner, { agentId: fx.agent.id, notes: "3" })).number).toBe(3);
  });

  it("a known failure is reported but does not block", async () => {
    const policy = await returnPolicy();
    const definition = policy.definition as Policy;
    await db
      .update(policies)
      .set({ definition: { ...definition, rules: definition.rules.filter((r) => r.id !== "refund-to-original-or-gift-card") }, updatedAt: new Date() })
      .where(eq(policies.id, policy.id));
    await db.update(evalCases).set({ knownFailure: "The refund rule is being rewritten" }).where(eq(evalCases.workspaceId, fx.workspace.id));
    const release = await publishRelease(owner, { agentId: fx.agent.id, notes: "4" });
    const [run] = await db.select().from(evalRuns).where(eq(evalRuns.id, (await db.select().from(releases).where(eq(releases.id, release.id)))[0]!.evalRunId!));
    expect(run).toMatchObject({ status: "passed", knownFailures: 1, failed: 0 });
  });
});
