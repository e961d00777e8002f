import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { conversations, customers, messages } from "@/db/schema";

// Test helpers for privacy: customers and their conversations written directly, and a scan of every
// table of the database for a string.

export async function makeCustomer(db: Db, workspaceId: string, externalId: string, attributes: Record<string, unknown> = {}) {
  const [row] = await db.insert(customers).values({ workspaceId, externalId, attributes, verifiedAt: new Date() }).returning();
  return row!;
}

/** A conversation of `customer` with a customer message and the agent's answer (texts as given). */
export async function makeCustomerConversation(
  db: Db,
  input: { workspaceId: string; agentId: string; customer?: { id: string; externalId: string } | null; texts?: [string, string]; createdAt?: Date; lastMessageAt?: Date; status?: string; channel?: string; /** As a published release's conversation (the hosted API reads only those). */ releaseId?: string },
) {
  const createdAt = input.createdAt ?? new Date();
  const [conversation] = await db
    .insert(conversations)
    .values({
      workspaceId: input.workspaceId,
      agentId: input.agentId,
      channel: input.channel ?? "api",
      status: input.status ?? "resolved",
      customer: input.customer ? { id: input.customer.externalId } : null,
      customerRef: input.customer?.id ?? null,
      turns: 1,
      releaseId: input.releaseId ?? null,
      releaseNumber: input.releaseId ? 1 : null,
      createdAt,
      lastMessageAt: input.lastMessageAt ?? createdAt,
    })
    .returning();
  const [customerText, agentText] = input.texts ?? ["Where is my order?", "It ships tomorrow."];
  await db.insert(messages).values([
    { workspaceId: input.workspaceId, conversationId: conversation!.id, turn: 1, role: "customer", text: customerText, createdAt },
    { workspaceId: input.workspaceId, conversationId: conversation!.id, turn: 1, role: "agent", text: agentText, createdAt: new Date(createdAt.getTime() + 1) },
  ]);
  return conversation!;
}

/** Every table (public and pg-boss's) with rows whose text contains `needle`, with how many. */
export async function tablesMentioning(db: Db, needle: string): Promise<Record<string, number>> {
  const tables = rowsOf<{ schema: string; name: string }>(
    await db.execute(sql`
      select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname in ('public', 'pgboss') and c.relkind in ('r', 'p') and not c.relispartition order by 1, 2`),
  );
  const found: Record<string, number> = {};
  for (const t of tables) {
    const [row] = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from ${sql.identifier(t.schema)}.${sql.identifier(t.name)} x where strpos(x::text, ${needle}) > 0`),
    );
    if (Number(row?.n ?? 0) > 0) found[`${t.schema}.${t.name}`] = Number(row!.n);
  }
  return found;
}
