import "server-only";
import { invalid } from "@/server/errors";
import type { StoreToolArgs } from "./args";
import { roundCents } from "./money";
import { loadUser, paymentMethodOf, saveUser } from "./records";
import { planReplacements } from "./replace-items";
import type { StoreCtx, StoreOrder } from "./types";
import { writeOrder } from "./write-order";

/** Swaps items of a pending order for other variants of the same products; settles the difference. */
export function modifyPendingOrderItems(ctx: StoreCtx, args: StoreToolArgs<"modify_pending_order_items">): Promise<StoreOrder> {
  return writeOrder(ctx, args.order_id, async (tx, order) => {
    if (order.status !== "pending") throw invalid("Non-pending order cannot be modified");
    const { replacements, priceDifference } = await planReplacements(tx, ctx.storeId, order, args.item_ids, args.new_item_ids);
    const diff = roundCents(priceDifference);

    const user = await loadUser(tx, ctx.storeId, order.user_id, { lock: true });
    const method = paymentMethodOf(user, args.payment_method_id);
    if (method.source === "gift_card" && (method.balance ?? 0) < diff) throw invalid("Insufficient gift card balance to pay for the new item");

    order.payment_history.push({
      transaction_type: diff > 0 ? "payment" : "refund",
      amount: Math.abs(diff),
      payment_method_id: args.payment_method_id,
    });
    if (method.source === "gift_card") {
      method.balance = roundCents((method.balance ?? 0) - diff);
      await saveUser(tx, ctx.storeId, user);
    }
    // Each line takes its own replacement's id, price and options (upstream τ² copies the last one's
    // onto all of them; see tau2-replay.test.ts).
    for (const { item, variant } of replacements) {
      item.item_id = variant.item_id;
      item.price = variant.price;
      item.options = variant.options;
    }
    order.status = "pending (item modified)";
  });
}
