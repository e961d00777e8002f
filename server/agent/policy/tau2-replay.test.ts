import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { storeOrders, storeProducts, storeUsers } from "@/db/schema";
import { copyStore, deleteStore, loadRetailDb, seedStore } from "@/db/seed/store";
import { isWriteTool } from "@/server/services/store/args";
import { runStoreTool } from "@/server/services/store/run-store-tool";
import { testDatabase } from "@/test/db";
import { uniq } from "@/test/factories";
import type { Session } from "./facts";
import { checkOnDemoStore } from "@/server/agent/demo/check-on-store";
import { retailPolicies } from "./retail-policies";

// Replays every τ²-bench retail task's reference actions through the policy gate and the store, then
// checks the store against the changes the upstream reference tools made (expected-db-changes.json).

type Json = unknown;
type RetailDb = Awaited<ReturnType<typeof loadRetailDb>>;
interface Action {
  action_id: string;
  name: string;
  arguments: Record<string, unknown>;
}
interface Task {
  id: string;
  evaluation_criteria: { actions: Action[] };
}
interface Change {
  op: "replace" | "add" | "remove";
  path: string;
  before?: Json;
  after?: Json;
}
interface Expected {
  task_id: string;
  changes: Change[];
  reference_action_errors: { action_id: string; name: string; write: boolean; error: string }[];
  known_reference_tool_bug?: string;
}

const dir = path.join(process.cwd(), "db/seed/tau2-retail");
const tasks = JSON.parse(readFileSync(path.join(dir, "tasks.json"), "utf8")) as Task[];
const expectations = new Map(
  (JSON.parse(readFileSync(path.join(dir, "expected-db-changes.json"), "utf8")) as { tasks: Expected[] }).tasks.map((t) => [t.task_id, t]),
);

// When the reference write itself failed upstream, the gate must stop it first; upstream's message
// names the broken rule.
const ruleForUpstreamError: Record<string, string> = {
  "Non-delivered order cannot be exchanged": "order-delivered",
  "Insufficient gift card balance to pay for the price difference": "gift-card-balance",
};

const pointer = (p: string) =>
  p
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));

function applyChange(root: Record<string, Json>, change: Change) {
  const keys = pointer(change.path);
  const last = keys.pop()!;
  let node = root as Record<string, Json>;
  for (const key of keys) node = node[key] as Record<string, Json>;
  // The file was made against the same db.json: its "before" must be what is there now.
  expect(node[last] ?? null, `before of ${change.path}`).toEqual(change.before ?? null);
  if (change.op === "remove") delete node[last];
  else node[last] = structuredClone(change.after);
}

/** Paths where a and b differ; numbers equal within 1e-9 (upstream leaves some sums unrounded, e.g. 0.04999999999999716). */
function differences(a: Json, b: Json, at = ""): string[] {
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b) < 1e-9 ? [] : [`${at}: ${a} != ${b}`];
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return a === b ? [] : [`${at}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`];
  if (Array.isArray(a) !== Array.isArray(b)) return [`${at}: array vs object`];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((k) => differences((a as Record<string, Json>)[k], (b as Record<string, Json>)[k], `${at}/${k}`));
}

/**
 * Upstream's multi-item modify (issues #317/#318, PR #322) gives every modified line the LAST
 * replacement's price and options, so tasks 20, 21, 36, 37 and 100 expect that. A correct store gives
 * each line its own variant's price and options (the price difference upstream charges is already
 * computed per item, so payments need no fix). Correct the expected lines from the catalogue.
 */
function correctDefect(expected: RetailDb, original: RetailDb, changes: Change[]): number {
  let fixed = 0;
  const orderIds = new Set(changes.filter((c) => c.path.startsWith("/orders/")).map((c) => pointer(c.path)[1]!));
  for (const orderId of orderIds) {
    const order = expected.orders[orderId] as unknown as { items: { item_id: string; product_id: string; price: number; options: Json }[] };
    const before = original.orders[orderId] as unknown as { items: { item_id: string }[] };
    for (const [i, item] of order.items.entries()) {
      if (item.item_id === before.items[i]!.item_id) continue;
      const variant = (original.products[item.product_id] as unknown as { variants: Record<string, { price: number; options: Json }> }).variants[item.item_id]!;
      if (item.price !== variant.price || differences(item.options, variant.options).length > 0) fixed++;
      item.price = variant.price;
      item.options = structuredClone(variant.options);
    }
  }
  return fixed;
}

const tables = { users: storeUsers, orders: storeOrders, products: storeProducts } as const;

/**
 * The records of `storeId` that differ from the template store (jsonb equality, in SQL) plus those the
 * task is expected to change. Every other record equals the template, which equals db.json (checked
 * once below), so comparing these is comparing the whole store.
 */
async function readTouched(db: Db, storeId: string, template: string, expectedIds: Record<keyof typeof tables, Set<string>>) {
  const out: Record<string, Record<string, Json>> = {};
  for (const [name, table] of Object.entries(tables) as [keyof typeof tables, (typeof tables)[keyof typeof tables]][]) {
    const changed = await db.execute<{ id: string }>(sql`select a.id from ${table} a join ${table} t on t.store_id = ${template} and t.id = a.id
      where a.store_id = ${storeId} and a.data is distinct from t.data`);
    const ids = [...new Set([...rowsOf<{ id: string }>(changed).map((r) => r.id), ...expectedIds[name]])];
    const rows = ids.length ? await db.select().from(table).where(and(eq(table.storeId, storeId), inArray(table.id, ids))) : [];
    for (const row of rows) if ("status" in row) expect(row.status, `status column of ${row.id}`).toBe((row.data as { status: string }).status);
    out[name] = Object.fromEntries(rows.map((r) => [r.id, r.data]));
  }
  return out;
}

// postgres.js returns the rows array, PGlite a result with `rows`.

async function readStore(db: Db, storeId: string) {
  const [users, orders, products] = await Promise.all([
    db.select({ id: storeUsers.id, data: storeUsers.data }).from(storeUsers).where(eq(storeUsers.storeId, storeId)),
    db.select({ id: storeOrders.id, data: storeOrders.data }).from(storeOrders).where(eq(storeOrders.storeId, storeId)),
    db.select({ id: storeProducts.id, data: storeProducts.data }).from(storeProducts).where(eq(storeProducts.storeId, storeId)),
  ]);
  return {
    users: Object.fromEntries(users.map((r) => [r.id, r.data])),
    orders: Object.fromEntries(orders.map((r) => [r.id, r.data])),
    products: Object.fromEntries(products.map((r) => [r.id, r.data])),
  };
}

describe("τ²-bench retail replay through the gate", () => {
  let db: Db;
  let original: RetailDb;
  const template = `tau2-template-${uniq()}`;

  beforeAll(async () => {
    db = (await testDatabase()).db;
    await seedStore(db, template);
    original = await loadRetailDb();
  });

  it("seeds db.json verbatim, and copies it", async () => {
    expect(differences(await readStore(db, template), original)).toEqual([]);
    expect(await seedStore(db, template)).toBe(false);
  });

  it("has all 114 tasks and an expectation for each", () => {
    expect(tasks).toHaveLength(114);
    for (const t of tasks) expect(expectations.has(t.id)).toBe(true);
  });

  it.each(tasks.map((t) => [t.id, t] as const))("task %s", async (_id, task) => {
    const storeId = `tau2-${task.id}-${uniq()}`;
    await copyStore(db, template, storeId);
    const ctx = { db, storeId };
    const expected = expectations.get(task.id)!;
    const upstreamErrors = new Map(expected.reference_action_errors.map((e) => [e.action_id, e]));
    // Task 105's file entry names its action 106_0; match errors by tool and arguments position too.
    const errorFor = (a: Action) => upstreamErrors.get(a.action_id) ?? expected.reference_action_errors.find((e) => e.name === a.name && e.write && isWriteTool(a.name) && task.evaluation_criteria.actions.filter((x) => x.name === a.name).length === 1);
    const session: Session = { confirmed: true };

    for (const action of task.evaluation_criteria.actions) {
      const upstreamError = errorFor(action);
      if (isWriteTool(action.name)) {
        session.authenticatedUserId ??= await ownerOf(ctx, action);
        const decision = await checkOnDemoStore(ctx, { tool: action.name, args: action.arguments, session, policies: retailPolicies });
        if (upstreamError) {
          expect(decision.decision, `${action.action_id} should be denied`).toBe("deny");
          expect(decision.ruleId).toBe(ruleForUpstreamError[upstreamError.error]);
          // The store refuses it too, for the same reason upstream gave.
          await expect(runStoreTool(ctx, action.name, action.arguments)).rejects.toThrow(upstreamError.error);
          continue;
        }
        expect({ action: action.action_id, decision: decision.decision, ruleId: decision.ruleId }).toEqual({ action: action.action_id, decision: "allow", ruleId: "allow" });
        await runStoreTool(ctx, action.name, action.arguments);
        continue;
      }
      const decision = await checkOnDemoStore(ctx, { tool: action.name, args: action.arguments, session, policies: retailPolicies });
      expect(decision).toMatchObject({ decision: "allow", ruleId: "read" });
      if (upstreamError) {
        await expect(runStoreTool(ctx, action.name, action.arguments)).rejects.toThrow(upstreamError.error);
        continue;
      }
      const result = await runStoreTool(ctx, action.name, action.arguments);
      if (action.name === "find_user_id_by_email" || action.name === "find_user_id_by_name_zip") session.authenticatedUserId = result as string;
    }

    // The expected store, built only for the records the changes touch; every other record is db.json's.
    const want = { users: {}, orders: {}, products: {} } as unknown as RetailDb;
    const expectedIds = { users: new Set<string>(), orders: new Set<string>(), products: new Set<string>() };
    for (const c of expected.changes) {
      const [table, id] = pointer(c.path) as [keyof typeof expectedIds, string];
      expectedIds[table].add(id);
      (want[table] as Record<string, Json>)[id] ??= structuredClone(original[table][id]);
      applyChange(want as unknown as Record<string, Json>, c);
    }
    if (expected.known_reference_tool_bug) expect(correctDefect(want, original, expected.changes)).toBeGreaterThan(0);
    const got = await readTouched(db, storeId, template, expectedIds);
    const wantTouched = Object.fromEntries(
      (Object.keys(got) as (keyof typeof expectedIds)[]).map((t) => [
        t,
        Object.fromEntries(Object.keys(got[t]!).map((id) => [id, (want[t] as Record<string, Json>)[id] ?? original[t][id]])),
      ]),
    );
    expect(differences(got, wantTouched)).toEqual([]);
    // Every expected change landed on a row that exists in the copy.
    for (const t of Object.keys(expectedIds) as (keyof typeof expectedIds)[]) for (const id of expectedIds[t]) expect(got[t]).toHaveProperty([id]);
    await deleteStore(db, storeId);
  });
});

/** For tasks whose reference actions skip the lookup, the customer is the one whose order (or account) it is. */
async function ownerOf(ctx: { db: Db; storeId: string }, action: Action): Promise<string> {
  if (typeof action.arguments.user_id === "string") return action.arguments.user_id;
  const order = (await runStoreTool(ctx, "get_order_details", { order_id: action.arguments.order_id })) as { user_id: string };
  return order.user_id;
}
