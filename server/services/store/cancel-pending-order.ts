import "server-only";
import { invalid } from "@/server/errors";
import { cancelReasons, type StoreToolArgs } from "./args";
import { roundCents } from "./money";
import { loadUser, paymentMethodOf, saveUser } from "./records";
import type { Payment, StoreCtx, StoreOrder } from "./types";
import { writeOrder } from "./write-order";

/** Cancels a pending order and refunds every payment; gift cards are credited at once. */
export function cancelPendingOrder(ctx: StoreCtx, args: StoreToolArgs<"cancel_pending_order">): Promise<StoreOrder> {
  return writeOrder(ctx, args.order_id, async (tx, order) => {
    if (order.status !== "pending") throw invalid("Non-pending order cannot be cancelled");
    if (!(cancelReasons as readonly string[]).includes(args.reason)) throw invalid(`Invalid reason: use ${cancelReasons.join(" or ")}`);

    // Refund what each method actually paid, net of earlier refunds (a changed payment method leaves
    // a payment and a refund behind).
    const net = new Map<string, number>();
    for (const p of order.payment_history) {
      net.set(p.payment_method_id, (net.get(p.payment_method_id) ?? 0) + (p.transaction_type === "payment" ? p.amount : -p.amount));
    }
    const user = await loadUser(tx, ctx.storeId, order.user_id, { lock: true });
    const refunds: Payment[] = [];
    for (const [methodId, amount] of net) {
      if (roundCents(amount) <= 0) continue;
      refunds.push({ transaction_type: "refund", amount: roundCents(amount), payment_method_id: methodId });
      const method = paymentMethodOf(user, methodId);
      if (method.source === "gift_card") method.balance = roundCents((method.balance ?? 0) + amount);
    }
    order.status = "cancelled";
    order.cancel_reason = args.reason;
    order.payment_history.push(...refunds);
    await saveUser(tx, ctx.storeId, user);
  });
}
