import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { recordAudit } from "@/server/services/audit/record-audit";
import { anonymizeConversations } from "./anonymize-conversations";
import { emptyCounts, eraseConversations } from "./erase-conversations";
import { resolvePrivacySettings } from "@/lib/schemas/privacy";

/** Conversations erased or anonymized per transaction: a big backlog goes in many short ones (and a failed run resumes where it stopped). */
export const RETENTION_BATCH = 200;

export interface RetentionOutcome {
  workspaceId: string;
  mode: "delete" | "anonymize";
  days: number;
  conversations: number;
}

/**
 * The daily retention job: for each workspace whose setting is on, the conversations whose last activity
 * (last message, else creation) is more than N days before `now` are erased as a forget erases them
 * (aggregates kept for insights) or anonymized. Exactly N days old stays. Each batch is one transaction
 * with its own `retention.apply` audit entry (no actor, the counts).
 */
export async function applyRetention(db: Db, opts: { now?: Date; workspaceId?: string } = {}): Promise<RetentionOutcome[]> {
  const now = opts.now ?? new Date();
  const candidates = rowsOf<{ id: string; settings: unknown }>(
    await db.execute(sql`
      select id, settings from workspaces
      where settings->'privacy'->'retention'->>'mode' in ('delete', 'anonymize') ${opts.workspaceId ? sql`and id = ${opts.workspaceId}` : sql``}
      order by created_at`),
  );
  const outcomes: RetentionOutcome[] = [];
  for (const ws of candidates) {
    const { retention } = resolvePrivacySettings(typeof ws.settings === "string" ? JSON.parse(ws.settings) : ws.settings);
    if (retention.mode === "off") continue;
    const cutoff = new Date(now.getTime() - retention.days * 86_400_000);
    let total = 0;
    for (;;) {
      const done = await db.transaction(async (tx) => {
        const ids = rowsOf<{ id: string }>(
          await tx.execute(sql`
            select id from conversations
            where workspace_id = ${ws.id} and coalesce(last_message_at, created_at) < ${cutoff.toISOString()}::timestamptz
              ${retention.mode === "anonymize" ? sql`and not (metadata ? 'anonymizedAt')` : sql``}
            order by created_at, id limit ${RETENTION_BATCH}
            for update skip locked`),
        ).map((r) => r.id);
        if (ids.length === 0) return 0;
        const after =
          retention.mode === "delete"
            ? await eraseConversations(tx, { workspaceId: ws.id, conversationIds: ids })
            : { ...emptyCounts(), ...(await anonymizeConversations(tx, { workspaceId: ws.id, conversationIds: ids, now })) };
        await recordAudit(tx, {
          workspaceId: ws.id,
          actorId: null,
          action: "retention.apply",
          targetType: "workspace",
          targetId: ws.id,
          after: { mode: retention.mode, days: retention.days, before: cutoff.toISOString(), ...(retention.mode === "delete" ? after : { conversations: after.conversations, messages: after.messages }) },
        });
        return ids.length;
      });
      total += done;
      if (done < RETENTION_BATCH) break;
    }
    outcomes.push({ workspaceId: ws.id, mode: retention.mode, days: retention.days, conversations: total });
  }
  return outcomes;
}
