import "server-only";
import { invalid } from "@/server/errors";
import type { StoreToolArgs } from "./args";
import { roundCents } from "./money";
import { loadUser, paymentMethodOf } from "./records";
import { planReplacements } from "./replace-items";
import type { StoreCtx, StoreOrder } from "./types";
import { writeOrder } from "./write-order";

/** Opens an exchange of delivered items for other variants of the same products. No money moves yet. */
export function exchangeDeliveredOrderItems(ctx: StoreCtx, args: StoreToolArgs<"exchange_delivered_order_items">): Promise<StoreOrder> {
  return writeOrder(ctx, args.order_id, async (tx, order) => {
    if (order.status !== "delivered") throw invalid("Non-delivered order cannot be exchanged");
    const { priceDifference } = await planReplacements(tx, ctx.storeId, order, args.item_ids, args.new_item_ids);
    const diff = roundCents(priceDifference);
    const user = await loadUser(tx, ctx.storeId, order.user_id);
    const method = paymentMethodOf(user, args.payment_method_id);
    if (method.source === "gift_card" && (method.balance ?? 0) < diff) {
      throw invalid("Insufficient gift card balance to pay for the price difference");
    }
    order.status = "exchange requested";
    order.exchange_items = [...args.item_ids].sort();
    order.exchange_new_items = [...args.new_item_ids].sort();
    order.exchange_payment_method_id = args.payment_method_id;
    order.exchange_price_difference = diff;
  });
}
