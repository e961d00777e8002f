import { z } from "zod";

// An HTTP tool: how the agent reaches a brand's backend. The url is a template: `{{appUrl}}` is this
// app's base URL, `{name}` placeholders take (URL-encoded) arguments; the remaining arguments go to the
// query string (GET, DELETE) or the JSON body. Header values may reference secrets as `{{secret.NAME}}`.

export const toolNameSchema = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, "Tool names are lower-case words joined by _");

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
  /**
   * For a write to the brand's own backend: a read tool of the agent run first, with the write's
   * arguments it takes; its answer becomes facts `<as>.<field>` for the bound policy (see lookupFacts).
   */
  factsFrom: z
    .object({
      tool: toolNameSchema,
      as: z
        .string()
        .regex(/^[a-z][a-z0-9_]*$/, "Name the facts with one lower-case word, like order")
        .refine((as) => as !== "request" && as !== "session", "request and session facts are the gate's own: pick another name"),
      /** Where the answer names its customer: gives `<as>.belongs_to_authenticated_user`. */
      customerIdPath: z.string().optional(),
    })
    .optional(),
  /** The response describes the authenticated customer: where their email and order ids are. */
  customerProfile: z.object({ userIdPath: z.string(), emailPath: z.string().optional(), orderIdsPath: z.string().optional() }).optional(),
});
export type HttpTool = z.infer<typeof httpToolSchema>;
export type HttpToolInput = z.input<typeof httpToolSchema>;
