import "server-only";
import { invalid } from "@/server/errors";
import type { StoreToolArgs } from "./args";
import { assertItemsInOrder, loadUser, paymentMethodOf } from "./records";
import type { StoreCtx, StoreOrder } from "./types";
import { writeOrder } from "./write-order";

/** Opens a return; the refund goes to the original payment method or a gift card of the customer. */
export function returnDeliveredOrderItems(ctx: StoreCtx, args: StoreToolArgs<"return_delivered_order_items">): Promise<StoreOrder> {
  return writeOrder(ctx, args.order_id, async (tx, order) => {
    if (order.status !== "delivered") throw invalid("Non-delivered order cannot be returned");
    if (args.item_ids.length === 0) throw invalid("No items to return");
    const user = await loadUser(tx, ctx.storeId, order.user_id);
    const method = paymentMethodOf(user, args.payment_method_id);
    if (method.source !== "gift_card" && args.payment_method_id !== order.payment_history[0]?.payment_method_id) {
      throw invalid("Payment method should be the original payment method");
    }
    assertItemsInOrder(order, args.item_ids);
    order.status = "return requested";
    order.return_items = [...args.item_ids].sort();
    order.return_payment_method_id = args.payment_method_id;
  });
}
