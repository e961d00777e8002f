import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { seedStore } from "@/db/seed/store";
import { testDatabase } from "@/test/db";
import { uniq } from "@/test/factories";
import { httpToolSchema } from "@/lib/schemas/tool";
import { retailPolicies } from "@/server/agent/policy/retail-policies";
import type { Policy } from "@/lib/schemas/policy";
import { retailTools } from "@/server/agent/demo/retail-tools";
import { gateCheckLines } from "./gate-check";

const toolsByName = (tools: unknown[]) => Object.fromEntries(tools.map((t) => httpToolSchema.parse(t)).map((t) => [t.name, t]));

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
    const ctx = { db, appUrl: "http://unused.example", config: { storeId, tools: toolsByName(retailTools(storeId)), policies: retailPolicies } };
    const out = await gateCheckLines(ctx, [
      JSON.stringify({ tool: "exchange_delivered_order_items", args: exchange, session: { authenticatedUserId: "yusuf_rossi_9620", confirmed: true } }),
      JSON.stringify({ tool: "exchange_delivered_order_items", args: exchange, session: { authenticatedUserId: "yusuf_rossi_9620" } }),
      "",
      "{oops",
      JSON.stringify({ tool: "cancel_pending_order", args: { order_id: "#W2378156", reason: "no longer needed" }, session: { authenticatedUserId: "yusuf_rossi_9620", confirmed: true } }),
      JSON.stringify({ args: {} }),
      JSON.stringify({ tool: "get_order_details", args: { order_id: "#W2378156" } }),
    ]);
    expect(out.map((l) => JSON.parse(l))).toMatchObject([
      { decision: "allow", ruleId: "allow", reason: expect.any(String) },
      { decision: "require_confirmation", ruleId: "confirm-first", reason: expect.any(String) },
      { error: expect.stringMatching(/^line 4: not JSON/) },
      { decision: "deny", ruleId: "order-pending", reason: expect.any(String) },
      { error: expect.stringMatching(/^line 6: tool/) },
      { decision: "allow", ruleId: "read", reason: expect.any(String) },
    ]);
    // Checking the allowed exchange did not perform it.
    const again = await gateCheckLines(ctx, [JSON.stringify({ tool: "exchange_delivered_order_items", args: exchange, session: { authenticatedUserId: "yusuf_rossi_9620", confirmed: true } })]);
    expect(JSON.parse(again[0]!)).toMatchObject({ decision: "allow" });
  });

  it("checks an agent's own write tools against the policy bound to them, by the request's arguments", async () => {
    const refunds = { ...retailPolicies.cancel_pending_order, key: "refunds", rules: [{ id: "small", description: "Small refunds", when: { fact: "request.amount", op: "lte" as const, value: 50 }, decision: "allow" as const, reason: "Fine." }] };
    const tool = httpToolSchema.parse({ name: "issue_refund", description: "Refund", method: "POST", url: "https://brand.example/refunds", kind: "write", policyKey: "refunds" });
    const out = await gateCheckLines({ db, appUrl: "http://unused.example", config: { storeId: null, tools: { issue_refund: tool }, policies: { refunds } } }, [JSON.stringify({ tool: "issue_refund", args: { amount: 20 } }), JSON.stringify({ tool: "issue_refund", args: { amount: 80 } }), JSON.stringify({ tool: "wire_money", args: {} })]);
    expect(out.map((l) => JSON.parse(l).ruleId)).toEqual(["small", "default", "unknown-tool"]);
  });

  it("prints the facts each rule read, runs the lookups on recorded answers, and decides at the line's clock", async () => {
    const read = (name: string) => ({ name, description: name, method: "GET", url: `https://hotel.example/${name}/{id}`, args: { type: "object", properties: { id: { type: "string" } }, required: ["id"] }, kind: "read" });
    const cancel = {
      name: "cancel_booking",
      description: "Cancel a booking",
      method: "POST",
      url: "https://hotel.example/bookings/{booking_id}/cancel",
      args: { type: "object", properties: { booking_id: { type: "string" }, room_ids: { type: "array", items: { type: "string" } } } },
      kind: "write",
      policyKey: "cancellations",
      requiresConfirmation: true,
      factsFrom: [
        { tool: "get_booking", as: "booking", args: { id: "request.booking_id" } },
        { tool: "get_room", as: "rooms", forEach: "request.room_ids", args: { id: "item" } },
      ],
    };
    const cancellations: Policy = {
      key: "cancellations",
      name: "Cancellations",
      version: 1,
      rules: [
        { id: "late", description: "", when: { expr: "booking.check_in - now < duration('48h')" }, decision: "deny", reason: "Cancellations close 48 hours before check-in." },
        { id: "rooms", description: "", when: { expr: "!rooms.all(r, r.exists && r.booking_id == request.booking_id)" }, decision: "deny", reason: "Those rooms are not on the booking." },
        { id: "ok", description: "", when: { expr: "booking.exists" }, decision: "allow", reason: "Cancelled." },
      ],
      defaultDecision: { decision: "deny", reason: "No." },
    };
    const ctx = { db, appUrl: "http://unused.example", config: { storeId: null, tools: toolsByName([read("get_booking"), read("get_room"), cancel]), policies: { cancellations } }, now: new Date("2026-12-01T12:00:00Z") };
    const lookups = { booking: { id: "B1", check_in: "2026-12-05T15:00:00Z" }, rooms: [{ id: "R1", booking_id: "B1" }, null] };
    const line = (extra: object) => JSON.stringify({ tool: "cancel_booking", args: { booking_id: "B1", room_ids: ["R1", "R2"] }, session: { confirmed: true }, lookups, ...extra });
    const [rooms, late, ok, unconfirmed] = (
      await gateCheckLines(ctx, [
        line({}),
        line({ now: "2026-12-03T15:00:01Z" }),
        line({ lookups: { ...lookups, rooms: [{ id: "R1", booking_id: "B1" }, { id: "R2", booking_id: "B1" }] } }),
        line({ lookups: { ...lookups, rooms: [{ id: "R1", booking_id: "B1" }, { id: "R2", booking_id: "B1" }] }, session: {} }),
      ])
    ).map((l) => JSON.parse(l));
    expect(rooms).toMatchObject({
      decision: "deny",
      ruleId: "rooms",
      rules: [
        { ruleId: "late", matched: false, facts: { "booking.check_in": "2026-12-05T15:00:00Z" } },
        { ruleId: "rooms", matched: true, facts: { rooms: [{ id: "R1", booking_id: "B1", exists: true }, { exists: false }], "request.booking_id": "B1" } },
      ],
      lookups: [{ tool: "get_booking", decision: "recorded" }, { tool: "get_room", decision: "recorded" }, { tool: "get_room", decision: "recorded" }],
    });
    // 47 hours 59 minutes 59 seconds before check-in: too late.
    expect(late).toMatchObject({ decision: "deny", ruleId: "late" });
    expect(ok).toMatchObject({ decision: "allow", ruleId: "ok" });
    // The tool asks first even when its policy allows.
    expect(unconfirmed).toMatchObject({ decision: "require_confirmation", ruleId: "tool-requires-confirmation" });
    // A recorded per-item answer that is not a list, and a line with a bad clock, say what is wrong.
    const [notList, badClock] = (await gateCheckLines(ctx, [line({ lookups: { ...lookups, rooms: {} } }), line({ now: "tomorrow" })])).map((l) => JSON.parse(l));
    expect(notList).toMatchObject({ decision: "deny", ruleId: "facts-unavailable" });
    expect(badClock.error).toMatch(/^line 2: now /);
  });
});
