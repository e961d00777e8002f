import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { storeUsers, toolExecutions, turnTraces } from "@/db/schema";
import { retailFixture } from "@/server/agent/testing/retail-fixture";
import { executeWithLedger } from "@/server/agent/tools/ledger";
import { buildTurnContext } from "@/server/services/runtime/build-turn-context";
import { testDatabase } from "@/test/db";

// The workspace's redaction setting reaches the runtime, which then stores traces and tool executions with
// the customer's email masked; without it they are stored as said.
let db: Db;
let fx: Awaited<ReturnType<typeof retailFixture>>;
let email: string;

beforeAll(async () => {
  db = (await testDatabase()).db;
  fx = await retailFixture(db, { template: "tpl-redaction" });
  const [user] = await db.select({ email: storeUsers.email }).from(storeUsers).where(eq(storeUsers.storeId, fx.storeId)).limit(1);
  email = user!.email;
}, 60_000);
afterAll(() => fx?.store.close());

/** A verification by email: the agent looks the customer up with `find_user_id_by_email`; the trace keeps the call and the profile it returned. */
async function verifyByEmail(redactPii: boolean) {
  fx.ctx.redactPii = redactPii;
  const id = await fx.open();
  await fx.send(id, "Has my order shipped yet?");
  await fx.send(id, `It's ${email}`);
  const traces = await db.select({ events: turnTraces.events }).from(turnTraces).where(eq(turnTraces.conversationId, id));
  const steps = traces.flatMap((t) => t.events);
  return { stored: JSON.stringify(steps), lookup: steps.find((s) => s.type === "tool" && s.name === "find_user_id_by_email") };
}

describe("redaction of stored traces and tool executions", () => {
  it("reads the workspace's setting into the turn context", async () => {
    const read = () => buildTurnContext(db, { workspaceId: fx.workspace.id, appUrl: fx.store.appUrl });
    expect((await read()).redactPii).toBe(false);
    await fx.caller.privacy.saveSettings({ workspace: fx.workspace.slug, retention: { mode: "off" }, redactPii: true });
    expect((await read()).redactPii).toBe(true);
  });

  it("masks the customer's email in the stored trace when on, and only then", async () => {
    const plain = await verifyByEmail(false);
    expect(plain.lookup).toMatchObject({ input: { email }, decision: "ok" });
    expect(plain.stored).toContain(email);

    const redacted = await verifyByEmail(true);
    // The lookup still ran with the real address (the customer was verified); only what was stored is masked.
    expect(redacted.lookup).toMatchObject({ input: { email: "[email]" }, decision: "ok" });
    expect(redacted.stored).not.toContain(email);
  });

  it("masks arguments, results and errors in the tool ledger when on", async () => {
    const allow = { decision: "allow", conditions: [], reason: "ok", ruleId: "r", policyVersion: 1, trace: [] } as unknown as Parameters<typeof executeWithLedger>[1]["decision"];
    const args = { email, card: "4111 1111 1111 1111", order_id: "#W1234567", amount: 42.5 };
    const run = (redactPii: boolean, key: string, fail = false) =>
      executeWithLedger({ db, workspaceId: fx.workspace.id, redactPii }, { tool: "refund", args, idempotencyKey: key, decision: allow, leaseMs: 5000 }, async () => {
        if (fail) throw new Error(`backend said no to ${email}`);
        return { phone: "+44 20 7946 0958", refunded: 42.5 };
      });
    const outcome = await run(true, `redact-${fx.storeId}`);
    // The caller gets the real result; the ledger keeps the masked one.
    expect(outcome).toMatchObject({ status: "succeeded", result: { phone: "+44 20 7946 0958" } });
    const [row] = await db.select().from(toolExecutions).where(eq(toolExecutions.idempotencyKey, `redact-${fx.storeId}`));
    expect(row).toMatchObject({ args: { email: "[email]", card: "[card number]", order_id: "#W1234567", amount: 42.5 }, result: { phone: "[phone]", refunded: 42.5 } });
    await run(true, `redact-fail-${fx.storeId}`, true);
    const [failed] = await db.select().from(toolExecutions).where(eq(toolExecutions.idempotencyKey, `redact-fail-${fx.storeId}`));
    expect(failed!.error).toBe("backend said no to [email]");
    await run(false, `plain-${fx.storeId}`);
    const [plain] = await db.select().from(toolExecutions).where(eq(toolExecutions.idempotencyKey, `plain-${fx.storeId}`));
    expect(plain!.args).toEqual(args);
  });
});
