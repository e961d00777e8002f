import "server-only";
import type { Tx } from "@/db/client";
import { loadOrder, saveOrder } from "./records";
import type { StoreCtx, StoreOrder } from "./types";

/**
 * Runs a change to one order in a transaction holding the order's row lock, then saves it. Anything
 * else the change touches (the user's gift cards) is locked after the order, always in that order.
 */
export async function writeOrder(
  ctx: StoreCtx,
  orderId: string,
  change: (tx: Tx, order: StoreOrder) => Promise<void> | void,
): Promise<StoreOrder> {
  return ctx.db.transaction(async (tx) => {
    const order = await loadOrder(tx, ctx.storeId, orderId, { lock: true });
    await change(tx, order);
    await saveOrder(tx, ctx.storeId, order);
    return order;
  });
}
