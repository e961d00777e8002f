import { z } from "zod";

// The journey graph the canvas draws and the runtime interprets. Shared by studio and server: no server
// imports here. Variables in text are `{{slots.name}}`, `{{result.order.status}}`, `{{session.x}}`.

export const slotTypes = ["text", "number", "email", "date", "order_id", "choice", "yes_no", "item_ids", "zip", "name"] as const;
export type SlotType = (typeof slotTypes)[number];

export const expressionOps = ["eq", "neq", "in", "not_in", "contains", "gt", "gte", "lt", "lte", "exists", "not_exists"] as const;

/** `left` is a path (`result.order.status`); `right` a literal or a `{{path}}` template. */
export const expressionSchema = z.object({
  left: z.string().min(1),
  op: z.enum(expressionOps),
  right: z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]).optional(),
});
export type Expression = z.infer<typeof expressionSchema>;

const choiceOptionSchema = z.object({ value: z.string().min(1), synonyms: z.array(z.string()).optional() });

/** Options computed from a result: each element (or record value) at `path` is one option. */
const whereSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
const optionsFromSchema = z.object({
  path: z.string().min(1),
  value: z.string().min(1),
  synonyms: z.array(z.string()).default([]),
  where: whereSchema.optional(),
  /**
   * How the customer hears an option, never as its raw value: the first label whose `where` matches,
   * rendered over the option's object ("{{brand|capitalize}} ending {{last_four}}"). Templates read
   * them as `{{options.<slot>}}` (every option) and `{{labels.<slot>}}` (the one chosen).
   */
  labels: z.array(z.object({ where: whereSchema.optional(), text: z.string().min(1) })).optional(),
  /**
   * The kinds of thing the options are, by one of their fields, and the words a customer uses for each
   * ({ field: "source", names: { gift_card: ["gift card"] } }). Naming a kind the customer has none of
   * is refused with `refusal` ({{kind}}: its first word; {{options}}: what they can choose), never
   * matched to another option.
   */
  kinds: z
    .object({
      field: z.string().min(1),
      names: z.record(z.string(), z.array(z.string().min(1)).min(1)),
      refusal: z.string().min(1).default("You don't have a {{kind}} here, so I can't use one. You can choose {{options}}."),
    })
    .optional(),
});

export const slotSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, "Slot names are lower-case words joined by _"),
  type: z.enum(slotTypes),
  prompt: z.string().min(1, "Write the question that asks for this"),
  validation: z.object({ pattern: z.string().optional(), min: z.number().optional(), max: z.number().optional(), message: z.string().optional() }).optional(),
  retries: z.number().int().min(0).max(10).default(2),
  options: z.array(choiceOptionSchema).optional(),
  optionsFrom: optionsFromSchema.optional(),
});
export type Slot = z.infer<typeof slotSchema>;

const base = {
  id: z.string().min(1),
  label: z.string().optional(),
  position: z.object({ x: z.number(), y: z.number() }).optional(),
};

const argValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const journeyNodeSchema = z.discriminatedUnion("type", [
  z.object({ ...base, type: z.literal("trigger") }),
  z.object({ ...base, type: z.literal("message"), text: z.string(), clearSlots: z.array(z.string()).optional() }),
  z.object({ ...base, type: z.literal("collect"), slot: slotSchema, skipWhen: z.array(expressionSchema).optional() }),
  z.object({
    ...base,
    type: z.literal("tool_call"),
    tool: z.string(),
    /** Argument → template: `"{{slots.order_id}}"` keeps the value's type; mixed text renders a string. */
    args: z.record(z.string(), argValueSchema).default({}),
    resultAs: z.string().regex(/^[a-z][a-z0-9_]*$/).optional(),
    /** The action details listed before asking for a yes (writes). */
    confirmText: z.string().optional(),
  }),
  z.object({
    ...base,
    type: z.literal("policy_check"),
    policy: z.string(),
    tool: z.string(),
    args: z.record(z.string(), argValueSchema).default({}),
  }),
  z.object({
    ...base,
    type: z.literal("condition"),
    /** First branch whose expressions all hold wins; otherwise the edge labelled "else". */
    branches: z.array(z.object({ label: z.string().min(1), all: z.array(expressionSchema).min(1) })),
  }),
  z.object({ ...base, type: z.literal("knowledge_answer"), query: z.string().optional(), knowledgeBaseId: z.string().optional(), fallback: z.string().default("I'm not sure about that one.") }),
  z.object({ ...base, type: z.literal("ai_step"), instructions: z.string(), tools: z.array(z.string()).default([]), maxSteps: z.number().int().min(1).max(20).default(5), maxTurns: z.number().int().min(1).max(20).default(5) }),
  z.object({ ...base, type: z.literal("handoff"), reason: z.string().default("The customer needs a person"), message: z.string().optional() }),
  z.object({ ...base, type: z.literal("end"), outcome: z.enum(["resolved", "unresolved"]), message: z.string().optional() }),
]);
export type JourneyNode = z.infer<typeof journeyNodeSchema>;
export type JourneyNodeType = JourneyNode["type"];
export type NodeOf<T extends JourneyNodeType> = Extract<JourneyNode, { type: T }>;

export const journeyEdgeSchema = z.object({ id: z.string().min(1), source: z.string().min(1), target: z.string().min(1), label: z.string().optional() });
export type JourneyEdge = z.infer<typeof journeyEdgeSchema>;

export const journeyTriggerSchema = z.object({ description: z.string().default(""), examples: z.array(z.string()).default([]) });

export const journeyGraphSchema = z.object({
  trigger: journeyTriggerSchema,
  nodes: z.array(journeyNodeSchema),
  edges: z.array(journeyEdgeSchema),
});
export type JourneyGraph = z.infer<typeof journeyGraphSchema>;

/** Edge labels a node may branch on (unlabelled edges are the default path). */
export const decisionLabels = ["allow", "deny", "require_confirmation", "escalate"] as const;

export interface JourneyIssue {
  nodeId: string | null;
  severity: "error" | "warning";
  message: string;
}

const needsOutgoing = new Set<JourneyNodeType>(["trigger", "message", "collect", "tool_call", "policy_check", "condition", "knowledge_answer", "ai_step"]);

/** Pure checks the canvas shows and publishing enforces; every issue names the node it is about. */
export function validateJourney(graph: JourneyGraph): JourneyIssue[] {
  const issues: JourneyIssue[] = [];
  const error = (nodeId: string | null, message: string) => issues.push({ nodeId, severity: "error", message });
  const warn = (nodeId: string | null, message: string) => issues.push({ nodeId, severity: "warning", message });
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));

  const seen = new Set<string>();
  for (const n of graph.nodes) {
    if (seen.has(n.id)) error(n.id, `Two nodes share the id ${n.id}`);
    seen.add(n.id);
  }
  const triggers = graph.nodes.filter((n) => n.type === "trigger");
  if (triggers.length === 0) error(null, "A journey needs exactly one trigger node");
  for (const extra of triggers.slice(1)) error(extra.id, `Only one trigger node is allowed (${extra.id} is a second one)`);
  if (graph.trigger.examples.length === 0 && !graph.trigger.description) error(triggers[0]?.id ?? null, "Describe the trigger or give example customer messages");

  for (const e of graph.edges) {
    if (!byId.has(e.source)) error(e.source, `Edge ${e.id} starts at a node that does not exist (${e.source})`);
    if (!byId.has(e.target)) error(e.source, `Edge ${e.id} from ${e.source} points to a node that does not exist (${e.target})`);
  }
  const out = (id: string) => graph.edges.filter((e) => e.source === id && byId.has(e.target));

  for (const n of graph.nodes) {
    const edges = out(n.id);
    const labels = new Set(edges.map((e) => e.label ?? ""));
    const name = n.label ?? n.id;
    if (needsOutgoing.has(n.type) && edges.length === 0) error(n.id, `${name} is a dead end: connect it to a next step, a handoff or an end`);
    if ((n.type === "handoff" || n.type === "end") && edges.length > 0) warn(n.id, `${name} ends the journey; its outgoing edges are never followed`);
    switch (n.type) {
      case "message":
        if (!n.text.trim()) error(n.id, `${name} has no text`);
        break;
      case "collect":
        if (n.slot.type === "choice" && !n.slot.options?.length && !n.slot.optionsFrom) error(n.id, `${name} is a choice without options`);
        break;
      case "tool_call":
      case "policy_check":
        if (!n.tool) error(n.id, `${name} has no tool selected`);
        if (n.type === "policy_check" && !n.policy) error(n.id, `${name} has no policy selected`);
        if (n.type === "policy_check") {
          if (!labels.has("allow") && !labels.has("require_confirmation") && !labels.has("")) error(n.id, `${name} has no branch for an allowed request`);
          if (!labels.has("deny")) warn(n.id, `${name} has no "deny" branch: a denial ends the journey with the policy's reason`);
        }
        break;
      case "condition": {
        if (n.branches.length === 0) error(n.id, `${name} has no branches`);
        for (const b of n.branches) if (!labels.has(b.label)) error(n.id, `${name} has no edge for the branch "${b.label}"`);
        if (!labels.has("else")) error(n.id, `${name} has no "else" edge for when no branch matches`);
        break;
      }
      case "ai_step":
        if (!n.instructions.trim()) error(n.id, `${name} needs instructions`);
        break;
    }
  }

  const start = triggers[0];
  if (start) {
    const reached = new Set([start.id]);
    const queue = [start.id];
    while (queue.length) {
      for (const e of out(queue.shift()!)) {
        if (reached.has(e.target)) continue;
        reached.add(e.target);
        queue.push(e.target);
      }
    }
    for (const n of graph.nodes) if (!reached.has(n.id)) warn(n.id, `${n.label ?? n.id} cannot be reached from the trigger`);
  }
  return issues;
}
