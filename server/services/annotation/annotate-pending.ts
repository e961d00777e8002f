import "server-only";
import { and, asc, eq, gte, isNotNull, isNull, lt, ne, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { conversationAnnotations, conversations } from "@/db/schema";
import { annotateConversations, type AnnotationResult } from "./annotate-conversations";

/** An open conversation whose last message is older than this has gone idle: the judge reads it as it stands. */
export const IDLE_AFTER_MS = 30 * 60_000;
/** Conversations per transaction: large enough for few round trips, small enough to hold locks briefly. */
export const ANNOTATE_BATCH = 100;

export interface AnnotatePendingInput {
  /** At most this many conversations this call. */
  limit: number;
  now?: Date;
  /** Narrow to one workspace, one agent, or conversations started since a date (the CLI). */
  workspaceId?: string;
  agentId?: string;
  since?: Date;
  /** Called after each batch (the CLI's progress). */
  onBatch?: (done: number, batch: AnnotationResult[]) => void;
}

/**
 * Conversations that ended (ended_at set or status no longer open) or went idle (open, last message over
 * 30 min ago), outside evals, with no annotation or one older than their last message: annotated in
 * batches per workspace, oldest activity first. Returns the ids annotated. Idempotent: a second call
 * finds nothing new until a conversation gets another message.
 */
export async function annotatePending(db: Db, input: AnnotatePendingInput): Promise<string[]> {
  const now = input.now ?? new Date();
  const pending = await db
    .select({ id: conversations.id, workspaceId: conversations.workspaceId })
    .from(conversations)
    .leftJoin(conversationAnnotations, eq(conversationAnnotations.conversationId, conversations.id))
    .where(pendingWhere(input, now))
    .orderBy(asc(conversations.lastMessageAt), asc(conversations.id))
    .limit(input.limit);

  const byWorkspace = new Map<string, string[]>();
  for (const p of pending) byWorkspace.set(p.workspaceId, [...(byWorkspace.get(p.workspaceId) ?? []), p.id]);
  const annotated: string[] = [];
  for (const [workspaceId, ids] of byWorkspace) {
    for (let i = 0; i < ids.length; i += ANNOTATE_BATCH) {
      const batch = await annotateConversations(db, { workspaceId, conversationIds: ids.slice(i, i + ANNOTATE_BATCH), actorId: null, now });
      annotated.push(...batch.map((r) => r.conversationId));
      input.onBatch?.(annotated.length, batch);
    }
  }
  return annotated;
}

/** How many conversations `annotatePending` would pick up now, for the CLI's progress. */
export async function countPending(db: Db, input: Omit<AnnotatePendingInput, "limit" | "onBatch">): Promise<number> {
  const now = input.now ?? new Date();
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(conversations)
    .leftJoin(conversationAnnotations, eq(conversationAnnotations.conversationId, conversations.id))
    .where(pendingWhere(input, now));
  return row?.n ?? 0;
}

/** Ended or idle, outside evals, and not annotated since its last message. */
function pendingWhere(input: Pick<AnnotatePendingInput, "workspaceId" | "agentId" | "since">, now: Date): SQL | undefined {
  return and(
    ne(conversations.channel, "eval"),
    isNotNull(conversations.lastMessageAt),
    or(isNotNull(conversations.endedAt), ne(conversations.status, "open"), lt(conversations.lastMessageAt, new Date(now.getTime() - IDLE_AFTER_MS))),
    or(isNull(conversationAnnotations.id), lt(conversationAnnotations.annotatedAt, conversations.lastMessageAt)),
    input.workspaceId ? eq(conversations.workspaceId, input.workspaceId) : undefined,
    input.agentId ? eq(conversations.agentId, input.agentId) : undefined,
    input.since ? gte(conversations.createdAt, input.since) : undefined,
  );
}
