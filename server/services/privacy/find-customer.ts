import "server-only";
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { customers } from "@/db/schema";
import { type CustomerRefInput, customerRefInput } from "@/lib/schemas/privacy";
import { DomainError } from "@/server/errors";

/** Who a privacy action runs as: the workspace, and the member who asked (null: an API key or the CLI). */
export interface PrivacyCtx {
  db: Db;
  workspaceId: string;
  actorId: string | null;
}

export interface FoundCustomer {
  /** Null when only conversations name the customer (sent with a conversation before profiles existed). */
  id: string | null;
  externalId: string;
  attributes: Record<string, unknown>;
  firstSeenAt: Date | null;
  lastSeenAt: Date | null;
  verifiedAt: Date | null;
  conversationIds: string[];
}

const notFoundSentence = (ref: CustomerRefInput) =>
  new DomainError(
    "not_found",
    ref.externalId !== undefined
      ? `No customer with id "${ref.externalId}" in this workspace: check the id your systems gave them (it is case-sensitive)`
      : "Customer not found in this workspace",
  );

/**
 * A customer of the workspace by our id or the brand's, with every conversation that names them: by
 * `customer_ref`, or by the brand's id in the conversation's `customer` (conversations created before the
 * profile). Another workspace's customer, or nobody, is NOT_FOUND. `lock` takes the row for update.
 */
export async function findCustomer(db: Db | Tx, workspaceId: string, input: CustomerRefInput, opts: { lock?: boolean } = {}): Promise<FoundCustomer> {
  const ref = customerRefInput.parse(input);
  const where = ref.customerId !== undefined ? eq(customers.id, ref.customerId) : eq(customers.externalId, ref.externalId!);
  const query = db.select().from(customers).where(and(eq(customers.workspaceId, workspaceId), where)).limit(1);
  const [row] = opts.lock ? await query.for("update") : await query;
  const externalId = row?.externalId ?? ref.externalId;
  if (externalId === undefined) throw notFoundSentence(ref);
  const byRef: SQL = row ? sql`customer_ref = ${row.id}` : sql`false`;
  const conversationIds = rowsOf<{ id: string }>(
    await db.execute(sql`
      select id from conversations
      where workspace_id = ${workspaceId} and (${byRef} or (customer_ref is null and customer->>'id' = ${externalId}))
      order by created_at, id`),
  ).map((r) => r.id);
  if (!row && conversationIds.length === 0) throw notFoundSentence(ref);
  return {
    id: row?.id ?? null,
    externalId,
    attributes: row?.attributes ?? {},
    firstSeenAt: row?.firstSeenAt ?? null,
    lastSeenAt: row?.lastSeenAt ?? null,
    verifiedAt: row?.verifiedAt ?? null,
    conversationIds,
  };
}

/** Strings that identify the customer anywhere (audit entries, job payloads): our id, the brand's id, and any email in their attributes. */
export function identifiersOf(customer: Pick<FoundCustomer, "id" | "externalId" | "attributes">): string[] {
  const emails = Object.values(customer.attributes).filter((v): v is string => typeof v === "string" && /^[^@\s]+@[^@\s]+$/.test(v));
  // Short ids ("1", "42") would match unrelated text: only ids of 4 characters or more are searched for.
  return [customer.id, customer.externalId, ...emails].filter((v): v is string => typeof v === "string" && v.length >= 4);
}
