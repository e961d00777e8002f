import type { JourneyGraph } from "@/lib/schemas/journey";
import { JourneyBuilder } from "./journey-builder";

// The demo agent's journeys over the τ² retail store. Every journey that touches an account first
// verifies the customer (email, or name + zip), unless an earlier journey already did.

const S = (name: string) => `{{slots.${name}}}`;

/** Verify the customer, then load their profile; continues at `next`. */
function authenticate(j: JourneyBuilder, from: string, next: string): JourneyBuilder {
  return j
    .add({ id: "auth_check", type: "condition", label: "Verified already?", branches: [{ label: "yes", all: [{ left: "session.authenticatedUserId", op: "exists" }] }] })
    .add({
      id: "auth_email",
      type: "collect",
      label: "Ask email",
      slot: { name: "email", type: "email", prompt: "First I need to verify your identity. What's the email address on your account? (Or tell me your full name and zip code.)", retries: 2 },
      skipWhen: [{ left: "slots.name", op: "exists" }],
    })
    .add({ id: "auth_name", type: "collect", label: "Ask name", slot: { name: "name", type: "name", prompt: "What's your full name?", retries: 2 } })
    .add({ id: "auth_zip", type: "collect", label: "Ask zip", slot: { name: "zip", type: "zip", prompt: "And the zip code of your address?", retries: 2 } })
    .add({ id: "auth_how", type: "condition", label: "Email or name?", branches: [{ label: "email", all: [{ left: "slots.email", op: "exists" }] }] })
    .add({ id: "auth_by_email", type: "tool_call", label: "Find by email", tool: "find_user_id_by_email", args: { email: S("email") }, resultAs: "auth" })
    .add({ id: "auth_by_name", type: "tool_call", label: "Find by name + zip", tool: "find_user_id_by_name_zip", args: { first_name: "{{slots.name|first}}", last_name: "{{slots.name|last}}", zip: S("zip") }, resultAs: "auth" })
    .add({ id: "auth_failed", type: "message", label: "Not found", text: "I couldn't find an account with those details.", clearSlots: ["email", "name", "zip"] })
    .add({ id: "auth_profile", type: "tool_call", label: "Load profile", tool: "get_user_details", args: { user_id: "{{session.authenticatedUserId}}" }, resultAs: "user" })
    .add({ id: "auth_ok", type: "message", label: "Verified", text: "Thanks, {{result.user.name.first_name}}, you're verified." })
    .link(from, "auth_check")
    .link("auth_check", "auth_profile", "yes")
    .link("auth_check", "auth_email", "else")
    .chain("auth_email", "auth_how")
    .link("auth_how", "auth_by_email", "email")
    .link("auth_how", "auth_name", "else")
    .chain("auth_name", "auth_zip", "auth_by_name")
    .link("auth_by_email", "auth_ok_load", "success")
    .link("auth_by_name", "auth_ok_load", "success")
    .link("auth_by_email", "auth_failed", "error")
    .link("auth_by_name", "auth_failed", "error")
    .link("auth_failed", "auth_email")
    .add({ id: "auth_ok_load", type: "tool_call", label: "Load profile", tool: "get_user_details", args: { user_id: "{{session.authenticatedUserId}}" }, resultAs: "user" })
    .chain("auth_ok_load", "auth_ok", next)
    .link("auth_profile", next);
}

/** Ask for the order, load it, and make sure it is the customer's; continues at `next`. */
function ownOrder(j: JourneyBuilder, next: string, prompt = "Which order is it about? The order number starts with #W."): JourneyBuilder {
  return j
    .add({ id: "order_id", type: "collect", label: "Ask order", slot: { name: "order_id", type: "order_id", prompt, retries: 2 } })
    .add({ id: "order_load", type: "tool_call", label: "Load order", tool: "get_order_details", args: { order_id: S("order_id") }, resultAs: "order" })
    .add({ id: "order_missing", type: "message", label: "No such order", text: "I couldn't find order {{slots.order_id}}.", clearSlots: ["order_id"] })
    .add({ id: "order_own", type: "condition", label: "Customer's order?", branches: [{ label: "own", all: [{ left: "result.order.user_id", op: "eq", right: "{{session.authenticatedUserId}}" }] }] })
    .add({ id: "order_not_own", type: "end", label: "Someone else's", outcome: "unresolved", message: "That order isn't on your account, so I can't help with it. Is there another order I can look at?" })
    .chain("order_id", "order_load")
    .link("order_load", "order_own", "success")
    .link("order_load", "order_missing", "error")
    .link("order_missing", "order_id")
    .link("order_own", next, "own")
    .link("order_own", "order_not_own", "else");
}

function statusIs(j: JourneyBuilder, id: string, status: string, next: string, refusal: string): JourneyBuilder {
  return j
    .add({ id, type: "condition", label: `Is ${status}?`, branches: [{ label: status, all: [{ left: "result.order.status", op: "eq", right: status }] }] })
    .add({ id: `${id}_no`, type: "end", label: `Not ${status}`, outcome: "unresolved", message: refusal })
    .link(id, next, status)
    .link(id, `${id}_no`, "else");
}

const paymentSlot = (prompt: string, withOriginal: boolean) => ({
  name: "payment_method_id",
  type: "choice" as const,
  prompt,
  retries: 2,
  optionsFrom: {
    path: "result.user.payment_methods",
    value: "id",
    synonyms: ["source", "brand", "last_four"],
    // Customers hear a payment method described, never its id.
    labels: [
      { where: { source: "credit_card" }, text: "{{brand|capitalize}} ending {{last_four}}" },
      { where: { source: "gift_card" }, text: "gift card, balance {{balance|money}}" },
      { where: { source: "paypal" }, text: "PayPal" },
    ],
    // Money goes only to a method the customer owns: naming one they don't have is refused, not swapped.
    kinds: {
      field: "source",
      names: { credit_card: ["credit card", "card"], gift_card: ["gift card"], paypal: ["PayPal account", "paypal"] },
      refusal: "You don't have a {{kind}} on your account, and I can only use a payment method you own. You can choose {{options}}.",
    },
  },
  ...(withOriginal
    ? { options: [{ value: "{{result.order.payment_history.0.payment_method_id}}", synonyms: ["original", "original payment method", "same card", "same method", "same way"] }] }
    : {}),
});

const methods = "{{options.payment_method_id}}";
const denied = { type: "end" as const, outcome: "unresolved" as const, message: "{{result.policy.reason}}" };
const itemNames = (slot: string) => `{{slots.${slot}|lookup:result.order.items|names}}`;

function authenticateJourney(): JourneyGraph {
  const j = new JourneyBuilder({ description: "The customer wants to verify their identity or sign in", examples: ["I need to verify my account", "can you look up my account", "here is my email", "I want to log in", "my name is Yusuf Rossi and my zip is 19122"] });
  authenticate(j, "start", "done");
  return j.add({ id: "done", type: "end", outcome: "resolved", message: "What can I help you with today?" }).build();
}

function orderStatus(): JourneyGraph {
  const j = new JourneyBuilder({
    description: "The customer asks where an order is, its status, tracking or what it contains",
    examples: ["where is my order", "what's the status of my order #W2378156", "track my package", "has my order shipped yet", "when will my order arrive", "what did I order"],
  });
  authenticate(j, "start", "order_id");
  ownOrder(j, "status");
  return j
    .add({ id: "status", type: "message", label: "Tell status", text: "Order {{result.order.order_id}} is {{result.order.status}}. It contains {{result.order.items|names}}. Tracking number: {{result.order.fulfillments.0.tracking_id.0|default:not available yet}}." })
    .add({ id: "done", type: "end", outcome: "resolved", message: "Is there anything else I can help you with?" })
    .chain("status", "done")
    .build();
}

function cancelOrder(): JourneyGraph {
  const j = new JourneyBuilder({
    description: "The customer wants to cancel a pending order",
    examples: ["cancel my order", "I want to cancel order #W6779827", "please cancel it, I ordered by mistake", "I no longer need my order, cancel it", "stop my order"],
  });
  authenticate(j, "start", "order_id");
  // No status check of its own: whether this order can be cancelled is the policy gate's decision.
  ownOrder(j, "reason", "Which order would you like to cancel? The order number starts with #W.");
  return j
    .add({
      id: "reason",
      type: "collect",
      label: "Ask reason",
      slot: {
        name: "reason",
        type: "choice",
        prompt: "Why would you like to cancel it: is it no longer needed, or was it ordered by mistake?",
        retries: 2,
        options: [
          { value: "no longer needed", synonyms: ["no longer need", "don't need", "do not need", "not needed", "no longer want", "don't want", "changed my mind"] },
          { value: "ordered by mistake", synonyms: ["by mistake", "mistake", "accident", "accidentally", "by accident", "wrong order"] },
        ],
      },
    })
    .add({
      id: "cancel",
      type: "tool_call",
      label: "Cancel order",
      tool: "cancel_pending_order",
      args: { order_id: S("order_id"), reason: S("reason") },
      resultAs: "cancelled",
      confirmText: "I'll cancel order {{slots.order_id}} ({{result.order.items|names}}) with the reason \"{{slots.reason}}\".",
    })
    .add({ id: "done", type: "end", outcome: "resolved", message: "Order {{slots.order_id}} is now {{result.cancelled.status}}. The refund goes to the original payment method: immediately for a gift card, otherwise within 5 to 7 business days." })
    .add({ id: "denied", ...denied })
    .chain("reason", "cancel")
    .link("cancel", "done", "success")
    .link("cancel", "denied", "deny")
    .build();
}

function modifyOrder(): JourneyGraph {
  const j = new JourneyBuilder({
    description: "The customer wants to change a pending order: its shipping address, its payment method, or the options of its items",
    examples: [
      "change the shipping address of my order",
      "I want to update the payment method on order #W6779827",
      "can I change the size of an item in my pending order",
      "modify my order",
      "switch the color of the keyboard I ordered",
      "pay for my order with a different card",
    ],
  });
  authenticate(j, "start", "order_id");
  ownOrder(j, "is_pending", "Which order would you like to change? The order number starts with #W.");
  statusIs(j, "is_pending", "pending", "what", "Order {{result.order.order_id}} is {{result.order.status}}; only pending orders can be changed, and only once for their items.");
  j.add({
    id: "what",
    type: "collect",
    label: "What to change",
    slot: {
      name: "change",
      type: "choice",
      prompt: "What would you like to change: the shipping address, the payment method, or an item's options?",
      retries: 2,
      options: [
        { value: "address", synonyms: ["shipping address", "ship to", "deliver to", "delivery address"] },
        { value: "payment", synonyms: ["payment method", "pay", "card", "paypal", "gift card"] },
        { value: "items", synonyms: ["item", "size", "color", "colour", "option", "options", "swap", "variant"] },
      ],
    },
  })
    .add({ id: "which", type: "condition", branches: [{ label: "address", all: [{ left: "slots.change", op: "eq", right: "address" }] }, { label: "payment", all: [{ left: "slots.change", op: "eq", right: "payment" }] }] })
    .link("what", "which")
    .link("which", "address1", "address")
    .link("which", "payment", "payment")
    .link("which", "items", "else")
    .add({ id: "denied", ...denied });

  addressSteps(j, "address1", "set_address");
  j.add({
    id: "set_address",
    type: "tool_call",
    tool: "modify_pending_order_address",
    args: { order_id: S("order_id"), address1: S("address1"), address2: "{{slots.address2|optional}}", city: S("city"), state: S("state"), country: "USA", zip: S("new_zip") },
    resultAs: "modified",
    confirmText: "I'll change the shipping address of order {{slots.order_id}} to {{slots.address1}} {{slots.address2|optional}}, {{slots.city}}, {{slots.state}} {{slots.new_zip}}, USA.",
  })
    .add({ id: "address_done", type: "end", outcome: "resolved", message: "Done: order {{slots.order_id}} will ship to {{result.modified.address.address1}}, {{result.modified.address.city}}." })
    .link("set_address", "address_done", "success")
    .link("set_address", "denied", "deny");

  j.add({ id: "payment", type: "collect", slot: paymentSlot(`Which payment method should the order use instead? On file: ${methods}.`, false) })
    .add({ id: "set_payment", type: "tool_call", tool: "modify_pending_order_payment", args: { order_id: S("order_id"), payment_method_id: S("payment_method_id") }, resultAs: "modified", confirmText: "I'll switch order {{slots.order_id}} to be paid with {{labels.payment_method_id}}." })
    .add({ id: "payment_done", type: "end", outcome: "resolved", message: "Done: order {{slots.order_id}} is now paid with {{labels.payment_method_id}}. The original payment is refunded: immediately for a gift card, otherwise within 5 to 7 business days." })
    .chain("payment", "set_payment")
    .link("set_payment", "payment_done", "success")
    .link("set_payment", "denied", "deny");

  j.add({ id: "items", type: "collect", slot: { name: "item_ids", type: "item_ids", prompt: "Which item would you like to change? The order has {{result.order.items|names}}.", retries: 2, optionsFrom: { path: "result.order.items", value: "item_id", synonyms: ["name"] } } })
    .add({ id: "product", type: "tool_call", tool: "get_product_details", args: { product_id: "{{slots.item_ids|lookup:result.order.items|pluck:product_id|first}}" }, resultAs: "product" })
    .add({ id: "new_items", type: "collect", slot: { name: "new_item_ids", type: "item_ids", prompt: "Which option would you like instead? Available: {{result.product.variants|variants}}.", retries: 2, optionsFrom: { path: "result.product.variants", value: "item_id", synonyms: ["options"], where: { available: true } } } })
    .add({ id: "items_payment", type: "collect", slot: paymentSlot(`Which payment method should pay or receive the price difference? On file: ${methods}.`, true) })
    .add({
      id: "set_items",
      type: "tool_call",
      tool: "modify_pending_order_items",
      args: { order_id: S("order_id"), item_ids: "{{slots.item_ids|first|wrap}}", new_item_ids: "{{slots.new_item_ids|first|wrap}}", payment_method_id: S("payment_method_id") },
      resultAs: "modified",
      confirmText: "I'll change {{slots.item_ids|first|lookup:result.order.items|names}} in order {{slots.order_id}} to item {{slots.new_item_ids|first}}, settling the difference with {{labels.payment_method_id}}. Items can be changed only once per order, so make sure this is everything.",
    })
    .add({ id: "items_done", type: "end", outcome: "resolved", message: "Done: order {{slots.order_id}} is now {{result.modified.status}}." })
    .chain("items", "product", "new_items", "items_payment", "set_items")
    .link("set_items", "items_done", "success")
    .link("set_items", "denied", "deny");
  return j.build();
}

function addressSteps(j: JourneyBuilder, first: string, next: string): JourneyBuilder {
  return j
    .add({ id: first, type: "collect", label: "Street", slot: { name: "address1", type: "text", prompt: "What's the new street address (first line)?", retries: 2 } })
    .add({ id: "address2", type: "collect", label: "Unit", slot: { name: "address2", type: "text", prompt: "Apartment, suite or unit? Say \"none\" if there isn't one.", retries: 2 } })
    .add({ id: "city", type: "collect", label: "City", slot: { name: "city", type: "text", prompt: "Which city?", retries: 2 } })
    .add({ id: "state", type: "collect", label: "State", slot: { name: "state", type: "text", prompt: "Which state?", retries: 2 } })
    // A text slot, not a zip slot: a zip slot would be pre-filled from the zip given to verify identity.
    .add({ id: "new_zip", type: "collect", label: "Zip", slot: { name: "new_zip", type: "text", prompt: "And the zip code?", retries: 2, validation: { pattern: "^\\d{5}$", message: "A zip code has five digits. What's the zip code?" } } })
    .chain(first, "address2", "city", "state", "new_zip", next);
}

function returnItems(): JourneyGraph {
  const j = new JourneyBuilder({
    description: "The customer wants to return items from a delivered order and get a refund",
    examples: ["I want to return the keyboard from order #W2378156", "return an item", "send back something I received", "I'd like a refund for an item I got", "how do I return my headphones"],
  });
  authenticate(j, "start", "order_id");
  ownOrder(j, "is_delivered", "Which order are the items from? The order number starts with #W.");
  statusIs(j, "is_delivered", "delivered", "items", "Order {{result.order.order_id}} is {{result.order.status}}; only delivered orders can be returned.");
  return j
    .add({ id: "items", type: "collect", slot: { name: "item_ids", type: "item_ids", prompt: "Which items would you like to return? The order has {{result.order.items|names}}.", retries: 2, optionsFrom: { path: "result.order.items", value: "item_id", synonyms: ["name"] } } })
    .add({ id: "refund_to", type: "collect", slot: paymentSlot(`Where should the refund go: the original payment method, or another payment method on file? On file: ${methods}.`, true) })
    .add({ id: "check", type: "policy_check", label: "Return allowed?", policy: "return_delivered_order_items", tool: "return_delivered_order_items", args: { order_id: S("order_id"), item_ids: S("item_ids"), payment_method_id: S("payment_method_id") } })
    .add({
      id: "return",
      type: "tool_call",
      tool: "return_delivered_order_items",
      args: { order_id: S("order_id"), item_ids: S("item_ids"), payment_method_id: S("payment_method_id") },
      resultAs: "returned",
      confirmText: `Here is the return: ${itemNames("item_ids")} from order {{slots.order_id}}, refunded to {{labels.payment_method_id}}.`,
    })
    .add({ id: "done", type: "end", outcome: "resolved", message: "Your return is set up: order {{slots.order_id}} is now \"{{result.returned.status}}\". You'll get an email explaining how to send the items back." })
    .add({ id: "denied", ...denied })
    .chain("items", "refund_to", "check")
    .link("check", "return", "require_confirmation")
    .link("check", "return", "allow")
    .link("check", "denied", "deny")
    .link("return", "done", "success")
    .link("return", "denied", "deny")
    .build();
}

function exchangeItems(): JourneyGraph {
  const j = new JourneyBuilder({
    description: "The customer wants to exchange an item of a delivered order for another option of the same product",
    examples: ["I want to exchange the keyboard for a different one", "exchange an item", "swap my delivered headphones for another color", "can I get a different size of what I received", "exchange the watch from order #W2378156"],
  });
  authenticate(j, "start", "order_id");
  ownOrder(j, "is_delivered", "Which order is the item from? The order number starts with #W.");
  statusIs(j, "is_delivered", "delivered", "items", "Order {{result.order.order_id}} is {{result.order.status}}; only delivered orders can be exchanged.");
  return j
    .add({ id: "items", type: "collect", slot: { name: "item_ids", type: "item_ids", prompt: "Which item would you like to exchange? The order has {{result.order.items|names}}.", retries: 2, optionsFrom: { path: "result.order.items", value: "item_id", synonyms: ["name"] } } })
    .add({ id: "product", type: "tool_call", tool: "get_product_details", args: { product_id: "{{slots.item_ids|lookup:result.order.items|pluck:product_id|first}}" }, resultAs: "product" })
    .add({ id: "new_items", type: "collect", slot: { name: "new_item_ids", type: "item_ids", prompt: "Which option would you like instead? Available: {{result.product.variants|variants}}.", retries: 2, optionsFrom: { path: "result.product.variants", value: "item_id", synonyms: ["options"], where: { available: true } } } })
    .add({ id: "pay_with", type: "collect", slot: paymentSlot(`Which payment method should pay or receive the price difference? On file: ${methods}.`, true) })
    .add({
      id: "exchange",
      type: "tool_call",
      tool: "exchange_delivered_order_items",
      args: { order_id: S("order_id"), item_ids: "{{slots.item_ids|first|wrap}}", new_item_ids: "{{slots.new_item_ids|first|wrap}}", payment_method_id: S("payment_method_id") },
      resultAs: "exchanged",
      confirmText: "Here is the exchange: {{slots.item_ids|first|lookup:result.order.items|names}} from order {{slots.order_id}} for item {{slots.new_item_ids|first}}, with the price difference settled on {{labels.payment_method_id}}. An order can be exchanged only once, so make sure this is everything.",
    })
    .add({ id: "done", type: "end", outcome: "resolved", message: "Your exchange is set up: order {{slots.order_id}} is now \"{{result.exchanged.status}}\". You'll get an email explaining how to send the item back; there's no need to place a new order." })
    .add({ id: "denied", ...denied })
    .chain("items", "product", "new_items", "pay_with", "exchange")
    .link("exchange", "done", "success")
    .link("exchange", "denied", "deny")
    .build();
}

function changeDefaultAddress(): JourneyGraph {
  const j = new JourneyBuilder({
    description: "The customer wants to change the default address on their account profile",
    examples: ["change my default address", "update the address on my account", "I moved, please update my profile address", "change my home address on file"],
  });
  authenticate(j, "start", "address1");
  addressSteps(j, "address1", "save");
  return j
    .add({
      id: "save",
      type: "tool_call",
      tool: "modify_user_address",
      args: { user_id: "{{session.authenticatedUserId}}", address1: S("address1"), address2: "{{slots.address2|optional}}", city: S("city"), state: S("state"), country: "USA", zip: S("new_zip") },
      resultAs: "profile",
      confirmText: "I'll change your default address to {{slots.address1}} {{slots.address2|optional}}, {{slots.city}}, {{slots.state}} {{slots.new_zip}}, USA.",
    })
    .add({ id: "done", type: "end", outcome: "resolved", message: "Done: your default address is now {{result.profile.address.address1}}, {{result.profile.address.city}}." })
    .add({ id: "denied", ...denied })
    .link("save", "done", "success")
    .link("save", "denied", "deny")
    .build();
}

function handOff(): JourneyGraph {
  return new JourneyBuilder({
    description: "The customer wants to talk to a person, or the request is outside what the agent can do",
    examples: ["I want to talk to a human", "connect me to a real person", "get me a manager", "I need to speak with someone"],
  })
    .add({ id: "handoff", type: "handoff", reason: "The customer asked for a person" })
    .link("start", "handoff")
    .build();
}

export function retailJourneys(): { name: string; graph: JourneyGraph }[] {
  return [
    { name: "Verify identity", graph: authenticateJourney() },
    { name: "Order status", graph: orderStatus() },
    { name: "Cancel a pending order", graph: cancelOrder() },
    { name: "Change a pending order", graph: modifyOrder() },
    { name: "Return delivered items", graph: returnItems() },
    { name: "Exchange delivered items", graph: exchangeItems() },
    { name: "Change default address", graph: changeDefaultAddress() },
    { name: "Talk to a person", graph: handOff() },
  ];
}
