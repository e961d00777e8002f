import { z } from "zod";

const metadataSchema = z
  .record(z.string().trim().min(1).max(64), z.string().max(500))
  .refine((m) => Object.keys(m).length <= 20, "At most 20 metadata entries");

export const startPlaygroundInput = z.object({
  agentId: z.uuid("Unknown agent id"),
  storeUserId: z.string().max(100).nullish(),
  metadata: metadataSchema.default({}),
});

export const searchStoreUsersInput = z.object({
  agentId: z.uuid("Unknown agent id"),
  query: z.string().max(100).optional(),
});

/** The body `DefaultChatTransport` posts; only the last message's text is read (the transcript lives in the database). */
export const playgroundChatBody = z.object({
  workspace: z.string().min(1).max(64),
  agentId: z.uuid("Unknown agent id"),
  conversationId: z.uuid("Unknown conversation id"),
  messages: z
    .array(z.object({ id: z.string().max(200), role: z.string(), parts: z.array(z.looseObject({ type: z.string(), text: z.string().optional() })) }))
    .min(1, "No message to send"),
});

export const rerunBody = z.object({
  workspace: z.string().min(1).max(64),
  agentId: z.uuid("Unknown agent id"),
  conversationId: z.uuid("Unknown conversation id"),
});
