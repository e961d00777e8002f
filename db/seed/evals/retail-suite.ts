import "server-only";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { EvalCaseInput, Expectation } from "@/lib/schemas/evals";
import type { PaymentMethod, StoreOrder, StoreProduct, StoreUser } from "@/server/services/store/types";

// The demo agent's gating suite, "τ² retail": one case per τ²-bench retail task (db/seed/tau2-retail)
// whose request the demo's journeys cover — a cancellation, a return, an exchange, a change to a pending
// order (address, payment, items) or to the account's address. Built at seed time from the task files:
// the customer is a script written from the task (the order, the items, the identity they know, the
// reason, the payment method, a yes), in the order the journeys ask; the expectations are the task's
// reference writes and its expected end state. Cases the agent fails today are kept and say why
// (KNOWN_FAILURES), never dropped or bent to what the agent does.
//
// Tasks with several requests are left out: a journey that resolves resolves the conversation, and a
// case ends there. The returns and exchanges are within the demo store's 30-day return window as
// recordDeliveryDates stamps it at seed time (task 70's order is at 30 days exactly); a sandbox case
// runs at that moment (run-case.ts), so they hold however long ago the store was seeded.

type Json = unknown;
interface Action {
  action_id: string;
  name: string;
  arguments: Record<string, Json>;
}
interface Task {
  id: string;
  user_scenario: { instructions: { reason_for_call: string; known_info: string | null; unknown_info: string | null } };
  evaluation_criteria: { actions: Action[] | null };
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
interface Tau2 {
  tasks: Task[];
  expected: Map<string, Expected>;
  split: Map<string, string>;
  users: Record<string, StoreUser>;
  orders: Record<string, StoreOrder>;
  products: Record<string, StoreProduct>;
}

export interface RetailSuite {
  name: string;
  description: string;
  gating: true;
  cases: EvalCaseInput[];
}

export const RETAIL_SUITE_NAME = "τ² retail";

const WRITES = ["cancel_pending_order", "modify_pending_order_address", "modify_pending_order_payment", "modify_pending_order_items", "modify_user_address", "return_delivered_order_items", "exchange_delivered_order_items"] as const;
type WriteName = (typeof WRITES)[number];
const isWrite = (name: string): name is WriteName => (WRITES as readonly string[]).includes(name);

/** The gate's rule for a reference write that failed upstream (the upstream error names the broken rule). */
const RULE_FOR_UPSTREAM_ERROR: Record<string, string> = {
  "Non-delivered order cannot be exchanged": "order-delivered",
  "Insufficient gift card balance to pay for the price difference": "gift-card-balance",
};

const oneItemOnly = (journey: string, items: string, done: string) =>
  `The task changes ${items} in one request; the ${journey} journey takes only the first item named (item_ids|first|wrap) and asks for one replacement, from that item's product, so it ${done} and the end state misses the rest.`;
const bestHitsOnly = (named: string, kept: string, dropped: string) =>
  `The customer names ${named}; the item matcher (matchOptions) keeps only the items matching the most phrases, and the one-word product name loses to multi-word ones (a name of two words matches twice: whole and last word), so the return covers ${kept} and drops ${dropped}.`;
const sameProduct = (which: string) =>
  `The order has two Vacuum Cleaners and the customer names the ${which} one by its options; order items are matched by product name only (optionsFrom synonyms: name), so both vacuum cleaners and the air purifier are returned.`;
const oneLetterOption = (said: string, got: string) =>
  `The customer asks for "${said}" as offered; matchOptions ignores phrases of one character, so the size is not heard, the other options tie and the first variant listed (${got}) is taken.`;
const replacementFromItem = (item: string) =>
  `The customer names the ${item} to exchange by its options (the order has two of that product); the replacement step reads earlier messages for a variant, finds the item's own options there and fills the replacement with the same variant without asking, so the gate denies by new-items-differ and nothing is exchanged.`;

/**
 * Why the agent fails a case today, by task id: each names the step that goes wrong and why. A case
 * here must fail (the suite's test checks it), so a fix is noticed and its entry removed.
 */
export const KNOWN_FAILURES: Record<string, string> = {
  "0": oneItemOnly("exchange", "two items (the mechanical keyboard and the smart thermostat)", "exchanges the keyboard alone"),
  "2": bestHitsOnly("the vacuum cleaner, the headphones and the smart watch", "the vacuum cleaner and the smart watch", "the headphones"),
  "13": bestHitsOnly("the water bottle, the action camera and the backpack", "the water bottle and the action camera", "the backpack"),
  "15": oneLetterOption("8, synthetic, no", "7, synthetic, no"),
  "20": oneItemOnly("change-items", "four items", "changes the water bottle alone"),
  "21": oneItemOnly("change-items", "the running shoes and the mechanical keyboard", "changes the keyboard alone (the order's first item of the two)"),
  "36": oneItemOnly("change-items", "three items (action camera, desk lamp, t-shirt)", "changes the action camera alone"),
  "37": oneItemOnly("change-items", "three items (action camera, desk lamp, t-shirt)", "changes the action camera alone"),
  "45": replacementFromItem("vacuum cleaner"),
  "46": sameProduct("robotic"),
  "47": sameProduct("canister"),
  "49": replacementFromItem("wireless earbuds"),
  "52":
    'The customer asks for the digital camera in "30MP, 10x, SD card"; the payment step reads earlier messages, takes "card" in "SD card" for a credit card and fills the Visa without asking, so the exchange is settled on the Visa instead of the PayPal the customer then names (heard as an unclear answer to the confirmation).',
  "58": oneItemOnly("exchange", "two items (the espresso machine and the laptop)", "exchanges the espresso machine alone"),
  "82": bestHitsOnly("the coffee maker, the digital camera, the pet bed and the tablet", "the other three", "the tablet"),
  "85": oneLetterOption("L, red, half", "S, red, half"),
  "105":
    'The customer exchanges both tea kettles of the order; "both tea kettles" is not heard (the plural does not match "Tea Kettle") and the exchange journey takes one item, so it offers to exchange a single kettle, whose difference the gift card covers: the gate asks to confirm instead of denying by gift-card-balance.',
  "108": bestHitsOnly("the t-shirt, the jigsaw puzzle and the e-reader", "the jigsaw puzzle alone", "the t-shirt and the e-reader"),
};

/** The demo's gating suite, from the τ² task files in `tasksDir` (read with node:fs at seed time). */
export function retailEvalSuite(tasksDir = path.join(process.cwd(), "db/seed/tau2-retail")): RetailSuite {
  const data = readTau2(tasksDir);
  const cases = data.tasks.flatMap((task) => {
    const built = buildCase(data, task);
    return built ? [built] : [];
  });
  return {
    name: RETAIL_SUITE_NAME,
    description:
      "The τ²-bench retail tasks the demo's journeys cover (one request each: cancel, return, exchange, change a pending order's address, payment or items, change the account address), run against a sandbox copy of the demo store. The customer follows a script written from the task; the expectations are the task's reference writes and expected end state. Known failures are kept and reported with their reason.",
    gating: true,
    cases,
  };
}

function readTau2(dir: string): Tau2 {
  const read = <T>(file: string) => JSON.parse(readFileSync(path.join(dir, file), "utf8")) as T;
  const db = read<Pick<Tau2, "users" | "orders" | "products">>("db.json");
  const split = read<Record<string, string[]>>("split_tasks.json");
  return {
    tasks: read<Task[]>("tasks.json"),
    expected: new Map(read<{ tasks: Expected[] }>("expected-db-changes.json").tasks.map((t) => [t.task_id, t])),
    split: new Map(Object.entries(split).flatMap(([name, ids]) => (name === "train" || name === "test" ? ids.map((id) => [id, name] as const) : []))),
    ...db,
  };
}

/** The task's one request (a write, or a write refused upstream then the one the customer settles for), or null when the suite does not cover it. */
function requestsOf(task: Task, expected: Expected): { action: Action; refused: string | null }[] | null {
  const actions = task.evaluation_criteria.actions ?? [];
  // Anything else the task needs (a transfer to a person) is not a journey of the demo's.
  if (actions.some((a) => a.name === "transfer_to_human_agents")) return null;
  const writes = actions.filter((a) => isWrite(a.name));
  // Upstream errors are matched by action id, or by tool when the task has one write of it (task 105's
  // entry names its action 106_0).
  const errorOf = (a: Action) => expected.reference_action_errors.find((e) => e.write && (e.action_id === a.action_id || (e.name === a.name && writes.filter((w) => w.name === a.name).length === 1)));
  const requests = writes.map((action) => ({ action, error: errorOf(action)?.error ?? null }));
  // A refusal the suite cannot name the rule of is left out rather than guessed.
  if (requests.some((r) => r.error !== null && !(r.error in RULE_FOR_UPSTREAM_ERROR))) return null;
  // One request a conversation resolves: a journey that resolves resolves the conversation, and a case
  // ends with it. So one write, possibly after writes the policy refuses (those leave it open).
  const granted = requests.filter((r) => r.error === null);
  if (requests.length === 0 || granted.length > 1 || (granted.length === 1 && granted[0] !== requests.at(-1))) return null;
  return requests.map((r) => ({ action: r.action, refused: r.error === null ? null : RULE_FOR_UPSTREAM_ERROR[r.error]! }));
}

function buildCase(data: Tau2, task: Task): EvalCaseInput | null {
  const expected = data.expected.get(task.id);
  if (!expected) return null;
  const requests = requestsOf(task, expected);
  if (!requests) return null;
  const first = requests[0]!.action;
  const order = typeof first.arguments.order_id === "string" ? data.orders[first.arguments.order_id] : undefined;
  const user = data.users[typeof first.arguments.user_id === "string" ? first.arguments.user_id : (order?.user_id ?? "")];
  if (!user) return null;

  const turns: string[] = [];
  const expectations: Expectation[] = [];
  const notes: string[] = [];
  let writes = 0;
  requests.forEach(({ action, refused }, i) => {
    if (refused) notes.push(`Upstream the reference ${action.name} fails: the policy must refuse it (${refused}).`);
    // The first request verifies the customer; a later one finds them verified.
    turns.push(opening(action, i > 0), ...(i === 0 ? identify(task, user) : []));
    // A journey that checks the order's status itself refuses right after the order is named.
    turns.push(...conversation(data, user, action, { confirm: !refused, stopAfterOrder: refused === "order-delivered" }));
    if (refused) {
      // The gate says no by the rule; journeys that check an order's status themselves refuse before
      // asking the gate, so a status refusal is checked by its effect alone.
      if (refused !== "order-delivered") expectations.push({ kind: "decision", tool: action.name, decision: "deny", rule: refused });
      expectations.push({ kind: "tool_not_called", tool: action.name });
    } else {
      writes += 1;
      expectations.push({ kind: "tool_called", tool: action.name, args: expectedArgs(action), match: "subset" });
    }
  });
  expectations.push({ kind: "writes", count: writes }, { kind: "end_state", changes: endStateChanges(data, expected), exact: true });

  const what = requests.map((r) => describeAction(r.action)).join(", then ");
  const split = data.split.get(task.id);
  return {
    name: `Task ${task.id}: ${what}`.slice(0, 120),
    description: [
      `From τ²-bench retail task ${task.id}${split ? ` (${split} split)` : ""}: ${task.user_scenario.instructions.reason_for_call.trim()}`,
      ...notes,
    ].join("\n"),
    knownFailure: KNOWN_FAILURES[task.id] ?? null,
    definition: { customer: { kind: "script", turns }, tools: "sandbox", expectations },
  };
}

/** The customer says who they are as the task has it: the email they know, else name and zip (a wrong one first, if the task's did fail). */
function identify(task: Task, user: StoreUser): string[] {
  const lookups = (task.evaluation_criteria.actions ?? []).filter((a) => a.name === "find_user_id_by_email" || a.name === "find_user_id_by_name_zip");
  const say = (a: Action) =>
    a.name === "find_user_id_by_email" ? String(a.arguments.email) : `I don't remember my email. I'm ${String(a.arguments.first_name)} ${String(a.arguments.last_name)}, zip ${String(a.arguments.zip)}.`;
  if (lookups.length) return lookups.map(say);
  const knowsEmail = !/email/i.test(task.user_scenario.instructions.unknown_info ?? "");
  return [knowsEmail ? user.email : say({ action_id: "", name: "find_user_id_by_name_zip", arguments: { first_name: user.name.first_name, last_name: user.name.last_name, zip: user.address.zip } })];
}

/** What the customer asks for first (after a refusal: what they settle for instead). */
function opening(action: Action, after: boolean): string {
  const openings: Record<WriteName, string> = {
    cancel_pending_order: "Hi, I'd like to cancel an order.",
    return_delivered_order_items: "Hi, I'd like to return some items I received.",
    exchange_delivered_order_items: "Hi, I'd like to exchange an item for a different option.",
    modify_pending_order_address: "Hi, I need to modify my pending order.",
    modify_pending_order_payment: "Hi, I need to modify my pending order.",
    modify_pending_order_items: "Hi, I need to modify my pending order.",
    modify_user_address: "Hi, I'd like to update the default address on my account.",
  };
  const text = openings[action.name as WriteName];
  return after ? text.replace(/^Hi, /, "Okay. Then ") : text;
}

/** The customer's answers, in the order the journey asks, after they are verified. */
function conversation(data: Tau2, user: StoreUser, action: Action, opts: { confirm: boolean; stopAfterOrder: boolean }): string[] {
  const args = action.arguments;
  const order = typeof args.order_id === "string" ? data.orders[args.order_id] : undefined;
  const out: string[] = [];
  if (order) out.push(order.order_id);
  if (opts.stopAfterOrder) return out;
  const items = (key: "item_ids" | "new_item_ids") => (Array.isArray(args[key]) ? (args[key] as string[]) : []);
  switch (action.name as WriteName) {
    case "cancel_pending_order":
      out.push(args.reason === "ordered by mistake" ? "I ordered it by mistake." : args.reason === "no longer needed" ? "It's no longer needed." : `${String(args.reason)}.`);
      break;
    case "return_delivered_order_items":
      out.push(nameItems(order!, items("item_ids")), paymentPhrase(user, order!, String(args.payment_method_id), true));
      break;
    case "exchange_delivered_order_items":
      out.push(nameItems(order!, items("item_ids")), describeNewItems(data, order!, items("item_ids"), items("new_item_ids")), paymentPhrase(user, order!, String(args.payment_method_id), true));
      break;
    case "modify_pending_order_items":
      out.push("The options of an item.", nameItems(order!, items("item_ids")), describeNewItems(data, order!, items("item_ids"), items("new_item_ids")), paymentPhrase(user, order!, String(args.payment_method_id), true));
      break;
    case "modify_pending_order_payment":
      out.push("The payment method.", paymentPhrase(user, order!, String(args.payment_method_id), false));
      break;
    case "modify_pending_order_address":
      out.push("The shipping address.", ...addressAnswers(args));
      break;
    case "modify_user_address":
      out.push(...addressAnswers(args));
      break;
  }
  if (opts.confirm) out.push("Yes, please go ahead.");
  return out;
}

function addressAnswers(args: Record<string, Json>): string[] {
  const address2 = String(args.address2 ?? "").trim();
  return [String(args.address1), address2 || "none", String(args.city), String(args.state), String(args.zip)];
}

const itemName = (name: string) => name.toLowerCase();

/** The items as a customer names them: by product, with their options when the order has two of that product. */
function nameItems(order: StoreOrder, itemIds: string[]): string {
  const names = [...new Set(itemIds)].map((id) => {
    const item = order.items.find((i) => i.item_id === id)!;
    const noun = itemIds.filter((x) => x === id).length > 1 ? `both ${itemName(item.name)}s` : `the ${itemName(item.name)}`;
    const othersAlike = order.items.some((i) => i.name === item.name && i.item_id !== id);
    return othersAlike ? `${noun} (${Object.values(item.options).join(", ")})` : noun;
  });
  return capitalize(listText(names)) + ".";
}

/** The replacement options a customer asks for: the new variant's option values. */
function describeNewItems(data: Tau2, order: StoreOrder, itemIds: string[], newItemIds: string[]): string {
  const wants = newItemIds.map((id, i) => {
    const item = order.items.find((x) => x.item_id === itemIds[i])!;
    const variant = data.products[item.product_id]?.variants[id];
    return { item, values: variant ? Object.values(variant.options) : [id] };
  });
  if (wants.length === 1) return `I'd like it in ${wants[0]!.values.join(", ")}.`;
  return wants.map((w) => `For the ${itemName(w.item.name)}: ${w.values.join(", ")}.`).join(" ");
}

/** A payment method as the customer calls it: the original one, or by its kind (a card by brand and last four). */
function paymentPhrase(user: StoreUser, order: StoreOrder, paymentMethodId: string, originalOffered: boolean): string {
  if (originalOffered && order.payment_history[0]?.payment_method_id === paymentMethodId) return "The original payment method.";
  const method: PaymentMethod | undefined = user.payment_methods[paymentMethodId];
  if (!method) return `${paymentMethodId}.`;
  const sameKind = Object.values(user.payment_methods).filter((m) => m.source === method.source).length;
  if (method.source === "credit_card") return `My ${capitalize(method.brand ?? "card")} ending ${method.last_four}.`;
  if (method.source === "paypal") return "My PayPal.";
  return sameKind > 1 ? `The gift card, balance $${(method.balance ?? 0).toFixed(2)}.` : "My gift card.";
}

/** A reference write's arguments as the case checks them: a return's items only by the end state (their order means nothing). */
function expectedArgs(action: Action): Record<string, Json> {
  const args = { ...action.arguments };
  if (action.name === "return_delivered_order_items" && Array.isArray(args.item_ids) && args.item_ids.length > 1) delete args.item_ids;
  return args;
}

/**
 * The task's expected changes as the end state (a removed value is null). Upstream's multi-item modify
 * gives every modified line the last replacement's price and options (known_reference_tool_bug); a
 * correct store gives each line its own variant's, so those lines are expected from the catalogue.
 */
function endStateChanges(data: Tau2, expected: Expected): { path: string; value: Json }[] {
  const changes: { path: string; value: Json }[] = expected.changes.map((c) => ({ path: c.path, value: c.op === "remove" ? null : (c.after ?? null) }));
  if (!expected.known_reference_tool_bug) return changes;
  const line = /^\/orders\/([^/]+)\/items\/(\d+)\/(item_id|price|options)(\/.*)?$/;
  const fixed = changes.filter((c) => !line.test(c.path));
  const lines = new Set(changes.flatMap((c) => {
    const m = line.exec(c.path);
    return m ? [`${m[1]}|${m[2]}`] : [];
  }));
  for (const key of lines) {
    const [orderId, index] = key.split("|") as [string, string];
    const at = `/orders/${orderId}/items/${index}`;
    const newId = changes.find((c) => c.path === `${at}/item_id`)?.value;
    const item = data.orders[orderId]?.items[Number(index)];
    const variant = typeof newId === "string" && item ? data.products[item.product_id]?.variants[newId] : undefined;
    if (variant) fixed.push({ path: `${at}/item_id`, value: variant.item_id }, { path: `${at}/price`, value: variant.price }, { path: `${at}/options`, value: variant.options });
    else fixed.push(...changes.filter((c) => c.path === at || c.path.startsWith(`${at}/`)));
  }
  return fixed;
}

function describeAction(action: Action): string {
  const a = action.arguments;
  const n = (key: string) => (Array.isArray(a[key]) ? (a[key] as unknown[]).length : 0);
  const items = (k: number) => `${k} item${k === 1 ? "" : "s"}`;
  switch (action.name as WriteName) {
    case "cancel_pending_order":
      return `cancel ${String(a.order_id)} (${String(a.reason)})`;
    case "return_delivered_order_items":
      return `return ${items(n("item_ids"))} of ${String(a.order_id)}`;
    case "exchange_delivered_order_items":
      return `exchange ${items(n("item_ids"))} of ${String(a.order_id)}`;
    case "modify_pending_order_items":
      return `change ${items(n("item_ids"))} of ${String(a.order_id)}`;
    case "modify_pending_order_payment":
      return `change the payment of ${String(a.order_id)}`;
    case "modify_pending_order_address":
      return `change the address of ${String(a.order_id)}`;
    case "modify_user_address":
      return "change the account address";
  }
}

function listText(values: string[]): string {
  return values.length <= 1 ? values.join("") : `${values.slice(0, -1).join(", ")} and ${values.at(-1)}`;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
