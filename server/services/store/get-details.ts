import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { storeProducts } from "@/db/schema";
import { notFound } from "@/server/errors";
import type { StoreToolArgs } from "./args";
import { loadOrder, loadProduct, loadUser } from "./records";
import type { StoreCtx, StoreOrder, StoreProduct, StoreUser, Variant } from "./types";

export function getUserDetails(ctx: StoreCtx, args: StoreToolArgs<"get_user_details">): Promise<StoreUser> {
  return loadUser(ctx.db, ctx.storeId, args.user_id);
}

export function getOrderDetails(ctx: StoreCtx, args: StoreToolArgs<"get_order_details">): Promise<StoreOrder> {
  return loadOrder(ctx.db, ctx.storeId, args.order_id);
}

export function getProductDetails(ctx: StoreCtx, args: StoreToolArgs<"get_product_details">): Promise<StoreProduct> {
  return loadProduct(ctx.db, ctx.storeId, args.product_id);
}

/** A variant by its item id, with the product it belongs to (item ids and product ids are unrelated). */
export async function getItemDetails(ctx: StoreCtx, args: StoreToolArgs<"get_item_details">): Promise<Variant & { product_id: string; name: string }> {
  const [row] = await ctx.db
    .select({ data: storeProducts.data })
    .from(storeProducts)
    .where(and(eq(storeProducts.storeId, ctx.storeId), sql`${storeProducts.data} -> 'variants' -> ${args.item_id}::text is not null`))
    .limit(1);
  if (!row) throw notFound("Item");
  const product = row.data as unknown as StoreProduct;
  const variant = product.variants[args.item_id]!;
  return { ...variant, product_id: product.product_id, name: product.name };
}

/** Product name → product id, sorted by name. */
export async function listAllProductTypes(ctx: StoreCtx): Promise<Record<string, string>> {
  const rows = await ctx.db
    .select({ id: storeProducts.id, name: storeProducts.name })
    .from(storeProducts)
    .where(eq(storeProducts.storeId, ctx.storeId))
    .orderBy(asc(storeProducts.name));
  return Object.fromEntries(rows.map((r) => [r.name, r.id]));
}
