import "server-only";
import { and, asc, eq, inArray } from "drizzle-orm";
import { conversationAnnotations, conversationNotes, conversationScores, conversations, conversationTags, customerMemories, messageCorrections, messages, scoreCriteria, tags } from "@/db/schema";
import type { CustomerRefInput } from "@/lib/schemas/privacy";
import { recordAudit } from "@/server/services/audit/record-audit";
import { findCustomer, type PrivacyCtx } from "./find-customer";

/** The export's format version: readers check it before relying on fields. */
export const CUSTOMER_EXPORT_VERSION = 1;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Everything the workspace holds about one customer, as one JSON document (a subject access request):
 * the profile, every conversation with its messages, tags, notes, corrections, scores and the judge's
 * annotation, and the memory. Audited as `customer.export` (who exported, how many conversations).
 */
export async function exportCustomer(ctx: PrivacyCtx, input: CustomerRefInput) {
  const customer = await findCustomer(ctx.db, ctx.workspaceId, input);
  const ws = ctx.workspaceId;
  const ids = customer.conversationIds;
  const inConversations = <T extends { workspaceId: unknown; conversationId: unknown }>(t: T) =>
    and(eq(t.workspaceId as typeof messages.workspaceId, ws), inArray(t.conversationId as typeof messages.conversationId, ids.length ? ids : ["00000000-0000-0000-0000-000000000000"]));

  const [convs, said, tagged, notes, corrections, scores, annotations, memories] = await Promise.all([
    ids.length ? ctx.db.select().from(conversations).where(and(eq(conversations.workspaceId, ws), inArray(conversations.id, ids))).orderBy(asc(conversations.createdAt)) : [],
    ctx.db
      .select({ id: messages.id, conversationId: messages.conversationId, turn: messages.turn, role: messages.role, text: messages.text, authorName: messages.authorName, createdAt: messages.createdAt })
      .from(messages)
      .where(inConversations(messages))
      .orderBy(asc(messages.turn), asc(messages.createdAt)),
    ctx.db
      .select({ conversationId: conversationTags.conversationId, messageId: conversationTags.messageId, tag: tags.name, createdAt: conversationTags.createdAt })
      .from(conversationTags)
      .innerJoin(tags, and(eq(tags.id, conversationTags.tagId), eq(tags.workspaceId, conversationTags.workspaceId)))
      .where(inConversations(conversationTags)),
    ctx.db
      .select({ conversationId: conversationNotes.conversationId, messageId: conversationNotes.messageId, authorName: conversationNotes.authorName, text: conversationNotes.text, createdAt: conversationNotes.createdAt })
      .from(conversationNotes)
      .where(inConversations(conversationNotes))
      .orderBy(asc(conversationNotes.createdAt)),
    ctx.db
      .select({ conversationId: messageCorrections.conversationId, messageId: messageCorrections.messageId, authorName: messageCorrections.authorName, text: messageCorrections.text, createdAt: messageCorrections.createdAt })
      .from(messageCorrections)
      .where(inConversations(messageCorrections)),
    ctx.db
      .select({ conversationId: conversationScores.conversationId, criterion: scoreCriteria.name, kind: conversationScores.kind, value: conversationScores.value, authorName: conversationScores.authorName })
      .from(conversationScores)
      .innerJoin(scoreCriteria, and(eq(scoreCriteria.id, conversationScores.criterionId), eq(scoreCriteria.workspaceId, conversationScores.workspaceId)))
      .where(inConversations(conversationScores)),
    ctx.db
      .select({ conversationId: conversationAnnotations.conversationId, outcome: conversationAnnotations.outcome, sentiment: conversationAnnotations.sentimentLabel, topic: conversationAnnotations.topic })
      .from(conversationAnnotations)
      .where(inConversations(conversationAnnotations)),
    customer.id
      ? ctx.db
          .select({ kind: customerMemories.kind, value: customerMemories.value, sourceConversationId: customerMemories.sourceConversationId, learnedAt: customerMemories.learnedAt, expiresAt: customerMemories.expiresAt })
          .from(customerMemories)
          .where(and(eq(customerMemories.workspaceId, ws), eq(customerMemories.customerId, customer.id)))
          .orderBy(asc(customerMemories.learnedAt))
      : [],
  ]);

  const of = <T extends { conversationId: string }>(rows: T[], id: string) => rows.filter((r) => r.conversationId === id).map(({ conversationId: _, ...rest }) => rest);
  const document = {
    switchback: "customer-export" as const,
    version: CUSTOMER_EXPORT_VERSION,
    exportedAt: new Date().toISOString(),
    customer: {
      id: customer.id,
      externalId: customer.externalId,
      attributes: customer.attributes,
      firstSeenAt: iso(customer.firstSeenAt),
      lastSeenAt: iso(customer.lastSeenAt),
      verifiedAt: iso(customer.verifiedAt),
    },
    conversations: convs.map((c) => ({
      id: c.id,
      agentId: c.agentId,
      channel: c.channel,
      status: c.status,
      customer: c.customer,
      metadata: c.metadata,
      csat: c.csat,
      handoff: c.handoff,
      createdAt: c.createdAt.toISOString(),
      endedAt: iso(c.endedAt),
      messages: of(said, c.id).map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })),
      tags: of(tagged, c.id).map((t) => ({ ...t, createdAt: t.createdAt.toISOString() })),
      notes: of(notes, c.id).map((n) => ({ ...n, createdAt: n.createdAt.toISOString() })),
      corrections: of(corrections, c.id).map((n) => ({ ...n, createdAt: n.createdAt.toISOString() })),
      scores: of(scores, c.id),
      annotation: of(annotations, c.id)[0] ?? null,
    })),
    memory: memories.map((m) => ({ ...m, learnedAt: m.learnedAt.toISOString(), expiresAt: iso(m.expiresAt) })),
  };
  await ctx.db.transaction((tx) =>
    recordAudit(tx, {
      workspaceId: ws,
      actorId: ctx.actorId,
      action: "customer.export",
      targetType: "customer",
      targetId: customer.id ?? customer.externalId,
      after: { conversations: convs.length, messages: said.length, memories: memories.length },
    }),
  );
  return document;
}

export type CustomerExport = Awaited<ReturnType<typeof exportCustomer>>;
