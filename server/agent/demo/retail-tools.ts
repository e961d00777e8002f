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
    }),
    read({ name: "get_order_details", description: "An order: status, items, address, payments", url: `${base}/orders/{order_id}`, args: obj({ order_id: str("Order id such as #W0000000") }) }),
    read({ name: "get_product_details", description: "A product and its variants", url: `${base}/products/{product_id}`, args: obj({ product_id: str("Product id") }) }),
    read({ name: "get_item_details", description: "A variant item by item id, with its product", url: `${base}/items/{item_id}`, args: obj({ item_id: str("Item id") }) }),
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
