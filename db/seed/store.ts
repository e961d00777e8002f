import "server-only";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { storeOrders, storeProducts, storeUsers } from "@/db/schema";
import type { StoreOrder, StoreProduct, StoreUser } from "@/server/services/store/types";

const dbJsonPath = path.join(process.cwd(), "db/seed/tau2-retail/db.json");
const BATCH = 500;

export interface RetailDb {
  users: Record<string, StoreUser>;
  orders: Record<string, StoreOrder>;
  products: Record<string, StoreProduct>;
}
type Row = Record<string, unknown>;

let cached: Promise<RetailDb> | undefined;
/** db.json parsed once per process; callers get their own copy, never the cached object. */
export async function loadRetailDb(): Promise<RetailDb> {
  cached ??= readFile(dbJsonPath, "utf8").then((text) => JSON.parse(text) as RetailDb);
  return structuredClone(await cached);
}

async function insertBatches<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

/**
 * Loads τ²-bench retail's db.json as store `storeId`. Idempotent: a store that already has users is
 * left alone. Returns whether it seeded.
 */
export async function seedStore(db: Db, storeId: string): Promise<boolean> {
  const [existing] = await db.select({ id: storeUsers.id }).from(storeUsers).where(eq(storeUsers.storeId, storeId)).limit(1);
  if (existing) return false;
  const data = await loadRetailDb();
  return db.transaction(async (tx) => {
    // Two processes seeding the same store at once (test files sharing a template): one seeds, one waits and finds it.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`store-seed:${storeId}`}))`);
    const [seeded] = await tx.select({ id: storeUsers.id }).from(storeUsers).where(eq(storeUsers.storeId, storeId)).limit(1);
    if (seeded) return false;
    await insertBatches(Object.values(data.users), (batch) =>
      tx.insert(storeUsers).values(
        batch.map((u) => ({
          storeId,
          id: u.user_id,
          email: u.email,
          firstName: u.name.first_name,
          lastName: u.name.last_name,
          zip: u.address.zip,
          data: u as unknown as Row,
        })),
      ),
    );
    await insertBatches(Object.values(data.orders), (batch) =>
      tx.insert(storeOrders).values(batch.map((o) => ({ storeId, id: o.order_id, userId: o.user_id, status: o.status, data: o as unknown as Row }))),
    );
    await insertBatches(Object.values(data.products), (batch) =>
      tx.insert(storeProducts).values(batch.map((p) => ({ storeId, id: p.product_id, name: p.name, data: p as unknown as Row }))),
    );
    return true;
  });
}

/**
 * τ²-bench's orders carry no dates, so a return window could never apply to the demo store. Stamps each
 * delivered order with a `delivered_at` in the five weeks before `now` (1–35 days, spread by the order
 * number), so about one delivered order in seven is past a 30-day window, as in a real shop.
 */
export async function recordDeliveryDates(db: Db, storeId: string, now = new Date()): Promise<void> {
  await db.execute(sql`update store_orders
    set data = data || jsonb_build_object('delivered_at', to_char((${now.toISOString()}::timestamptz - make_interval(days => (substring(id from '[0-9]+')::bigint % 35)::int + 1)) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
    where store_id = ${storeId} and status = 'delivered'`);
}

/**
 * The `now` recordDeliveryDates stamped the store with, read back from a delivered order (its date plus
 * the days it was set back), or null when the store has no dates. Eval cases run at that moment, so a
 * return window decides as it did when the store was seeded, however long ago that was.
 */
export async function deliveryDatesStampedAt(db: Db, storeId: string): Promise<Date | null> {
  const [row] = rowsOf<{ id: string; deliveredAt: string }>(
    await db.execute(sql`select id, data->>'delivered_at' as "deliveredAt" from store_orders where store_id = ${storeId} and status = 'delivered' and data ? 'delivered_at' limit 1`),
  );
  if (!row) return null;
  const days = (Number(BigInt(row.id.replace(/\D/g, "")) % 35n) + 1) * 86_400_000;
  return new Date(new Date(row.deliveredAt).getTime() + days);
}

/** Copies store `from` to a new store `to` inside the database (a reset or a fresh copy per test, in milliseconds). */
export async function copyStore(db: Db, from: string, to: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`insert into store_users (store_id, id, email, first_name, last_name, zip, data)
      select ${to}, id, email, first_name, last_name, zip, data from store_users where store_id = ${from}`);
    await tx.execute(sql`insert into store_orders (store_id, id, user_id, status, data)
      select ${to}, id, user_id, status, data from store_orders where store_id = ${from}`);
    await tx.execute(sql`insert into store_products (store_id, id, name, data)
      select ${to}, id, name, data from store_products where store_id = ${from}`);
  });
}

/** Removes a store's records (a test's copy, or a demo workspace's store before a reset). */
export async function deleteStore(db: Db, storeId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(storeOrders).where(eq(storeOrders.storeId, storeId));
    await tx.delete(storeUsers).where(eq(storeUsers.storeId, storeId));
    await tx.delete(storeProducts).where(eq(storeProducts.storeId, storeId));
  });
}
