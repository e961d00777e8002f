import "server-only";
import type { Tx } from "@/db/client";
import { auditLogs } from "@/db/schema";

export interface AuditEntry {
  workspaceId: string;
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  before?: unknown;
  after?: unknown;
}

/** Called inside the mutation's own transaction, so a change and its audit row land together. */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLogs).values({ ...entry, before: entry.before ?? null, after: entry.after ?? null });
}
