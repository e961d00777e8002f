import type { HttpToolInput } from "@/lib/schemas/tool";
import { storeCredentialSecret } from "@/server/services/store/credential";

const str = (description: string) => ({ type: "string", description });
const ids = (description: string) => ({ type: "array", items: { type: "string" }, description });
const obj = (properties: Record<string, unknown>, required = Object.keys(properties)) => ({ type: "object", properties, required, additionalProperties: false });
const address = {
  address1: str("Street address"),
  address2: str("Apartment, suite or unit; empty if none"),
  city: str("City"),
  state: str("State"),
  country: str("Country"),
  zip: str("Zip code"),
};

// The store API's answers as JSON Schema (as an OpenAPI import would give them): they type the facts the
// writes' lookups give the policies (order.status, order.items, user.payment_methods …).
const text = { type: "string" };
const money = { type: "number" };
const record = (properties: Record<string, unknown>) => ({ type: "object", properties });
const addressSchema = record(Object.fromEntries(Object.keys(address).map((k) => [k, text])));
const orderSchema = record({
  order_id: text,
  user_id: text,
  status: text,
  address: addressSchema,
  items: { type: "array", items: record({ name: text, product_id: text, item_id: text, price: money, options: { type: "object", additionalProperties: text } }) },
  payment_history: { type: "array", items: record({ transaction_type: text, amount: money, payment_method_id: text }) },
  fulfillments: { type: "array", items: record({ tracking_id: { type: "array", items: text }, item_ids: { type: "array", items: text } }) },
  /** Recorded by stores that know it (the demo seed's delivery dates); τ² orders have none. */
  delivered_at: { type: "string", format: "date-time" },
});
const userSchema = record({
  user_id: text,
  email: text,
  name: record({ first_name: text, last_name: text }),
  address: addressSchema,
  payment_methods: { type: "object", additionalProperties: record({ source: text, id: text, balance: money, brand: text, last_four: text }) },
  orders: { type: "array", items: text },
});
const itemSchema = record({ item_id: text, product_id: text, name: text, price: money, available: { type: "boolean" } });

// What each write looks up before its policy decides: the order (whose customer it names), the order's
// customer (their payment methods) and, for a change of items, each replacement item.
const order = { tool: "get_order_details", as: "order", customerIdPath: "user_id" };
const customer = { tool: "get_user_details", as: "user", args: { user_id: "order.user_id" } };
const replacements = { tool: "get_item_details", as: "new_items", forEach: "request.new_item_ids", args: { item_id: "item" } };
const lookups: Record<string, HttpToolInput["factsFrom"]> = {
  cancel_pending_order: [order],
  modify_pending_order_address: [order],
  modify_pending_order_payment: [order, customer],
  modify_pending_order_items: [order, customer, replacements],
  modify_user_address: [{ tool: "get_user_details", as: "user", customerIdPath: "user_id" }],
  return_delivered_order_items: [order, customer],
  exchange_delivered_order_items: [order, customer, replacements],
};

// The facts the demo's policies read, computed by each write from its request and what it looked up:
// `order` (the store's order, which names its customer), `user` (the order's customer, or the customer
// whose address changes) and `new_items` (each replacement item). CEL, as a brand's would be.
type Fact = { name: string; expr: string; description: string };
const fact = (name: string, expr: string, description: string): Fact => ({ name, expr, description });

/** The line of the order that a requested item id is (its first line with that id). */
const lineOf = (id: string) => `order.items.filter(l, l.item_id == ${id})[0]`;

const orderFacts: Fact[] = [
  fact("order.id", "order.order_id", "The order id"),
  fact("order.was_item_modified", 'order.status == "pending (item modified)"', "The order's items were already modified once"),
  fact("order.payment_method_ids", "order.payment_history.map(p, p.payment_method_id)", "Payment methods used in the order's payment history"),
  fact("order.original_payment_method_id", "order.payment_history[0].payment_method_id", "The method of the order's first payment"),
  fact("order.payment_count", 'size(order.payment_history.filter(p, p.transaction_type == "payment"))', "Payments (not refunds) in the order's history"),
  fact("order.item_ids", "order.items.map(i, i.item_id)", "Item ids in the order"),
  fact("order.total", "round(sum(order.items.map(i, i.price)), 2)", "Sum of the order's item prices"),
  // Whole UTC calendar days; unknown for τ² orders, which carry no delivery date.
  fact("order.delivered_days_ago", "int(now) / 86400 - int(order.delivered_at) / 86400", "Days since delivery, when the store records a delivery date"),
];

const itemFacts: Fact[] = [
  fact("request.item_count", "size(request.item_ids)", "How many items to change or return"),
  fact(
    "request.items_in_order",
    "size(request.item_ids) > 0 && request.item_ids.all(id, size(request.item_ids.filter(x, x == id)) <= size(order.items.filter(l, l.item_id == id)))",
    "Every item is in the order (counting repeats)",
  ),
];

const replacementFacts: Fact[] = [
  fact("request.item_counts_match", "size(request.item_ids) > 0 && size(request.item_ids) == size(request.new_item_ids)", "One replacement per item"),
  fact("request.new_items_differ", "range(size(request.item_ids)).all(i, i < size(request.new_item_ids) && request.new_item_ids[i] != request.item_ids[i])", "Every replacement differs from the item it replaces"),
  fact(
    "request.new_items_same_product",
    "request.item_counts_match && range(size(request.item_ids)).all(i, new_items[i].exists && order.items.exists(l, l.item_id == request.item_ids[i] && l.product_id == new_items[i].product_id))",
    "Every replacement is a variant of the same product",
  ),
  fact("request.new_items_available", "request.item_counts_match && new_items.all(n, n.exists && n.available)", "Every replacement is available"),
  fact(
    "request.amount_due",
    `request.new_items_same_product ? optional.of(round(sum(new_items.map(n, n.price)) - sum(request.item_ids.map(id, ${lineOf("id")}.price)), 2)) : optional.none()`,
    "What the change charges (negative: refunds) to the payment method",
  ),
];

const paymentFacts: Fact[] = [
  fact("request.payment_method_type", "user.payment_methods[request.payment_method_id].source", "gift_card, paypal or credit_card"),
  fact("request.payment_method_belongs_to_user", "request.payment_method_id in user.payment_methods", "That payment method is the order's customer's"),
  fact("request.payment_method_is_original", "request.payment_method_id == order.original_payment_method_id", "That payment method paid for the order originally"),
  fact("request.payment_method_is_gift_card", 'request.payment_method_belongs_to_user && request.payment_method_type == "gift_card"', "That payment method is a gift card"),
  fact(
    "request.gift_card_balance",
    "request.payment_method_is_gift_card ? optional.of(user.payment_methods[request.payment_method_id].balance) : optional.none()",
    "The gift card's balance, when it is one",
  ),
];

const balanceSufficient = fact("request.gift_card_balance_sufficient", "request.gift_card_balance >= request.amount_due", "The gift card covers the amount due (only for gift cards)");

const computed: Record<string, Fact[]> = {
  cancel_pending_order: orderFacts,
  modify_pending_order_address: orderFacts,
  modify_pending_order_payment: [
    ...orderFacts,
    ...paymentFacts,
    // Changing the payment method charges the whole original payment to the new one.
    fact("request.amount_due", "order.payment_history[0].amount", "What the change charges to the new payment method"),
    balanceSufficient,
  ],
  modify_pending_order_items: [...orderFacts, ...itemFacts, ...replacementFacts, ...paymentFacts, balanceSufficient],
  modify_user_address: [
    fact("user.id", "request.user_id", "The customer the action is for"),
    fact("user.is_authenticated_user", "request.user_id == session.authenticated_user_id", "The action is for the authenticated customer"),
  ],
  return_delivered_order_items: [
    ...orderFacts,
    ...itemFacts,
    ...paymentFacts,
    fact("request.refund_amount", `request.items_in_order ? optional.of(round(sum(request.item_ids.map(id, ${lineOf("id")}.price)), 2)) : optional.none()`, "What a return refunds: the sum of the returned items' prices"),
  ],
  exchange_delivered_order_items: [...orderFacts, ...itemFacts, ...replacementFacts, ...paymentFacts, balanceSufficient],
};

/**
 * The demo store's API as HTTP tools (τ² retail names), served by this app under /api/store/{storeId}.
 * Like any brand's backend it wants its API key: the workspace's secret, sent by header templating.
 */
export function retailTools(storeId: string): HttpToolInput[] {
  const base = `{{appUrl}}/api/store/${encodeURIComponent(storeId)}`;
  const headers = { authorization: `Bearer {{secret.${storeCredentialSecret}}}` };
  const read = (t: Omit<HttpToolInput, "kind" | "method"> & { method?: HttpToolInput["method"] }): HttpToolInput => ({ method: "GET", retries: 1, headers, ...t, kind: "read" });
  const write = (name: string, description: string, url: string, args: Record<string, unknown>): HttpToolInput => ({
    name,
    headers,
    description,
    method: "POST",
    url,
    args,
    kind: "write",
    policyKey: name,
    requiresConfirmation: true,
    factsFrom: lookups[name],
    facts: computed[name],
  });
  return [
    read({ name: "find_user_id_by_email", description: "Find a customer's user id by email (authenticates the customer)", url: `${base}/users/by-email`, args: obj({ email: str("Email") }), authenticates: { userIdPath: "user_id" } }),
    read({
      name: "find_user_id_by_name_zip",
      description: "Find a customer's user id by first name, last name and zip (authenticates the customer)",
      url: `${base}/users/by-name-zip`,
      args: obj({ first_name: str("First name"), last_name: str("Last name"), zip: str("Zip code") }),
      authenticates: { userIdPath: "user_id" },
    }),
    read({
      name: "get_user_details",
      description: "A customer's profile: name, address, email, payment methods and order ids",
      url: `${base}/users/{user_id}`,
      args: obj({ user_id: str("User id") }),
      customerProfile: { userIdPath: "user_id", emailPath: "email", orderIdsPath: "orders" },
      responseSchema: userSchema,
    }),
    read({ name: "get_order_details", description: "An order: status, items, address, payments", url: `${base}/orders/{order_id}`, args: obj({ order_id: str("Order id such as #W0000000") }), responseSchema: orderSchema }),
    read({ name: "get_product_details", description: "A product and its variants", url: `${base}/products/{product_id}`, args: obj({ product_id: str("Product id") }) }),
    read({ name: "get_item_details", description: "A variant item by item id, with its product", url: `${base}/items/{item_id}`, args: obj({ item_id: str("Item id") }), responseSchema: itemSchema }),
    read({ name: "list_all_product_types", description: "All product types: name → product id", url: `${base}/products`, args: obj({}) }),
    read({ name: "calculate", description: "Evaluate an arithmetic expression", method: "POST", url: `${base}/calculate`, args: obj({ expression: str("Expression") }) }),
    write("cancel_pending_order", "Cancel a pending order", `${base}/orders/{order_id}/cancel`, obj({ order_id: str("Order id"), reason: str("'no longer needed' or 'ordered by mistake'") })),
    write("modify_pending_order_address", "Change a pending order's shipping address", `${base}/orders/{order_id}/address`, obj({ order_id: str("Order id"), ...address })),
    write("modify_pending_order_payment", "Change a pending order's payment method", `${base}/orders/{order_id}/payment`, obj({ order_id: str("Order id"), payment_method_id: str("Payment method id") })),
    write(
      "modify_pending_order_items",
      "Change items of a pending order to other options of the same product",
      `${base}/orders/{order_id}/items`,
      obj({ order_id: str("Order id"), item_ids: ids("Items to change"), new_item_ids: ids("Replacements, in the same order"), payment_method_id: str("Pays or receives the difference") }),
    ),
    write("modify_user_address", "Change a customer's default address", `${base}/users/{user_id}/address`, obj({ user_id: str("User id"), ...address })),
    write(
      "return_delivered_order_items",
      "Return items of a delivered order",
      `${base}/orders/{order_id}/return`,
      obj({ order_id: str("Order id"), item_ids: ids("Items to return"), payment_method_id: str("Refund to: the original method or a gift card") }),
    ),
    write(
      "exchange_delivered_order_items",
      "Exchange items of a delivered order for other options of the same product",
      `${base}/orders/{order_id}/exchange`,
      obj({ order_id: str("Order id"), item_ids: ids("Items to exchange"), new_item_ids: ids("Replacements, in the same order"), payment_method_id: str("Pays or receives the difference") }),
    ),
  ];
}
