import "server-only";
import { invalid } from "@/server/errors";
import type { StoreToolArgs } from "./args";
import { roundCents } from "./money";
import { loadUser, paymentMethodOf, saveUser } from "./records";
import type { StoreCtx, StoreOrder } from "./types";
import { writeOrder } from "./write-order";

/** Pays a pending order with another method: charge the new one, refund the original. */
export function modifyPendingOrderPayment(ctx: StoreCtx, args: StoreToolArgs<"modify_pending_order_payment">): Promise<StoreOrder> {
  return writeOrder(ctx, args.order_id, async (tx, order) => {
    if (!order.status.startsWith("pending")) throw invalid("Non-pending order cannot be modified");
    const user = await loadUser(tx, ctx.storeId, order.user_id, { lock: true });
    const method = paymentMethodOf(user, args.payment_method_id);
    const [original, ...rest] = order.payment_history;
    if (!original || rest.length > 0 || original.transaction_type !== "payment") {
      throw invalid("There should be exactly one payment for a pending order");
    }
    if (original.payment_method_id === args.payment_method_id) throw invalid("The new payment method should be different from the current one");
    const amount = original.amount;
    if (method.source === "gift_card" && (method.balance ?? 0) < amount) throw invalid("Insufficient gift card balance to pay for the order");

    order.payment_history.push(
      { transaction_type: "payment", amount, payment_method_id: args.payment_method_id },
      { transaction_type: "refund", amount, payment_method_id: original.payment_method_id },
    );
    if (method.source === "gift_card") method.balance = roundCents((method.balance ?? 0) - amount);
    const old = paymentMethodOf(user, original.payment_method_id);
    if (old.source === "gift_card") old.balance = roundCents((old.balance ?? 0) + amount);
    await saveUser(tx, ctx.storeId, user);
  });
}
