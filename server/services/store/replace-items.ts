import "server-only";
import type { Tx } from "@/db/client";
import { DomainError, invalid } from "@/server/errors";
import { assertItemsInOrder, loadProduct } from "./records";
import type { OrderItem, StoreOrder, Variant } from "./types";

export interface Replacement {
  item: OrderItem;
  variant: Variant;
}

/**
 * Pairs each item to change with its new variant (same product, available, different option) and
 * sums the price difference. Shared by modify (pending) and exchange (delivered).
 */
export async function planReplacements(
  tx: Tx,
  storeId: string,
  order: StoreOrder,
  itemIds: string[],
  newItemIds: string[],
): Promise<{ replacements: Replacement[]; priceDifference: number }> {
  if (itemIds.length === 0) throw invalid("No items to change");
  if (itemIds.length !== newItemIds.length) throw invalid("The number of items to be exchanged should match");
  assertItemsInOrder(order, itemIds);

  const taken = new Set<OrderItem>();
  const replacements: Replacement[] = [];
  let priceDifference = 0;
  for (const [i, itemId] of itemIds.entries()) {
    const newItemId = newItemIds[i]!;
    if (itemId === newItemId) throw invalid("The new item id should be different from the old item id");
    // Two of the same item map to two distinct order lines.
    const item = order.items.find((it) => it.item_id === itemId && !taken.has(it))!;
    taken.add(item);
    const product = await loadProduct(tx, storeId, item.product_id);
    const variant = product.variants[newItemId];
    if (!variant || !variant.available) throw new DomainError("invalid", `New item ${newItemId} not found or available`);
    priceDifference += variant.price - item.price;
    replacements.push({ item, variant });
  }
  return { replacements, priceDifference };
}
