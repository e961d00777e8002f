import { z } from "zod";

// Privacy (issue 20 item 4; server/services/privacy/README.md): a workspace's retention and redaction
// settings (workspaces.settings.privacy), and how a customer is named to forget or export them.

export const RETENTION_MODES = ["off", "delete", "anonymize"] as const;
export type RetentionMode = (typeof RETENTION_MODES)[number];

export const retentionSchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("off") }),
  z.object({
    /** delete: erased as a forget erases (aggregates kept); anonymize: kept, with text redacted and the customer unlinked. */
    mode: z.enum(["delete", "anonymize"], { message: "Retention is off, delete or anonymize" }),
    /** Conversations whose last activity is more than this many days ago. */
    days: z
      .number({ message: "Enter the number of days to keep conversations, e.g. 365" })
      .int("Days are a whole number")
      .min(1, "Keep conversations at least 1 day")
      .max(3650, "At most 3650 days (10 years); turn retention off to keep them for ever"),
  }),
]);
export type Retention = z.infer<typeof retentionSchema>;

export const privacySettingsSchema = z.object({
  retention: retentionSchema.default({ mode: "off" }),
  /** Redact emails, phone numbers and card numbers in stored traces and tool executions (args, results, errors). */
  redactPii: z.boolean().default(false),
});
export type PrivacySettings = z.infer<typeof privacySettingsSchema>;

export const savePrivacySettingsInput = z.object({ retention: retentionSchema, redactPii: z.boolean() });

/** A customer by our id (the studio) or the brand's id (the API, the CLI): exactly one. */
export const customerRefInput = z
  .object({
    customerId: z.uuid("customerId is the customer's id in Switchback (a UUID)").optional(),
    externalId: z.string().trim().min(1, "Give the customer's id in your systems").max(256, "Customer ids are at most 256 characters").optional(),
  })
  .refine((v) => (v.customerId === undefined) !== (v.externalId === undefined), { message: "Name the customer by customerId or externalId (one of them)" });
export type CustomerRefInput = z.infer<typeof customerRefInput>;

/** The studio's confirmation: the admin types the customer's external id. */
export const forgetCustomerInput = z.object({
  customerId: z.uuid("customerId is the customer's id in Switchback (a UUID)"),
  confirm: z.string().max(256),
});

/** workspaces.settings.privacy, defaulted (retention off, no redaction); a value an older version wrote falls back to the defaults. */
export function resolvePrivacySettings(settings: unknown): PrivacySettings {
  const parsed = privacySettingsSchema.safeParse((settings as { privacy?: unknown } | null)?.privacy ?? {});
  return parsed.success ? parsed.data : privacySettingsSchema.parse({});
}
