import { z } from "zod";

// Customers (issue 20): who the brand says its customer is, and what the agent may remember about them.

export const MAX_ATTRIBUTES = 50;
export const MAX_ATTRIBUTES_BYTES = 4096;

/** The brand's id for its customer: what its own lookups call the user id (the demo store's `user_id`). */
export const externalCustomerIdSchema = z
  .string({ error: "The customer id must be a string" })
  .trim()
  .min(1, "The customer id must not be empty")
  .max(200, "The customer id is at most 200 characters");

/** Flat key/value facts the brand sends about its customer (plan, tier, locale…), kept on the profile. */
export const customerAttributesSchema = z
  .record(z.string().min(1).max(64, "Attribute names are at most 64 characters"), z.union([z.string().max(500, "Attribute values are at most 500 characters"), z.number(), z.boolean(), z.null()]), {
    error: (issue) => (issue.code === "invalid_type" ? "attributes must be an object of name → string, number or boolean" : undefined),
  })
  .refine((a) => Object.keys(a).length <= MAX_ATTRIBUTES, `At most ${MAX_ATTRIBUTES} attributes`)
  .refine((a) => new TextEncoder().encode(JSON.stringify(a)).length <= MAX_ATTRIBUTES_BYTES, `attributes are at most ${MAX_ATTRIBUTES_BYTES} bytes as JSON`)
  .describe(`Up to ${MAX_ATTRIBUTES} flat attributes (string, number, boolean), at most ${MAX_ATTRIBUTES_BYTES} bytes`);
export type CustomerAttributes = z.infer<typeof customerAttributesSchema>;

// ---- Memory

export const memoryKinds = ["preferred_name", "language", "last_order", "open_problem"] as const;
export type MemoryKind = (typeof memoryKinds)[number];
export const memoryKindSchema = z.enum(memoryKinds, { error: `A memory kind is one of ${memoryKinds.join(", ")}` });

export const memoryKindLabels: Record<MemoryKind, string> = {
  preferred_name: "Preferred name",
  language: "Language",
  last_order: "Order last discussed",
  open_problem: "Open problem",
};

export const MAX_MEMORY_DAYS = 3650;
const kindSettingSchema = z.object({
  enabled: z.boolean(),
  days: z.int("Days to keep is a whole number").min(1, "Keep a fact at least 1 day").max(MAX_MEMORY_DAYS, `Keep a fact at most ${MAX_MEMORY_DAYS} days`),
});
export type MemoryKindSetting = z.infer<typeof kindSettingSchema>;

/** Off until the workspace turns a kind on: nothing about a customer is kept without a decision. */
export const defaultMemorySettings: Record<MemoryKind, MemoryKindSetting> = {
  preferred_name: { enabled: false, days: 365 },
  language: { enabled: false, days: 365 },
  last_order: { enabled: false, days: 90 },
  open_problem: { enabled: false, days: 30 },
};

export const memorySettingsSchema = z.object({
  preferred_name: kindSettingSchema,
  language: kindSettingSchema,
  last_order: kindSettingSchema,
  open_problem: kindSettingSchema,
});
export type MemorySettings = z.infer<typeof memorySettingsSchema>;

/** The stored settings (workspaces.settings.memory), defaulted kind by kind; anything unreadable is off. */
export function resolveMemorySettings(raw: unknown): MemorySettings {
  const out = { ...defaultMemorySettings };
  if (raw && typeof raw === "object") {
    for (const kind of memoryKinds) {
      const parsed = kindSettingSchema.safeParse((raw as Record<string, unknown>)[kind]);
      if (parsed.success) out[kind] = parsed.data;
    }
  }
  return out;
}

export const MAX_MEMORY_VALUE = 500;
export const memoryValueSchema = z.string().trim().min(1, "A memory needs a value").max(MAX_MEMORY_VALUE, `A memory is at most ${MAX_MEMORY_VALUE} characters`);

// ---- Studio inputs

export const listCustomersInput = z.object({
  search: z.string().trim().max(200, "Search is at most 200 characters").optional(),
  /** The last row of the previous page (keyset): its lastSeenAt and id. */
  cursor: z.object({ lastSeenAt: z.iso.datetime({ offset: true }), id: z.uuid() }).optional(),
  limit: z.int().min(1).max(100).default(25),
});

export const customerIdInput = z.object({ customerId: z.uuid("That is not a customer id") });
export const updateMemoryInput = z.object({ memoryId: z.uuid("That is not a memory id"), value: memoryValueSchema });
export const deleteMemoryInput = z.object({ memoryId: z.uuid("That is not a memory id") });
export const saveMemorySettingsInput = memorySettingsSchema;
