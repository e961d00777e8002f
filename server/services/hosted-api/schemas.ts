import { z } from "zod";
import { customerAttributesSchema } from "@/lib/schemas/customers";

// Request bodies of the hosted API. The OpenAPI document is generated from these (z.toJSONSchema).

export const MAX_MESSAGE_CHARS = 4000;
export const MAX_BODY_BYTES = 64 * 1024;
/** Chat completions: the most earlier user messages an unknown history may bring (each is replayed as a turn). */
export const MAX_REPLAYED_MESSAGES = 20;

const metadataSchema = z
  .record(z.string().min(1).max(64), z.union([z.string().max(500), z.number(), z.boolean()]))
  .refine((m) => Object.keys(m).length <= 20, "At most 20 metadata entries")
  .describe("Up to 20 key/value pairs, kept on the conversation and shown in the studio");

export const customerSchema = z
  .looseObject({
    id: z.string().min(1).max(200).optional().describe("Your id for the customer (the user id your own systems and the agent's lookups use): links the conversation to the customer's profile and memory, and keeps canary assignment sticky"),
    attributes: customerAttributesSchema.optional(),
    verified: z
      .boolean()
      .optional()
      .describe("API keys only: true when your server has signed the customer in. The session then starts verified as `id`, exactly as if the agent's verifying lookup had found them (the gate allows their writes); otherwise the agent verifies them itself"),
  })
  .describe("Who the customer is; stored on the conversation and passed to the handoff summary. From an API key, `id` is trusted as your customer's id in this workspace");

export const createConversationBody = z.object({
  agent: z.string().min(1).max(64).describe("The agent's id or slug"),
  customer: customerSchema.optional(),
  release: z.int32().positive().optional().describe("Pin a release number; default: the live release (or the canary, for its share of customers)"),
  metadata: metadataSchema.optional(),
});

export const widgetConversationBody = z.object({
  customer: customerSchema.optional(),
  metadata: metadataSchema.optional(),
  identityToken: z
    .string()
    .max(8192, "identityToken is at most 8 KB")
    .optional()
    .describe("A token your server signed for the signed-in customer (sb1 HMAC or an HS256 JWT, with the workspace's identity secret): the conversation starts with that customer verified"),
});

const uiMessageSchema = z.object({
  id: z.string().max(200).optional(),
  role: z.string(),
  parts: z.array(z.looseObject({ type: z.string(), text: z.string().optional() })),
});

/** `{ text }`, or the body the AI SDK's `useChat` posts (`{ messages }`: the last user message is sent). */
export const sendMessageBody = z
  .object({
    text: z.string().optional().describe(`The customer's message (at most ${MAX_MESSAGE_CHARS} characters)`),
    messages: z.array(uiMessageSchema).optional().describe("AI SDK UI messages (useChat); only the last user message is read"),
  })
  .refine((b) => b.text !== undefined || (b.messages?.length ?? 0) > 0, "Send `text` (or `messages`)");

export const endConversationBody = z.object({
  outcome: z.enum(["resolved", "abandoned", "escalated"]).optional().describe("Default: the conversation's current outcome, or resolved while open"),
  csat: z.number().int().min(1, "csat is 1 to 5").max(5, "csat is 1 to 5").optional(),
});

const contentPart = z.looseObject({ type: z.string(), text: z.string().optional() });
export const chatCompletionsBody = z.looseObject({
  model: z.string().max(200).optional().describe("Echoed back; the agent's release decides how it answers"),
  messages: z
    .array(
      z.looseObject({
        role: z.enum(["system", "developer", "user", "assistant", "tool"]),
        content: z.union([z.string(), z.array(contentPart), z.null()]).optional(),
      }),
    )
    .min(1, "messages must not be empty"),
  stream: z.boolean().nullish(),
  user: z.string().max(200).optional().describe("Your end user's id: scopes the conversation and keeps canary assignment sticky"),
});
