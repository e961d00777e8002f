import { z } from "zod";

const day = z.iso.date({ message: "Use a date like 2026-01-31" });

/** The audit log's filters; every one is optional and they combine with AND. */
export const auditFilters = z.object({
  actorId: z.uuid({ message: "Pick an actor from the list" }).optional(),
  action: z.string().trim().min(1).max(80).optional(),
  targetType: z.string().trim().min(1).max(40).optional(),
  /** One target's history, e.g. from clicking its name. */
  targetId: z.string().trim().min(1).max(200).optional(),
  /** Inclusive calendar days in UTC. */
  from: day.optional(),
  to: day.optional(),
});

export type AuditFilters = z.infer<typeof auditFilters>;

export const listAuditInput = auditFilters
  .extend({ before: z.date().optional(), limit: z.number().int().min(1).max(200).optional() })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: "The “from” date must be on or before the “to” date", path: ["to"] });
