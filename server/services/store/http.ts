import "server-only";
import type { Db } from "@/db/client";
import { DomainError, type DomainErrorCode, httpStatusOf, invalid } from "@/server/errors";
import type { StoreToolName } from "./args";
import { runStoreTool } from "./run-store-tool";
import { verifyStoreCredential } from "./verify-store-credential";

// The demo brand's backend as a small JSON API, so the agent reaches it the way it would reach a real
// brand's: /api/store/{storeId}/... Routes map one-to-one onto the τ² tools.

type Route = { method: "GET" | "POST"; pattern: RegExp; tool: StoreToolName; args: (m: string[], q: URLSearchParams, body: Record<string, unknown>) => unknown; wrap?: string };

const routes: Route[] = [
  { method: "GET", pattern: /^users\/by-email$/, tool: "find_user_id_by_email", args: (_, q) => ({ email: q.get("email") ?? "" }), wrap: "user_id" },
  {
    method: "GET",
    pattern: /^users\/by-name-zip$/,
    tool: "find_user_id_by_name_zip",
    args: (_, q) => ({ first_name: q.get("first_name") ?? "", last_name: q.get("last_name") ?? "", zip: q.get("zip") ?? "" }),
    wrap: "user_id",
  },
  { method: "GET", pattern: /^users\/([^/]+)$/, tool: "get_user_details", args: ([id]) => ({ user_id: id }) },
  { method: "POST", pattern: /^users\/([^/]+)\/address$/, tool: "modify_user_address", args: ([id], _, b) => ({ ...b, user_id: id }) },
  { method: "GET", pattern: /^orders\/([^/]+)$/, tool: "get_order_details", args: ([id]) => ({ order_id: orderId(id!) }) },
  { method: "POST", pattern: /^orders\/([^/]+)\/cancel$/, tool: "cancel_pending_order", args: ([id], _, b) => ({ ...b, order_id: orderId(id!) }) },
  { method: "POST", pattern: /^orders\/([^/]+)\/address$/, tool: "modify_pending_order_address", args: ([id], _, b) => ({ ...b, order_id: orderId(id!) }) },
  { method: "POST", pattern: /^orders\/([^/]+)\/payment$/, tool: "modify_pending_order_payment", args: ([id], _, b) => ({ ...b, order_id: orderId(id!) }) },
  { method: "POST", pattern: /^orders\/([^/]+)\/items$/, tool: "modify_pending_order_items", args: ([id], _, b) => ({ ...b, order_id: orderId(id!) }) },
  { method: "POST", pattern: /^orders\/([^/]+)\/return$/, tool: "return_delivered_order_items", args: ([id], _, b) => ({ ...b, order_id: orderId(id!) }) },
  { method: "POST", pattern: /^orders\/([^/]+)\/exchange$/, tool: "exchange_delivered_order_items", args: ([id], _, b) => ({ ...b, order_id: orderId(id!) }) },
  { method: "GET", pattern: /^products$/, tool: "list_all_product_types", args: () => ({}) },
  { method: "GET", pattern: /^products\/([^/]+)$/, tool: "get_product_details", args: ([id]) => ({ product_id: id }) },
  { method: "GET", pattern: /^items\/([^/]+)$/, tool: "get_item_details", args: ([id]) => ({ item_id: id }) },
  { method: "POST", pattern: /^calculate$/, tool: "calculate", args: (_, __, b) => b, wrap: "result" },
];

// "#" starts a URL fragment, so clients may send order "#W123" as %23W123 or simply W123.
const orderId = (id: string) => (id.startsWith("#") ? id : `#${id}`);

/** A store API call, independent of the server that received it. */
export interface StoreCall {
  method: string;
  url: URL;
  /** The raw body of a POST. */
  body?: string;
  /** The Authorization header: the store's API key as a bearer token. */
  authorization?: string | null;
}

export interface StoreReply {
  status: number;
  body: unknown;
}

const error = (code: DomainErrorCode | "method_not_allowed", message: string, status: number): StoreReply => ({ status, body: { error: { code, message } } });

/** The Next route's entry: a web Request in, a JSON Response out. */
export async function handleStoreRequest(db: Db, request: Request): Promise<Response> {
  const reply = await callStore(db, {
    method: request.method,
    url: new URL(request.url),
    body: request.method === "POST" ? await request.text() : undefined,
    authorization: request.headers.get("authorization"),
  });
  return Response.json(reply.body, { status: reply.status });
}

/** Routes a call with the store's API key to its store tool; the tool's domain errors become their HTTP statuses. */
export async function callStore(db: Db, call: StoreCall): Promise<StoreReply> {
  const match = /^\/api\/store\/([^/]+)\/(.*?)\/?$/.exec(call.url.pathname);
  if (!match) return error("not_found", "Not a store API path", 404);
  try {
    const storeId = decodePathSegment(match[1]!);
    // Before anything else: a caller without the store's key learns nothing, not even which routes exist.
    await verifyStoreCredential(db, storeId, call.authorization);
    return await routeCall(db, storeId, match[2]!, call);
  } catch (e) {
    if (e instanceof DomainError) return error(e.code, e.message, httpStatusOf[e.code]);
    throw e;
  }
}

async function routeCall(db: Db, storeId: string, rest: string, call: StoreCall): Promise<StoreReply> {
  const candidates = routes.filter((r) => r.pattern.test(rest));
  const route = candidates.find((r) => r.method === call.method);
  if (!route) {
    return candidates.length > 0 ? error("method_not_allowed", `Use ${candidates[0]!.method} for this path`, 405) : error("not_found", `No store route ${rest}`, 404);
  }

  let body: Record<string, unknown> = {};
  if (call.method === "POST") {
    const parsed = parseJson(call.body ?? "");
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return error("invalid", "The body must be a JSON object", 400);
    body = parsed as Record<string, unknown>;
  }
  const params = route.pattern.exec(rest)!.slice(1).map(decodePathSegment);
  const result = await runStoreTool({ db, storeId }, route.tool, route.args(params, call.url.searchParams, body));
  return { status: 200, body: route.wrap ? { [route.wrap]: result } : result };
}

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw invalid(`The path segment ${segment.slice(0, 40)} is not valid percent-encoding`);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
