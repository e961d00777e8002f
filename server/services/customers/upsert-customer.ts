import "server-only";
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { customers } from "@/db/schema";
import type { CustomerAttributes } from "@/lib/schemas/customers";

/**
 * The brand's customer by its id in the workspace: created on first sight, else its attributes merged
 * (the brand's latest word wins per attribute) and `lastSeenAt` moved. `verified`: the brand vouched for
 * them this time (an API key call, or a valid identity token), which moves `verifiedAt`.
 */
export async function upsertCustomer(
  tx: Tx,
  input: { workspaceId: string; externalId: string; attributes?: CustomerAttributes; verified: boolean; now: Date },
): Promise<{ id: string }> {
  const attributes = input.attributes ?? {};
  const [row] = await tx
    .insert(customers)
    .values({ workspaceId: input.workspaceId, externalId: input.externalId, attributes, verifiedAt: input.verified ? input.now : null, firstSeenAt: input.now, lastSeenAt: input.now })
    .onConflictDoUpdate({
      target: [customers.workspaceId, customers.externalId],
      set: {
        attributes: sql`${customers.attributes} || ${JSON.stringify(attributes)}::jsonb`,
        lastSeenAt: input.now,
        ...(input.verified ? { verifiedAt: input.now } : {}),
      },
    })
    .returning({ id: customers.id });
  return row!;
}
