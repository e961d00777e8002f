import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { sqlRunner } from "@/db/rows";
import { storeOrders, storeProducts, storeUsers } from "@/db/schema";
import { DomainError, notFound } from "@/server/errors";
import type { PaymentMethod, StoreOrder, StoreProduct, StoreUser } from "./types";

type Queryable = Db | Tx;

// Row access shared by the store's verbs. `lock` takes the row with FOR UPDATE: callers that read,
// decide and write must hold it so two concurrent writes to one order serialize.

// Users and orders are read on every order-status question: as prepared statements outside a transaction.
const forUpdate = (lock: boolean | undefined) => (lock ? sql` for update` : sql``);

export async function loadUser(db: Queryable, storeId: string, userId: string, opts: { lock?: boolean } = {}): Promise<StoreUser> {
  const [row] = await sqlRunner(db)<{ data: StoreUser }>(sql`select data from store_users where store_id = ${storeId} and id = ${userId}${forUpdate(opts.lock)}`);
  if (!row) throw notFound("User");
  return row.data;
}

export async function loadOrder(db: Queryable, storeId: string, orderId: string, opts: { lock?: boolean } = {}): Promise<StoreOrder> {
  const [row] = await sqlRunner(db)<{ data: StoreOrder }>(sql`select data from store_orders where store_id = ${storeId} and id = ${orderId}${forUpdate(opts.lock)}`);
  if (!row) throw notFound("Order");
  return row.data;
}

export async function loadProduct(db: Queryable, storeId: string, productId: string): Promise<StoreProduct> {
  const [row] = await db
    .select({ data: storeProducts.data })
    .from(storeProducts)
    .where(and(eq(storeProducts.storeId, storeId), eq(storeProducts.id, productId)));
  if (!row) throw notFound("Product");
  return row.data as unknown as StoreProduct;
}

export async function saveOrder(tx: Tx, storeId: string, order: StoreOrder): Promise<void> {
  await tx
    .update(storeOrders)
    .set({ status: order.status, data: order as unknown as Record<string, unknown> })
    .where(and(eq(storeOrders.storeId, storeId), eq(storeOrders.id, order.order_id)));
}

export async function saveUser(tx: Tx, storeId: string, user: StoreUser): Promise<void> {
  await tx
    .update(storeUsers)
    .set({ data: user as unknown as Record<string, unknown> })
    .where(and(eq(storeUsers.storeId, storeId), eq(storeUsers.id, user.user_id)));
}

export function paymentMethodOf(user: StoreUser, paymentMethodId: string): PaymentMethod {
  const method = user.payment_methods[paymentMethodId];
  if (!method) throw notFound("Payment method");
  return method;
}

/** Order ids with the same id counted: returning two of the same item needs two in the order. */
export function assertItemsInOrder(order: StoreOrder, itemIds: string[]): void {
  const inOrder = order.items.map((i) => i.item_id);
  for (const id of new Set(itemIds)) {
    const wanted = itemIds.filter((x) => x === id).length;
    if (wanted > inOrder.filter((x) => x === id).length) throw new DomainError("not_found", `Item ${id} not found in order`);
  }
}
