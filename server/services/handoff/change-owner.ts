import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { conversations, users } from "@/db/schema";
import type { Owner } from "@/lib/schemas/inbox";
import { conflict, forbidden, notFound } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { appendTraceStep } from "./append-trace-step";
import { ownerLabels, statusForOwner } from "./owner";
import { lockConversation } from "./lock-conversation";
import { recordConversationEvent } from "./record-event";

export type ConversationRecord = typeof conversations.$inferSelect;

export interface OwnerChange {
  conversationId: string;
  /** The audit action and trace step name, e.g. "conversation.claim". */
  action: string;
  from: readonly Owner[];
  to: Owner;
  /** Extra checks on the locked row (e.g. only the assignee may hand back); throw to refuse. */
  check?: (c: ConversationRecord) => void;
  /** Columns to set besides owner and status. */
  set?: (c: ConversationRecord, now: Date) => Partial<ConversationRecord>;
  event: { type: string; payload?: Record<string, unknown> };
  /** More writes in the same transaction, after the change (e.g. a webhook delivery). */
  after?: (tx: Tx, updated: ConversationRecord) => Promise<unknown>;
}

/**
 * One owner transition: locks the row, checks the state it leaves, updates it only if the state is still
 * one it may leave (so of concurrent claims exactly one wins), and writes the trace step, audit row and
 * event in the same transaction.
 */
export async function changeOwner(ctx: WorkspaceCtx, change: OwnerChange, tx?: Tx): Promise<ConversationRecord> {
  if (!tx) return ctx.db.transaction((t) => changeOwner(ctx, change, t));
  const scope = and(eq(conversations.id, change.conversationId), eq(conversations.workspaceId, ctx.workspace.id));
  await lockConversation(tx, change.conversationId);
  const [current] = await tx.select().from(conversations).where(scope).for("update");
  if (!current) throw notFound("Conversation");
  if (!change.from.includes(current.owner as Owner)) throw await wrongState(tx, current);
  change.check?.(current);

  const now = new Date();
  const extra = change.set?.(current, now) ?? {};
  const [updated] = await tx
    .update(conversations)
    .set({ ...extra, owner: change.to, status: statusForOwner(change.to, current.status), updatedAt: now })
    .where(and(scope, inArray(conversations.owner, [...change.from])))
    .returning();
  if (!updated) throw conflict("This conversation changed while you were working on it: reload it and try again");

  const step = change.action.replace(/^conversation\./, "");
  await appendTraceStep(tx, current, { type: "escalation", name: `person: ${step}`, input: { by: ctx.userId, from: current.owner }, output: change.event.payload ?? null, decision: change.to });
  await recordAudit(tx, {
    workspaceId: ctx.workspace.id,
    actorId: ctx.userId,
    action: change.action,
    targetType: "conversation",
    targetId: current.id,
    before: { owner: current.owner, assigneeId: current.assigneeId },
    after: { owner: updated.owner, assigneeId: updated.assigneeId, ...change.event.payload },
  });
  await recordConversationEvent(tx, {
    workspaceId: ctx.workspace.id,
    conversationId: current.id,
    type: change.event.type,
    payload: { owner: updated.owner, status: updated.status, ...change.event.payload },
  });
  await change.after?.(tx, updated);
  return updated;
}

/** Why the transition cannot happen, in words a person acts on. */
async function wrongState(tx: Tx, c: ConversationRecord) {
  if (c.owner === "human" && c.assigneeId) {
    const [assignee] = await tx.select({ name: users.name }).from(users).where(eq(users.id, c.assigneeId));
    return conflict(`${assignee?.name ?? "Someone"} has already claimed this conversation`);
  }
  if (c.owner === "ai") return conflict("The AI is handling this conversation: it has not been handed to a person");
  return conflict(`This conversation is ${ownerLabels[c.owner as Owner] ?? c.owner}: it cannot be changed that way`);
}

/** Only the person who holds the conversation may act for it (a reply, handing it back). */
export function mustHold(ctx: WorkspaceCtx, c: ConversationRecord): void {
  if (c.owner === "human" && c.assigneeId !== ctx.userId) throw forbidden("Someone else holds this conversation: claim it or ask them to hand it over");
}

/** Handing back, resolving or closing someone else's conversation: its holder, or an admin who steps in. */
export function mustHoldOrManage(ctx: WorkspaceCtx, c: ConversationRecord): void {
  if (ctx.role === "owner" || ctx.role === "admin") return;
  mustHold(ctx, c);
}

/** Time a person held it, added up over claims, for insights. */
export const handledFor = (c: ConversationRecord, now: Date): Partial<ConversationRecord> =>
  c.claimedAt ? { humanHandleMs: c.humanHandleMs + Math.max(0, now.getTime() - c.claimedAt.getTime()), claimedAt: null } : {};

