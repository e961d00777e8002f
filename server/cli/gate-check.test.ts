import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { seedStore } from "@/db/seed/store";
import { testDatabase } from "@/test/db";
import { uniq } from "@/test/factories";
import { httpToolSchema } from "@/lib/schemas/tool";
import { retailPolicies } from "@/server/agent/policy/retail-policies";
import { gateCheckLines, gateContextOf } from "./gate-check";

describe("gate-check", () => {
  let db: Db;
  const storeId = `gate-check-${uniq()}`;
  beforeAll(async () => {
    db = (await testDatabase()).db;
    await seedStore(db, storeId);
  });

  it("answers one decision line per input line, names bad lines, executes nothing", async () => {
    // #W2378156 is yusuf_rossi_9620's delivered order (τ² task 0).
    const exchange = { order_id: "#W2378156", item_ids: ["1151293680"], new_item_ids: ["7706410293"], payment_method_id: "credit_card_9513926" };
    const out = await gateCheckLines({ db, storeId }, [
      JSON.stringify({ tool: "exchange_delivered_order_items", args: exchange, session: { authenticatedUserId: "yusuf_rossi_9620", confirmed: true } }),
      JSON.stringify({ tool: "exchange_delivered_order_items", args: exchange, session: { authenticatedUserId: "yusuf_rossi_9620" } }),
      "",
      "{oops",
      JSON.stringify({ tool: "cancel_pending_order", args: { order_id: "#W2378156", reason: "no longer needed" }, session: { authenticatedUserId: "yusuf_rossi_9620", confirmed: true } }),
      JSON.stringify({ args: {} }),
      JSON.stringify({ tool: "get_order_details", args: { order_id: "#W2378156" } }),
    ]);
    expect(out.map((l) => JSON.parse(l))).toEqual([
      { decision: "allow", ruleId: "allow", reason: expect.any(String) },
      { decision: "require_confirmation", ruleId: "confirm-first", reason: expect.any(String) },
      { error: expect.stringMatching(/^line 4: not JSON/) },
      { decision: "deny", ruleId: "order-pending", reason: expect.any(String) },
      { error: expect.stringMatching(/^line 6: tool/) },
      { decision: "allow", ruleId: "read", reason: expect.any(String) },
    ]);
    // Checking the allowed exchange did not perform it.
    const again = await gateCheckLines({ db, storeId }, [JSON.stringify({ tool: "exchange_delivered_order_items", args: exchange, session: { authenticatedUserId: "yusuf_rossi_9620", confirmed: true } })]);
    expect(JSON.parse(again[0]!)).toMatchObject({ decision: "allow" });
  });

  it("checks an agent's own write tools against the policy bound to them, by the request's arguments", async () => {
    const refunds = { ...retailPolicies.cancel_pending_order, key: "refunds", rules: [{ id: "small", description: "Small refunds", when: { fact: "request.amount", op: "lte" as const, value: 50 }, decision: "allow" as const, reason: "Fine." }] };
    const tool = httpToolSchema.parse({ name: "issue_refund", description: "Refund", method: "POST", url: "https://brand.example/refunds", kind: "write", policyKey: "refunds" });
    const ctx = gateContextOf({ storeId: null, tools: { issue_refund: tool }, policies: { refunds } });
    const out = await gateCheckLines({ db, ...ctx }, [JSON.stringify({ tool: "issue_refund", args: { amount: 20 } }), JSON.stringify({ tool: "issue_refund", args: { amount: 80 } }), JSON.stringify({ tool: "wire_money", args: {} })]);
    expect(out.map((l) => JSON.parse(l).ruleId)).toEqual(["small", "default", "unknown-tool"]);
  });
});
