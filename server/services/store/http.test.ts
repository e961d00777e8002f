import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { loadRetailDb, seedStore } from "@/db/seed/store";
import { testDatabase } from "@/test/db";
import { uniq } from "@/test/factories";
import { handleStoreRequest } from "./http";
import type { StoreOrder, StoreUser } from "./types";

describe("store HTTP API", () => {
  let db: Db;
  let data: Awaited<ReturnType<typeof loadRetailDb>>;
  const storeId = `http-${uniq()}`;
  const call = (method: string, path: string, body?: unknown) =>
    handleStoreRequest(
      db,
      new Request(`http://localhost/api/store/${storeId}${path}`, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      }),
    );

  beforeAll(async () => {
    db = (await testDatabase()).db;
    await seedStore(db, storeId);
    data = await loadRetailDb();
  });

  it("finds a customer and reads their details", async () => {
    const user = Object.values(data.users)[3]!;
    const byEmail = await call("GET", `/users/by-email?email=${encodeURIComponent(user.email.toUpperCase())}`);
    expect(byEmail.status).toBe(200);
    expect(await byEmail.json()).toEqual({ user_id: user.user_id });
    const byName = await call("GET", `/users/by-name-zip?first_name=${user.name.first_name}&last_name=${user.name.last_name}&zip=${user.address.zip}`);
    expect(await byName.json()).toEqual({ user_id: user.user_id });
    const details = await call("GET", `/users/${user.user_id}`);
    expect(await details.json()).toEqual(user);
  });

  it("reads orders (with or without the #), products and items", async () => {
    const order = data.orders["#W2378156"]!;
    expect(await (await call("GET", "/orders/%23W2378156")).json()).toEqual(order);
    expect(await (await call("GET", "/orders/W2378156")).json()).toEqual(order);
    const products = (await (await call("GET", "/products")).json()) as Record<string, string>;
    expect(Object.keys(products)).toHaveLength(Object.keys(data.products).length);
    expect(Object.keys(products)).toEqual([...Object.keys(products)].sort());
    const product = data.products[order.items[0]!.product_id as string]!;
    expect(await (await call("GET", `/products/${product.product_id}`)).json()).toEqual(product);
    const item = await (await call("GET", `/items/${order.items[0]!.item_id}`)).json();
    expect(item).toMatchObject({ item_id: order.items[0]!.item_id, product_id: product.product_id });
    expect(await (await call("POST", "/calculate", { expression: "(652.61 + 473.43) * 2 / 3" })).json()).toEqual({ result: 750.69 });
  });

  it("writes: cancels a pending order and changes an address", async () => {
    const order = Object.values(data.orders).find((o) => o.status === "pending")!;
    const res = await call("POST", `/orders/${encodeURIComponent(order.order_id)}/cancel`, { reason: "ordered by mistake" });
    expect(res.status).toBe(200);
    const cancelled = (await res.json()) as StoreOrder;
    expect(cancelled).toMatchObject({ status: "cancelled", cancel_reason: "ordered by mistake" });
    expect(((await (await call("GET", `/orders/${encodeURIComponent(order.order_id)}`)).json()) as StoreOrder).status).toBe("cancelled");

    const user = Object.values(data.users)[5]!;
    const address = { address1: "1 Main St", address2: "Apt 2", city: "Austin", state: "TX", country: "USA", zip: "78701" };
    const updated = (await (await call("POST", `/users/${user.user_id}/address`, address)).json()) as StoreUser;
    expect(updated.address).toEqual(address);
  });

  it("answers 404 for unknown records and routes, 400 for invalid requests", async () => {
    const missing = await call("GET", "/orders/%23W0000000");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: "not_found", message: "Order not found" } });
    expect((await call("GET", "/users/by-email?email=nobody@example.com")).status).toBe(404);
    expect((await call("GET", "/warehouses")).status).toBe(404);

    const delivered = await call("POST", "/orders/%23W2378156/cancel", { reason: "no longer needed" });
    expect(delivered.status).toBe(400);
    expect(await delivered.json()).toEqual({ error: { code: "invalid", message: "Non-pending order cannot be cancelled" } });
    const noReason = await call("POST", "/orders/%23W2378156/cancel", {});
    expect(noReason.status).toBe(400);
    expect(((await noReason.json()) as { error: { message: string } }).error.message).toMatch(/reason/);
    expect((await call("POST", "/orders/%23W2378156/cancel", "{not json")).status).toBe(400);
    expect((await call("POST", "/calculate", { expression: "process.exit()" })).status).toBe(400);
    expect((await call("GET", "/orders/%23W2378156/cancel")).status).toBe(405);
  });
});
