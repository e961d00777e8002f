import "server-only";
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import type { StoredTraceStep } from "@/db/schema";

/**
 * Adds a step to the conversation's latest turn trace (a turn's trace is one row), so a person's action
 * shows in the timeline after the turn it followed. Before any turn it starts turn 0's trace.
 */
export async function appendTraceStep(tx: Tx, conversation: { id: string; workspaceId: string; turns: number }, step: Omit<StoredTraceStep, "durationMs">): Promise<void> {
  const steps = JSON.stringify([{ ...step, durationMs: 0 }]);
  await tx.execute(sql`
    insert into turn_traces (workspace_id, conversation_id, turn, events)
    values (${conversation.workspaceId}, ${conversation.id}, ${conversation.turns}, ${steps}::text::jsonb)
    on conflict (conversation_id, turn) do update set events = turn_traces.events || excluded.events`);
}
