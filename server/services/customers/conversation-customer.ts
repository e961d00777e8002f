import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { workspaces } from "@/db/schema";
import { type CustomerAttributes, customerAttributesSchema, resolveMemorySettings } from "@/lib/schemas/customers";
import { emptySession, type SessionState } from "@/server/agent/types";
import { setVerifiedCustomer } from "@/server/agent/verified-customer";
import { invalid } from "@/server/errors";
import type { IdentityClaims } from "./identity-token";
import { memoryScope, type RecalledMemory, recallMemory } from "./recall-memory";
import { upsertCustomer } from "./upsert-customer";
import { checkIdentityToken, consumeIdentityNonce } from "./verify-identity";

/** Who a new conversation is with, as the caller established it before the conversation is written. */
export interface ConversationCustomer {
  externalId: string;
  attributes: CustomerAttributes;
  /** The session starts verified as `externalId` (a valid identity token, or the brand's server saying so). */
  verifiedSession: boolean;
  claims: IdentityClaims | null;
}

/**
 * The customer of a conversation being opened, or null (an anonymous widget visitor). The brand's server
 * (an API key) is trusted for the id and attributes it sends — the profile counts as verified — and its
 * `customer.verified: true` starts the session verified; a widget visitor is someone only through a valid
 * identity token (its id and attributes: the widget's own `customer` is never trusted).
 */
export async function prepareConversationCustomer(
  db: Db,
  input: { workspaceId: string; channel: "api" | "widget"; customer?: Record<string, unknown>; identityToken?: string; now: Date },
): Promise<ConversationCustomer | null> {
  if (input.identityToken !== undefined) {
    const claims = await checkIdentityToken(db, { workspaceId: input.workspaceId, token: input.identityToken, now: input.now });
    return { externalId: claims.id, attributes: claims.attributes, verifiedSession: true, claims };
  }
  if (input.channel !== "api" || typeof input.customer?.id !== "string") return null;
  const attributes = customerAttributesSchema.safeParse(input.customer.attributes ?? {});
  if (!attributes.success) throw invalid(`customer.attributes: ${attributes.error.issues[0]?.message ?? "invalid"}`);
  return { externalId: input.customer.id, attributes: attributes.data, verifiedSession: input.customer.verified === true, claims: null };
}

/**
 * In the transaction that opens the conversation: uses up the token's nonce, upserts the customer, recalls
 * what the workspace keeps about them, and returns the starting session and the greeting's scope.
 */
export async function attachConversationCustomer(tx: Tx, who: ConversationCustomer | null, input: { workspaceId: string; now: Date }) {
  const session: SessionState = emptySession();
  if (!who) return { customerRef: null, session, recalled: [] as RecalledMemory[], scope: { memory: {}, customer: {} } };
  if (who.claims) await consumeIdentityNonce(tx, { workspaceId: input.workspaceId, claims: who.claims, now: input.now });
  const { id: customerRef } = await upsertCustomer(tx, { workspaceId: input.workspaceId, externalId: who.externalId, attributes: who.attributes, verified: true, now: input.now });
  if (who.verifiedSession) setVerifiedCustomer(session, who.externalId);
  const [ws] = await tx.select({ settings: workspaces.settings }).from(workspaces).where(eq(workspaces.id, input.workspaceId)).limit(1);
  const recalled = await recallMemory(tx, { workspaceId: input.workspaceId, customerId: customerRef, settings: resolveMemorySettings(ws?.settings.memory), now: input.now });
  if (recalled.length) session.memory = memoryScope(recalled);
  return { customerRef, session, recalled, scope: { memory: session.memory ?? {}, customer: { id: who.externalId, attributes: who.attributes } } };
}

/** The recall as the conversation's first trace step (turn 0, the greeting's turn): "memory: recalled …". */
export async function recordRecall(tx: Tx, input: { workspaceId: string; conversationId: string; recalled: RecalledMemory[] }): Promise<void> {
  if (!input.recalled.length) return;
  const step = {
    type: "memory",
    name: `memory: recalled ${input.recalled.map((m) => m.kind).join(", ")}`,
    output: input.recalled.map((m) => ({ kind: m.kind, value: m.value, learnedAt: m.learnedAt.toISOString(), sourceConversationId: m.sourceConversationId })),
    decision: "recalled",
    durationMs: 0,
  };
  await tx.execute(sql`insert into turn_traces (workspace_id, conversation_id, turn, events) values (${input.workspaceId}, ${input.conversationId}, 0, ${JSON.stringify([step])}::text::jsonb)`);
}
