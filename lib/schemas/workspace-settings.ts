import { z } from "zod";

// Workspace settings (workspaces.settings jsonb): the model provider and the private hosts tools may call.

export const secretNameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, "Secret names are letters, digits and _, starting with a letter (e.g. STORE_API_KEY)");

export const setSecretInput = z.object({
  name: secretNameSchema,
  value: z.string().min(1, "Enter the secret's value").max(8192, "Secrets are at most 8 KB"),
});

const price = z
  .number({ message: "Enter a price in US dollars per million tokens, e.g. 0.15" })
  .min(0, "Prices are 0 or more")
  .max(10_000, "Prices are per million tokens: at most 10,000")
  .optional();

export const modelSettingsSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("local") }),
  z.object({
    kind: z.literal("llm"),
    baseURL: z.url({ message: "Enter the provider's base URL, e.g. https://api.openai.com/v1" }),
    /** The API key is never stored here: only the name of a workspace secret that holds it. */
    apiKeySecret: secretNameSchema,
    chatModel: z.string().trim().min(1, "Name the chat model, e.g. gpt-4o-mini"),
    embeddingModel: z.string().trim().min(1, "Name the embedding model, e.g. text-embedding-3-small"),
    /** The chat model's prices in US dollars per million tokens, for insights' cost (absent or 0: not priced). */
    inputPricePerMillion: price,
    outputPricePerMillion: price,
  }),
]);
export type ModelSettings = z.infer<typeof modelSettingsSchema>;

/** A host name, optionally with a port: what an allowed private host looks like. */
export const allowedHostSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(\[[0-9a-f:]+\]|[a-z0-9.-]+)(:\d{1,5})?$/, "Hosts look like api.internal or 10.0.0.5:8080 (no scheme, no path)");

export const workspaceSettingsSchema = z.object({
  model: modelSettingsSchema.optional(),
  allowedHosts: z.array(allowedHostSchema).max(50).optional(),
});
export type WorkspaceSettings = z.infer<typeof workspaceSettingsSchema>;
