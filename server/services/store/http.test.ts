import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { storeOrders, stores } from "@/db/schema";
import { copyStore, loadRetailDb, seedStore } from "@/db/seed/store";
import { secretResolver } from "@/server/services/secrets/secrets";
import { testDatabase } from "@/test/db";
import { makeWorkspace, uniq } from "@/test/factories";
import { hashStoreCredential, storeCredentialSecret } from "./credential";
import { handleStoreRequest } from "./http";
import { issueStoreCredential } from "./issue-store-credential";
import type { StoreOrder, StoreUser } from "./types";

let db: Db;
let data: Awaited<ReturnType<typeof loadRetailDb>>;
const storeId = `http-${uniq()}`;
/** The store's API key as its workspace holds it (the `store_api_key` secret the seed writes). */
let storeKey: string;

/** A store of its own for a workspace of its own, with the key the workspace was issued. */
async function workspaceStore(id: string): Promise<{ workspaceId: string; key: string }> {
  const { workspace } = await makeWorkspace(db);
  await seedStore(db, id);
  await db.transaction((tx) => issueStoreCredential(tx, { storeId: id, workspaceId: workspace.id }));
  return { workspaceId: workspace.id, key: (await secretResolver(db, workspace.id)(storeCredentialSecret))! };
}

function request(store: string, method: string, path: string, opts: { body?: unknown; authorization?: string | null } = {}) {
  const headers: Record<string, string> = opts.body === undefined ? {} : { "content-type": "application/json" };
  if (opts.authorization) headers.authorization = opts.authorization;
  const body = opts.body === undefined ? undefined : typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
  return handleStoreRequest(db, new Request(`http://localhost/api/store/${store}${path}`, { method, headers, body }));
}

beforeAll(async () => {
  db = (await testDatabase()).db;
  storeKey = (await workspaceStore(storeId)).key;
  data = await loadRetailDb();
});

describe("store HTTP API", () => {
  const call = (method: string, path: string, body?: unknown) => request(storeId, method, path, { body, authorization: `Bearer ${storeKey}` });

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
    const malformed = await call("GET", "/orders/%E0%A4%A");
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: "invalid", message: expect.stringMatching(/percent-encoding/) } });
    expect((await request("%E0%A4%A", "GET", "/products", { authorization: `Bearer ${storeKey}` })).status).toBe(400);
  });
});

describe("store API credential", () => {
  const pending = () => Object.values(data.orders).find((o) => o.status === "pending")!;
  const orderStatus = async (store: string, orderId: string) =>
    (await db.select({ status: storeOrders.status }).from(storeOrders).where(and(eq(storeOrders.storeId, store), eq(storeOrders.id, orderId))))[0]!.status;

  it("answers 401 without the store's key, with a wrong one or another workspace's, and changes nothing", async () => {
    const store = `auth-${uniq()}`;
    const { key } = await workspaceStore(store);
    const other = await workspaceStore(`auth-other-${uniq()}`);
    const user = Object.values(data.users)[7]!;
    const order = pending();
    const refused: [string, string | null][] = [
      ["no header", null],
      ["a wrong key", "Bearer sk_store_wrong"],
      ["another workspace's valid key", `Bearer ${other.key}`],
      ["the key without Bearer", key],
      ["the key as Basic", `Basic ${key}`],
    ];
    for (const [label, authorization] of refused) {
      const details = await request(store, "GET", `/users/${user.user_id}`, { authorization });
      expect(details.status, label).toBe(401);
      const body = (await details.json()) as { error: { code: string; message: string } };
      expect(body, label).toEqual({ error: { code: "unauthorized", message: expect.stringContaining(storeCredentialSecret) } });
      expect(JSON.stringify(body), label).not.toContain(user.email);

      const cancel = await request(store, "POST", `/orders/${encodeURIComponent(order.order_id)}/cancel`, { authorization, body: { reason: "no longer needed" } });
      expect(cancel.status, label).toBe(401);
      expect(await orderStatus(store, order.order_id), label).toBe("pending");
      // Not even the route table is visible without the key.
      expect((await request(store, "GET", "/warehouses", { authorization })).status, label).toBe(401);
    }

    // A key is good for its own store only; a store no workspace holds accepts nothing.
    expect((await request(`unknown-${uniq()}`, "GET", "/products", { authorization: `Bearer ${key}` })).status).toBe(401);
    const template = `template-${uniq()}`;
    await copyStore(db, store, template);
    expect((await request(template, "GET", "/products", { authorization: `Bearer ${key}` })).status).toBe(401);
    expect((await request("bad%00id", "GET", "/products", { authorization: `Bearer ${key}` })).status).toBe(401);

    const cancel = await request(store, "POST", `/orders/${encodeURIComponent(order.order_id)}/cancel`, { authorization: `Bearer ${key}`, body: { reason: "no longer needed" } });
    expect(cancel.status).toBe(200);
    expect(await orderStatus(store, order.order_id)).toBe("cancelled");
  });

  it("issuing a key again rotates it: the old one stops working at once in this process", async () => {
    const store = `rotate-${uniq()}`;
    const { workspaceId, key: oldKey } = await workspaceStore(store);
    expect((await request(store, "GET", "/products", { authorization: `Bearer ${oldKey}` })).status).toBe(200);
    await db.transaction((tx) => issueStoreCredential(tx, { storeId: store, workspaceId }));
    const newKey = (await secretResolver(db, workspaceId)(storeCredentialSecret))!;
    expect(newKey).not.toBe(oldKey);
    expect((await request(store, "GET", "/products", { authorization: `Bearer ${oldKey}` })).status).toBe(401);
    expect((await request(store, "GET", "/products", { authorization: `Bearer ${newKey}` })).status).toBe(200);
  });

  it("a key issued by another instance works at once, though this one cached the old key's hash", async () => {
    const store = `instances-${uniq()}`;
    const { key } = await workspaceStore(store);
    expect((await request(store, "GET", "/products", { authorization: `Bearer ${key}` })).status).toBe(200);
    // What another instance's issueStoreCredential writes, without this process hearing of it.
    const fresh = `sk_store_${uniq()}${uniq()}`;
    await db.update(stores).set({ credentialHash: hashStoreCredential(fresh).toString("hex") }).where(eq(stores.id, store));
    expect((await request(store, "GET", "/products", { authorization: `Bearer ${fresh}` })).status).toBe(200);
  });

  it("a store serves one workspace: another workspace cannot be issued its key", async () => {
    const store = `owned-${uniq()}`;
    await workspaceStore(store);
    const { workspace: intruder } = await makeWorkspace(db);
    await expect(db.transaction((tx) => issueStoreCredential(tx, { storeId: store, workspaceId: intruder.id }))).rejects.toMatchObject({ code: "conflict" });
    expect(await secretResolver(db, intruder.id)(storeCredentialSecret)).toBeUndefined();
  });
});
