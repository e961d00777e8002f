import "server-only";
import { invalid } from "@/server/errors";
import type { StoreToolArgs } from "./args";
import type { StoreCtx, StoreOrder } from "./types";
import { writeOrder } from "./write-order";

/** Changes where a pending order ships. The store itself accepts item-modified orders; the policy gate does not. */
export function modifyPendingOrderAddress(ctx: StoreCtx, args: StoreToolArgs<"modify_pending_order_address">): Promise<StoreOrder> {
  return writeOrder(ctx, args.order_id, (_tx, order) => {
    if (!order.status.startsWith("pending")) throw invalid("Non-pending order cannot be modified");
    const { address1, address2, city, state, country, zip } = args;
    order.address = { address1, address2, city, state, country, zip };
  });
}
