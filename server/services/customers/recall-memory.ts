import "server-only";
import { and, desc, eq, gt, isNull, or } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { customerMemories } from "@/db/schema";
import { type MemoryKind, memoryKinds, type MemorySettings } from "@/lib/schemas/customers";

export interface RecalledMemory {
  kind: MemoryKind;
  value: string;
  learnedAt: Date;
  sourceConversationId: string | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * What the agent remembers about one customer of one workspace: the newest fact per kind, for kinds the
 * workspace keeps, neither expired nor older than the kind's days to keep (a shortened setting applies to
 * facts learned before it). Both ids are in the query: a customer of another workspace recalls nothing.
 */
export async function recallMemory(db: Db | Tx, input: { workspaceId: string; customerId: string; settings: MemorySettings; now: Date }): Promise<RecalledMemory[]> {
  const kept = memoryKinds.filter((k) => input.settings[k].enabled);
  if (kept.length === 0) return [];
  const rows = await db
    .selectDistinctOn([customerMemories.kind], {
      kind: customerMemories.kind,
      value: customerMemories.value,
      learnedAt: customerMemories.learnedAt,
      sourceConversationId: customerMemories.sourceConversationId,
    })
    .from(customerMemories)
    .where(
      and(
        eq(customerMemories.workspaceId, input.workspaceId),
        eq(customerMemories.customerId, input.customerId),
        or(isNull(customerMemories.expiresAt), gt(customerMemories.expiresAt, input.now)),
      ),
    )
    .orderBy(customerMemories.kind, desc(customerMemories.learnedAt), desc(customerMemories.id));
  return rows
    .filter((r): r is typeof r & { kind: MemoryKind } => kept.includes(r.kind as MemoryKind))
    .filter((r) => input.now.getTime() - r.learnedAt.getTime() < input.settings[r.kind].days * DAY_MS)
    .sort((a, b) => b.learnedAt.getTime() - a.learnedAt.getTime());
}

/** `{ preferred_name: "Yara", … }`: what templates read as `memory.*`. */
export const memoryScope = (recalled: RecalledMemory[]): Record<string, string> => Object.fromEntries(recalled.map((m) => [m.kind, m.value]));
