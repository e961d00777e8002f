import "server-only";
import type { FactObject, FactType, Facts } from "@/lib/schemas/policy";
import { factName } from "@/lib/policy/fact-name";
import { DomainError } from "@/server/errors";
import type { StoreToolArgs, WriteToolName } from "@/server/services/store/args";
import { roundCents } from "@/server/services/store/money";
import { loadOrder, loadProduct, loadUser } from "@/server/services/store/records";
import type { StoreCtx, StoreOrder, StoreProduct, StoreUser } from "@/server/services/store/types";
import { daysSince } from "./evaluate";

/** What the runtime knows for sure about the conversation: set by tools, never by what the customer says. */
export interface Session {
  /** The user id a lookup by email or by name + zip returned in this conversation. */
  authenticatedUserId?: string;
  /** The customer said yes to the exact action being taken. */
  confirmed?: boolean;
}

/** The facts retail policies may use, for the studio's rule builder and test bench. */
export const retailFacts: { name: string; type: FactType; description: string }[] = [
  { name: "session.authenticated_user_id", type: "string", description: "The customer found by email or name + zip; unknown until then" },
  { name: "session.confirmed", type: "boolean", description: "The customer explicitly confirmed this action" },
  { name: "user.exists", type: "boolean", description: "The customer the action is for exists" },
  { name: "user.id", type: "string", description: "The customer the action is for" },
  { name: "user.is_authenticated_user", type: "boolean", description: "The action is for the authenticated customer" },
  { name: "order.exists", type: "boolean", description: "The order exists" },
  { name: "order.id", type: "string", description: "The order id" },
  { name: "order.user_id", type: "string", description: "The order's customer" },
  { name: "order.belongs_to_authenticated_user", type: "boolean", description: "The order is the authenticated customer's" },
  { name: "order.status", type: "string", description: "pending, processed, delivered, cancelled, pending (item modified), ..." },
  { name: "order.was_item_modified", type: "boolean", description: "The order's items were already modified once" },
  { name: "order.payment_method_ids", type: "string[]", description: "Payment methods used in the order's payment history" },
  { name: "order.original_payment_method_id", type: "string", description: "The method of the order's first payment" },
  { name: "order.payment_count", type: "number", description: "Payments (not refunds) in the order's history" },
  { name: "order.item_ids", type: "string[]", description: "Item ids in the order" },
  { name: "order.total", type: "number", description: "Sum of the order's item prices" },
  { name: "order.delivered_days_ago", type: "number", description: "Days since delivery, when the store records a delivery date" },
  { name: "order.delivered_at", type: "date", description: "When the order was delivered, when the store records it (for date arithmetic)" },
  { name: "request.reason", type: "string", description: "The cancellation reason requested" },
  { name: "request.payment_method_id", type: "string", description: "The payment method the action charges or refunds" },
  { name: "request.payment_method_type", type: "string", description: "gift_card, paypal or credit_card" },
  { name: "request.payment_method_belongs_to_user", type: "boolean", description: "That payment method is the order's customer's" },
  { name: "request.payment_method_is_original", type: "boolean", description: "That payment method paid for the order originally" },
  { name: "request.payment_method_is_gift_card", type: "boolean", description: "That payment method is a gift card" },
  { name: "request.gift_card_balance", type: "number", description: "The gift card's balance, when it is one" },
  { name: "request.amount_due", type: "number", description: "What the action charges (negative: refunds) to that method" },
  { name: "request.gift_card_balance_sufficient", type: "boolean", description: "The gift card covers the amount due (only for gift cards)" },
  { name: "request.item_ids", type: "string[]", description: "Items to change or return" },
  { name: "request.item_count", type: "number", description: "How many items to change or return" },
  { name: "request.refund_amount", type: "number", description: "What a return refunds: the sum of the returned items' prices" },
  { name: "request.items_in_order", type: "boolean", description: "Every item is in the order (counting repeats)" },
  { name: "request.new_item_ids", type: "string[]", description: "Replacement items" },
  { name: "request.item_counts_match", type: "boolean", description: "One replacement per item" },
  { name: "request.new_items_differ", type: "boolean", description: "Every replacement differs from the item it replaces" },
  { name: "request.new_items_same_product", type: "boolean", description: "Every replacement is a variant of the same product" },
  { name: "request.new_items_available", type: "boolean", description: "Every replacement is available" },
];

/**
 * Facts for a write to a brand's own backend, which the runtime cannot look into: the verified session
 * and the request's own arguments as `request.<name>` (nested objects as `request.<name>.<key>`, names
 * in snake_case as fact names are: `refundAmount` is `request.refund_amount`). The arguments are what
 * will be executed, so rules on them (an amount, a reason) hold for the write.
 */
export function requestFacts(args: Record<string, unknown>, session: Session): Facts {
  return { "session.authenticated_user_id": session.authenticatedUserId, "session.confirmed": session.confirmed === true, ...flattenFacts("request", args) };
}

/**
 * A JSON value as facts under `prefix`: scalars and lists of scalars, nested objects as `prefix.key.key`
 * (three levels), lists of objects as one fact whose items keep their fields (for expressions such as
 * `order.items.all(i, i.status == "shipped")`), keys in snake_case.
 */
export function flattenFacts(prefix: string, value: unknown): Facts {
  const facts: Facts = {};
  const add = (fact: string, v: unknown, depth: number) => {
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") facts[fact] = v;
    else if (Array.isArray(v) && v.length > 0 && v.every(isObject)) facts[fact] = v.map((item) => factObject(item, 0));
    else if (Array.isArray(v)) facts[fact] = v.filter((x) => typeof x === "string" || typeof x === "number").map(String);
    else if (isObject(v) && depth < 3) for (const [k, x] of Object.entries(v)) add(`${fact}.${factName(k)}`, x, depth + 1);
  };
  if (isObject(value)) for (const [k, v] of Object.entries(value)) add(`${prefix}.${factName(k)}`, v, 0);
  return facts;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** An item of a list of objects as a fact sees it: keys in snake_case, nested objects kept (four levels). */
export function factObject(value: Record<string, unknown>, depth: number): FactObject {
  const out: FactObject = {};
  for (const [k, v] of Object.entries(value)) {
    if (isObject(v)) {
      if (depth < 3) out[factName(k)] = factObject(v, depth + 1);
    } else if (Array.isArray(v)) {
      if (depth < 3) out[factName(k)] = v.map((x) => (isObject(x) ? factObject(x, depth + 1) : x));
    } else out[factName(k)] = v;
  }
  return out;
}

/** The fact an argument of an own write tool becomes: `refundAmount` is `request.refund_amount`. */
export const requestFactName = (arg: string) => `request.${factName(arg)}`;


const notFound = (e: unknown) => e instanceof DomainError && e.code === "not_found";
async function orUndefined<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    if (notFound(e)) return undefined;
    throw e;
  }
}

type AnyWriteArgs = Partial<StoreToolArgs<"modify_pending_order_items"> & StoreToolArgs<"cancel_pending_order"> & StoreToolArgs<"modify_user_address">>;

/**
 * Derives the verified facts for a write from the store and the session. Only the requested action's
 * arguments are taken as given (they are what will be executed); everything about them — whose order,
 * which status, whether a payment method is the customer's — is looked up.
 */
export async function deriveFacts(
  ctx: StoreCtx,
  input: { tool: WriteToolName; args: AnyWriteArgs; session: Session; now: Date },
): Promise<Facts> {
  const { args, session } = input;
  const facts: Facts = {
    "session.authenticated_user_id": session.authenticatedUserId,
    "session.confirmed": session.confirmed === true,
  };

  const order = args.order_id ? await orUndefined(loadOrder(ctx.db, ctx.storeId, args.order_id)) : undefined;
  const userId = order?.user_id ?? (args.order_id ? undefined : args.user_id);
  const user = userId ? await orUndefined(loadUser(ctx.db, ctx.storeId, userId)) : undefined;

  if (!args.order_id) {
    facts["user.exists"] = user !== undefined;
    facts["user.id"] = args.user_id;
    if (args.user_id !== undefined) facts["user.is_authenticated_user"] = args.user_id === session.authenticatedUserId;
  }
  if (args.order_id) {
    facts["order.exists"] = order !== undefined;
    if (order) Object.assign(facts, orderFacts(order, session, input.now));
  }
  if (args.reason !== undefined) facts["request.reason"] = args.reason;
  if (order && args.item_ids) Object.assign(facts, await itemFacts(ctx, order, args.item_ids, args.new_item_ids));
  if (order && args.item_ids && input.tool === "return_delivered_order_items") facts["request.refund_amount"] = refundAmount(order, args.item_ids);
  if (order && user && args.payment_method_id) Object.assign(facts, paymentFacts(input.tool, order, user, args.payment_method_id, facts["request.amount_due"] as number | undefined));
  return facts;
}

function orderFacts(order: StoreOrder, session: Session, now: Date): Facts {
  const payments = order.payment_history.filter((p) => p.transaction_type === "payment");
  const deliveredAt = (order as { delivered_at?: unknown }).delivered_at;
  return {
    "order.id": order.order_id,
    "order.user_id": order.user_id,
    "order.belongs_to_authenticated_user": order.user_id === session.authenticatedUserId,
    "order.status": order.status,
    "order.was_item_modified": order.status === "pending (item modified)",
    "order.payment_method_ids": [...new Set(order.payment_history.map((p) => p.payment_method_id))],
    "order.original_payment_method_id": order.payment_history[0]?.payment_method_id,
    "order.payment_count": payments.length,
    "order.item_ids": order.items.map((i) => i.item_id),
    "order.total": roundCents(order.items.reduce((sum, i) => sum + i.price, 0)),
    // τ² orders carry no dates; a store that records `delivered_at` gets the return window enforced.
    "order.delivered_days_ago": typeof deliveredAt === "string" ? daysSince(new Date(deliveredAt), now) : undefined,
    "order.delivered_at": typeof deliveredAt === "string" ? deliveredAt : undefined,
  };
}

/** The returned items' prices summed, each id counted as often as it is returned; unknown when one is not in the order. */
function refundAmount(order: StoreOrder, itemIds: string[]): number | undefined {
  const remaining = [...order.items];
  let sum = 0;
  for (const id of itemIds) {
    const at = remaining.findIndex((i) => i.item_id === id);
    if (at < 0) return undefined;
    sum += remaining.splice(at, 1)[0]!.price;
  }
  return roundCents(sum);
}

async function itemFacts(ctx: StoreCtx, order: StoreOrder, itemIds: string[], newItemIds: string[] | undefined): Promise<Facts> {
  const remaining = order.items.map((i) => i.item_id);
  const lines = itemIds.map((id) => {
    const at = remaining.indexOf(id);
    if (at < 0) return undefined;
    remaining[at] = "";
    return order.items.find((i) => i.item_id === id);
  });
  const facts: Facts = {
    "request.item_ids": itemIds,
    "request.item_count": itemIds.length,
    "request.items_in_order": itemIds.length > 0 && lines.every(Boolean),
  };
  if (!newItemIds) return facts;

  facts["request.new_item_ids"] = newItemIds;
  facts["request.item_counts_match"] = itemIds.length === newItemIds.length && itemIds.length > 0;
  facts["request.new_items_differ"] = itemIds.every((id, i) => newItemIds[i] !== undefined && newItemIds[i] !== id);
  const products = new Map<string, StoreProduct | undefined>();
  for (const line of lines) {
    if (line && !products.has(line.product_id)) products.set(line.product_id, await orUndefined(loadProduct(ctx.db, ctx.storeId, line.product_id)));
  }
  const variants = lines.map((line, i) => (line ? products.get(line.product_id)?.variants[newItemIds[i] ?? ""] : undefined));
  facts["request.new_items_same_product"] = facts["request.item_counts_match"] && variants.every(Boolean);
  facts["request.new_items_available"] = facts["request.item_counts_match"] && variants.every((v) => v?.available === true);
  if (facts["request.new_items_same_product"]) {
    facts["request.amount_due"] = roundCents(variants.reduce((sum, v, i) => sum + v!.price - lines[i]!.price, 0));
  }
  return facts;
}

function paymentFacts(tool: WriteToolName, order: StoreOrder, user: StoreUser, methodId: string, amountDue: number | undefined): Facts {
  const method = user.payment_methods[methodId];
  // Changing the payment method charges the whole original payment to the new one.
  const due = tool === "modify_pending_order_payment" ? order.payment_history[0]?.amount : tool === "return_delivered_order_items" ? undefined : amountDue;
  const isGiftCard = method?.source === "gift_card";
  return {
    "request.payment_method_id": methodId,
    "request.payment_method_type": method?.source,
    "request.payment_method_belongs_to_user": method !== undefined,
    "request.payment_method_is_original": methodId === order.payment_history[0]?.payment_method_id,
    "request.payment_method_is_gift_card": isGiftCard,
    "request.gift_card_balance": isGiftCard ? method.balance ?? 0 : undefined,
    "request.amount_due": due,
    "request.gift_card_balance_sufficient": isGiftCard && due !== undefined ? (method.balance ?? 0) >= due : undefined,
  };
}
