import { z } from "zod";
import { expressionFactSchema } from "./policy";

// An HTTP tool: how the agent reaches a brand's backend. The url is a template: `{{appUrl}}` is this
// app's base URL, `{name}` placeholders take (URL-encoded) arguments; the remaining arguments go to the
// query string (GET, DELETE) or the JSON body. Header values may reference secrets as `{{secret.NAME}}`.

export const toolNameSchema = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, "Tool names are lower-case words joined by _");

export const MAX_LOOKUPS = 5;

/** A source of a lookup's argument: `request.<argument>`, `<an earlier lookup>.<field>`, or `item` (and `item.<field>`) for a lookup per item. */
export const sourcePathSchema = z.string().regex(/^[a-z][a-z0-9_]*(\.[A-Za-z0-9_]+)*$/, "Paths look like request.order_id, order.customer_id or item");

/** Lookup names the gate gives its own meaning to. */
const reservedFactRoots = ["request", "session", "item", "now"];

/**
 * A read tool a write runs before its policy decides. `args` maps the read tool's arguments to sources
 * (by default each takes the write's argument of the same name); `forEach` runs it once per item of a
 * list (a request argument or an earlier lookup's field), the item being `item`.
 */
export const lookupSchema = z
  .object({
    tool: toolNameSchema,
    as: z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/, "Name the facts with one lower-case word, like order")
      .refine((as) => !reservedFactRoots.includes(as), "request, session, item and now are the gate's own names: pick another name for the facts"),
    args: z.record(z.string(), sourcePathSchema).optional(),
    forEach: sourcePathSchema.optional(),
    /** Where the answer names its customer: gives `<as>.belongs_to_authenticated_user`. */
    customerIdPath: z.string().optional(),
  })
  .strict();
export type Lookup = z.infer<typeof lookupSchema>;

export const httpToolSchema = z.object({
  name: toolNameSchema,
  description: z.string().min(1, "Say what the tool does; the model reads it"),
  method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]),
  url: z.string().min(1),
  headers: z.record(z.string(), z.string()).default({}),
  /** JSON Schema of the arguments (an object schema). */
  args: z.record(z.string(), z.unknown()).default({ type: "object", properties: {} }),
  /** Dotted paths of the response to keep; everything when absent. */
  response: z.object({ keep: z.array(z.string()).optional() }).default({}),
  timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
  /** Retries on network errors and 5xx, for reads only: a write is never sent twice by the runtime. */
  retries: z.number().int().min(0).max(5).default(0),
  kind: z.enum(["read", "write"]),
  policyKey: z.string().optional(),
  requiresConfirmation: z.boolean().default(false),
  /** A successful call proves who the customer is: the user id is read from this path of the response. */
  authenticates: z.object({ userIdPath: z.string() }).optional(),
  /** JSON Schema of a successful answer (from the OpenAPI import or a test call): types the facts its lookups give. */
  responseSchema: z.record(z.string(), z.unknown()).optional(),
  /**
   * For a write to the brand's own backend: read tools of the agent run first, in order; their answers
   * become facts for the bound policy (see lookupFacts). One lookup or a list of them.
   */
  factsFrom: z
    .union([z.array(lookupSchema).max(MAX_LOOKUPS, `A write reads at most ${MAX_LOOKUPS} lookups`), lookupSchema.transform((lookup) => [lookup])])
    .refine((lookups) => new Set(lookups.map((l) => l.as)).size === lookups.length, "Each lookup names its facts differently")
    .optional(),
  /**
   * For a write with lookups: facts computed from the request and what the lookups found, in order, each
   * a CEL expression over the facts before it (`request.items_in_order`, `order.was_item_modified`):
   * facts about this write that every policy bound to it reads, like the lookups' own.
   */
  facts: z.array(expressionFactSchema).max(50, "At most 50 computed facts").optional(),
  /** The response describes the authenticated customer: where their email and order ids are. */
  customerProfile: z.object({ userIdPath: z.string(), emailPath: z.string().optional(), orderIdsPath: z.string().optional() }).optional(),
});
export type HttpTool = z.infer<typeof httpToolSchema>;
export type HttpToolInput = z.input<typeof httpToolSchema>;
