import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { rowsOf } from "@/db/rows";
import { customerMemories, customers } from "@/db/schema";
import type { z } from "zod";
import { type CustomerRefInput, forgetCustomerInput } from "@/lib/schemas/privacy";
import { invalid } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import { type ErasureCounts, eraseConversations } from "./erase-conversations";
import { findCustomer, identifiersOf, type PrivacyCtx } from "./find-customer";

export interface ForgetResult {
  /** The erasure's receipt: the `customer.forget` audit entry's target (the customer's own id is gone). */
  erasureId: string;
  counts: ErasureCounts & { customers: number };
}

/**
 * Forgets a customer: their conversations with everything that names them (messages, traces, events, tool
 * executions, webhook deliveries and queued jobs, notes, tags, corrections, scores, annotations, review
 * items, topic examples quoting them), their memory and profile, and the personal data in audit entries
 * about them — in one transaction, after adding the conversations to the erased aggregates, so insights'
 * totals do not change. Audited as `customer.forget` with the counts only. Unknown customer: NOT_FOUND.
 */
export async function forgetCustomer(ctx: PrivacyCtx, input: CustomerRefInput): Promise<ForgetResult> {
  return ctx.db.transaction(async (tx) => {
    const customer = await findCustomer(tx, ctx.workspaceId, input, { lock: true });
    // Other writers of these conversations (a turn, a human reply) wait for the erasure, then find nothing.
    if (customer.conversationIds.length > 0) {
      await tx.execute(sql`select id from conversations where workspace_id = ${ctx.workspaceId} and id in (select jsonb_array_elements_text(${JSON.stringify(customer.conversationIds)}::text::jsonb)::uuid) for update`);
    }
    const counts = await eraseConversations(tx, {
      workspaceId: ctx.workspaceId,
      conversationIds: customer.conversationIds,
      identifiers: identifiersOf(customer),
      targets: [customer.id, customer.externalId].filter((v): v is string => v !== null),
    });
    let removed = 0;
    if (customer.id) {
      const memories = await tx.delete(customerMemories).where(and(eq(customerMemories.workspaceId, ctx.workspaceId), eq(customerMemories.customerId, customer.id))).returning({ id: customerMemories.id });
      counts.memories += memories.length;
      removed = (await tx.delete(customers).where(and(eq(customers.workspaceId, ctx.workspaceId), eq(customers.id, customer.id))).returning({ id: customers.id })).length;
    }
    const erasureId = randomUUID();
    const result = { erasureId, counts: { ...counts, customers: removed } };
    await recordAudit(tx, { workspaceId: ctx.workspaceId, actorId: ctx.actorId, action: "customer.forget", targetType: "erasure", targetId: erasureId, after: result.counts });
    return result;
  });
}

/** How many of the workspace's customers and conversations a forget would erase (the studio's confirmation shows it). */
export async function forgetPreview(ctx: PrivacyCtx, input: CustomerRefInput) {
  const customer = await findCustomer(ctx.db, ctx.workspaceId, input);
  const [row] = rowsOf<{ messages: number }>(
    await ctx.db.execute(
      sql`select count(*)::int as messages from messages where workspace_id = ${ctx.workspaceId} and conversation_id in (select jsonb_array_elements_text(${JSON.stringify(customer.conversationIds)}::text::jsonb)::uuid)`,
    ),
  );
  return { externalId: customer.externalId, conversations: customer.conversationIds.length, messages: Number(row?.messages ?? 0) };
}

/** The studio's forget: the admin typed the customer's external id to confirm, checked here again. */
export async function confirmAndForget(ctx: PrivacyCtx, input: z.input<typeof forgetCustomerInput>): Promise<ForgetResult> {
  const { customerId, confirm } = forgetCustomerInput.parse(input);
  const customer = await findCustomer(ctx.db, ctx.workspaceId, { customerId });
  if (confirm.trim() !== customer.externalId) throw invalid(`Type the customer's id, ${customer.externalId}, to confirm: forgetting cannot be undone`);
  return forgetCustomer(ctx, { customerId });
}
