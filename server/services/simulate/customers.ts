import type { RetailDb } from "@/db/seed/store";
import type { StoreOrder, StoreUser } from "@/server/services/store/types";

// Scripted customers of the demo store for `switchback simulate`: who they are, what they want, and how
// they answer what the agent asks — drawn from the store's own records, so their orders, items and
// emails are real and the runtime (journeys, tools, the gate) decides as it would for a person. A week
// has variety: resolved requests, requests the policy refuses, people who change their minds, give up
// midway, ask the help centre, ask something off-topic, or are angry and want a person.

export type Channel = "playground" | "api" | "widget";

export type ScenarioKind =
  | "order_status"
  | "cancel"
  | "cancel_declined"
  | "cancel_not_pending"
  | "return"
  | "return_not_delivered"
  | "change_address"
  | "someone_elses_order"
  | "unknown_customer"
  | "knowledge"
  | "off_topic"
  | "angry"
  | "abandoned";

export interface Scenario {
  kind: ScenarioKind;
  channel: Channel;
  user: StoreUser;
  order?: StoreOrder;
  /** What they say first. */
  opening: string;
  /** Verifies with name and zip instead of the email. */
  byName: boolean;
  /** Answers a "shall I go ahead?" with yes. */
  confirms: boolean;
  /** Stops answering after this many messages (an abandoned conversation). */
  stopsAfter?: number;
  /** A later message, after the first answer (a follow-up question), if any. */
  followUp?: string;
  /** The score they give when asked (api and widget conversations end with one), 1..5. */
  csat?: number;
}

/** A small deterministic generator (mulberry32), so a seed gives the same week every time. */
export function randomGenerator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KNOWLEDGE_QUESTIONS = [
  "How long does shipping take?",
  "How much does express shipping cost?",
  "Do you ship internationally?",
  "What is your return policy?",
  "How long do I have to return something?",
  "What does the warranty cover?",
  "Can I pay with PayPal?",
  "How do gift cards work?",
  "Can I change my order after placing it?",
];
const OFF_TOPIC = ["What's the weather like in Paris today?", "Can you recommend a good movie?", "Who won the game last night?", "Do you sell concert tickets?", "What's the meaning of life?"];
const ANGRY = [
  "This is ridiculous. I've been waiting for weeks. Get me a real person NOW.",
  "Your service is terrible, I want to speak to a manager.",
  "I'm sick of this bot. Connect me to a human.",
  "Stop wasting my time and put me through to someone real!",
];
/** Customers who come about an order or their account: they answer what the agent asks to get it done. */
const ACCOUNT_KINDS = new Set<ScenarioKind>(["order_status", "cancel", "cancel_declined", "cancel_not_pending", "return", "return_not_delivered", "change_address", "someone_elses_order", "unknown_customer", "abandoned"]);
const THANKS = ["No, that's all, thanks!", "That's everything, thank you.", "No thanks, bye.", "All good, thanks a lot."];

// How often each kind happens in a week, roughly.
const MIX: [ScenarioKind, number][] = [
  ["order_status", 20],
  ["cancel", 9],
  ["cancel_declined", 3],
  ["cancel_not_pending", 5],
  ["return", 9],
  ["return_not_delivered", 3],
  ["change_address", 5],
  ["someone_elses_order", 3],
  ["unknown_customer", 3],
  ["knowledge", 18],
  ["off_topic", 5],
  ["angry", 7],
  ["abandoned", 10],
];
const CHANNELS: [Channel, number][] = [
  ["widget", 45],
  ["api", 35],
  ["playground", 20],
];

function weighted<T>(rng: () => number, table: [T, number][]): T {
  const total = table.reduce((s, [, w]) => s + w, 0);
  let roll = rng() * total;
  for (const [value, weight] of table) if ((roll -= weight) < 0) return value;
  return table.at(-1)![0];
}
const pick = <T>(rng: () => number, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;

/** `count` scenarios over the store's customers; `kinds`: only those (a wave of one kind of request), in their usual proportions. */
export function scenarios(data: RetailDb, count: number, rng: () => number, kinds?: readonly ScenarioKind[]): Scenario[] {
  const mix = kinds ? MIX.filter(([k]) => kinds.includes(k)) : MIX;
  if (mix.length === 0) throw new Error(`No customers of the kinds ${kinds!.join(", ")}`);
  const users = Object.values(data.users).filter((u) => u.orders.length > 0);
  if (users.length === 0) throw new Error("The store has no customers to simulate");
  const ordersOf = (u: StoreUser) => u.orders.map((id) => data.orders[id]).filter((o): o is StoreOrder => o !== undefined);
  const out: Scenario[] = [];
  for (let i = 0; i < count; i++) {
    const kind = weighted(rng, mix);
    const user = pick(rng, users);
    const orders = ordersOf(user);
    const withStatus = (test: (status: string) => boolean) => orders.filter((o) => test(o.status));
    const base = { kind, channel: weighted(rng, CHANNELS), user, byName: rng() < 0.3, confirms: true };
    const someOrder = (list: StoreOrder[]) => (list.length ? pick(rng, list) : pick(rng, orders));
    let scenario: Scenario;
    switch (kind) {
      case "order_status": {
        const order = pick(rng, orders);
        scenario = { ...base, order, opening: pick(rng, [`Where is my order ${order.order_id}?`, "Has my order shipped yet?", `What's the status of order ${order.order_id}?`, "track my package"]), csat: 4 + Math.round(rng()) };
        break;
      }
      case "cancel":
      case "cancel_declined":
        scenario = { ...base, order: someOrder(withStatus((s) => s === "pending")), opening: pick(rng, ["I want to cancel my order", "Please cancel my order, I ordered by mistake", "cancel my order"]), confirms: kind === "cancel", csat: kind === "cancel" ? 5 : 4 };
        break;
      case "cancel_not_pending":
        scenario = { ...base, order: someOrder(withStatus((s) => s !== "pending")), opening: "I want to cancel my order", csat: 1 + Math.floor(rng() * 3) };
        break;
      case "return":
        scenario = { ...base, order: someOrder(withStatus((s) => s === "delivered")), opening: pick(rng, ["I'd like to return an item", "I want a refund for something I received", "return an item"]), csat: 4 + Math.round(rng()) };
        break;
      case "return_not_delivered":
        scenario = { ...base, order: someOrder(withStatus((s) => s !== "delivered")), opening: "I want to return something from my order", csat: 2 + Math.round(rng()) };
        break;
      case "change_address":
        scenario = { ...base, opening: pick(rng, ["I moved, please update my profile address", "change my default address"]), csat: 5 };
        break;
      case "someone_elses_order": {
        const other = pick(rng, Object.values(data.orders).filter((o) => o.user_id !== user.user_id));
        scenario = { ...base, order: other, opening: `Where is my order ${other.order_id}?`, csat: 2 };
        break;
      }
      case "unknown_customer":
        scenario = { ...base, byName: false, user: { ...user, email: `${user.name.first_name.toLowerCase()}.${user.name.last_name.toLowerCase()}@nowhere.example` }, opening: "Where is my order?", stopsAfter: 3 };
        break;
      case "knowledge":
        scenario = { ...base, opening: pick(rng, KNOWLEDGE_QUESTIONS), followUp: rng() < 0.4 ? pick(rng, KNOWLEDGE_QUESTIONS) : undefined, csat: 3 + Math.round(rng() * 2) };
        break;
      case "off_topic":
        scenario = { ...base, opening: pick(rng, OFF_TOPIC), stopsAfter: 1 };
        break;
      case "angry":
        scenario = { ...base, opening: pick(rng, ANGRY), csat: 1 };
        break;
      case "abandoned":
        scenario = { ...base, order: pick(rng, orders), opening: pick(rng, ["I want to return something", "I need to change my order", "where is my order"]), stopsAfter: 1 + Math.floor(rng() * 2) };
        break;
    }
    out.push(scenario);
  }
  return out;
}

/**
 * What the customer says next, given the agent's last reply; null when they are done (their request was
 * answered, refused or handed over, or they gave up). They answer only what they are asked.
 */
export function nextMessage(s: Scenario, reply: string, sent: number, rng: () => number): string | null {
  if (s.stopsAfter !== undefined && sent >= s.stopsAfter) return null;
  // Someone with a question, not an order: asked to sign in (the agent took them for a request), they leave.
  if (!ACCOUNT_KINDS.has(s.kind) && /verify your identity|Which order/i.test(reply)) return null;
  const order = s.order;
  if (/email address on your account/i.test(reply)) return s.byName ? `I don't remember it. I'm ${s.user.name.first_name} ${s.user.name.last_name}, zip ${s.user.address.zip}.` : s.user.email;
  if (/What's your full name/i.test(reply)) return `${s.user.name.first_name} ${s.user.name.last_name}`;
  if (/zip code of your address/i.test(reply)) return s.user.address.zip;
  if (/couldn't find an account/i.test(reply)) return null; // they give up rather than guess again
  if (/Which order/i.test(reply)) return order ? order.order_id : null;
  if (/Why would you like to cancel/i.test(reply)) return pick(rng, ["I no longer need it", "I ordered it by mistake"]);
  if (/Which items? would you like to return/i.test(reply) && order) return order.items[0]!.name;
  if (/Where should the refund go/i.test(reply)) return "the original payment method";
  if (/new street address/i.test(reply)) return `${100 + (s.user.user_id.length * 37) % 900} Harbor Street`;
  if (/Apartment, suite or unit/i.test(reply)) return "none";
  if (/Which city/i.test(reply)) return s.user.address.city;
  if (/Which state/i.test(reply)) return s.user.address.state;
  if (/And the zip code\?/i.test(reply)) return s.user.address.zip;
  if (/reply yes to go ahead|shall I go ahead/i.test(reply)) return s.confirms ? "yes" : "No, don't do it. I changed my mind.";
  if (/anything else I can help/i.test(reply)) return s.followUp && sent < 4 ? s.followUp : sent < 6 ? pick(rng, THANKS) : null;
  if (s.kind === "knowledge" && s.followUp && sent === 1) return s.followUp;
  return null;
}
