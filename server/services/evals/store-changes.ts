import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/rows";

// The backend's end state, as τ²-bench checks it: what a case changed in its sandbox store, as JSON-pointer
// paths into the store's records (`/orders/#W2378156/status`) with their values after the case.

export interface StoreChanges {
  /** Leaf path → its value after (null when removed). */
  leaves: Map<string, unknown>;
  /** Each changed record after the case (`/orders/#W2378156` → its data; null when deleted). */
  records: Map<string, unknown>;
}

const TABLES = { orders: "store_orders", users: "store_users", products: "store_products" } as const;

const escape = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");
const unescape = (key: string) => key.replace(/~1/g, "/").replace(/~0/g, "~");

/**
 * Every record of `sandbox` whose data differs from the same record of `source`, as leaf paths → values
 * after; `read` adds records to read whether they changed or not (those an expectation names).
 */
export async function storeChanges(db: Db, input: { source: string; sandbox: string; read?: string[] }): Promise<StoreChanges> {
  const changes: StoreChanges = { leaves: new Map(), records: new Map() };
  for (const [collection, table] of Object.entries(TABLES)) {
    const rows = rowsOf<{ id: string; before: unknown; after: unknown }>(
      await db.execute(sql`select coalesce(s.id, o.id) as id, o.data as before, s.data as after
        from (select id, data from ${sql.identifier(table)} where store_id = ${input.sandbox}) s
        full join (select id, data from ${sql.identifier(table)} where store_id = ${input.source}) o on o.id = s.id
        where s.data is distinct from o.data`),
    );
    for (const row of rows) {
      const path = `/${collection}/${escape(row.id)}`;
      changes.records.set(path, row.after ?? null);
      diff(row.before ?? null, row.after ?? null, path, changes.leaves);
    }
  }
  for (const path of input.read ?? []) {
    const [collection, id] = path.split("/").slice(1);
    const table = TABLES[collection as keyof typeof TABLES];
    const record = `/${collection}/${id}`;
    if (!table || !id || changes.records.has(record)) continue;
    const [row] = rowsOf<{ data: unknown }>(await db.execute(sql`select data from ${sql.identifier(table)} where store_id = ${input.sandbox} and id = ${unescape(id)}`));
    changes.records.set(record, row?.data ?? null);
  }
  return changes;
}

/** Leaf differences: objects key by key, arrays index by index (an appended entry is its own path). */
function diff(before: unknown, after: unknown, path: string, out: Map<string, unknown>) {
  if (sameValue(before, after)) return;
  const bothArrays = Array.isArray(before) && Array.isArray(after);
  const bothObjects = isObject(before) && isObject(after);
  if (!bothArrays && !bothObjects) {
    out.set(path, after === undefined ? null : after);
    return;
  }
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) diff(b[key] ?? null, a[key] ?? null, `${path}/${escape(key)}`, out);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Equal JSON, numbers within a micro-unit (upstream leaves some sums unrounded, e.g. 0.04999999999999716). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b) < 1e-6;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => k in b && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The value at `path` after the case, if its record changed or was read (undefined otherwise, or when the path is absent). */
export function valueAfter(changes: StoreChanges, path: string): unknown {
  const [collection, id, ...rest] = path.split("/").slice(1);
  let node = changes.records.get(`/${collection}/${id}`);
  for (const key of rest.map(unescape)) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
