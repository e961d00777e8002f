import "server-only";
import { and, desc, eq, ilike, lt, or, sql } from "drizzle-orm";
import type { z } from "zod";
import { conversations, customers } from "@/db/schema";
import { listCustomersInput } from "@/lib/schemas/customers";
import type { WorkspaceCtx } from "@/server/services/context";

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The workspace's customers, most recently seen first, a page at a time (keyset on lastSeenAt, id: a
 * page never repeats or skips a row when customers arrive meanwhile). `search` matches the brand's id or
 * any attribute's value (case-insensitive substring).
 */
export async function listCustomers(ctx: WorkspaceCtx, input: z.input<typeof listCustomersInput>) {
  const { search, cursor, limit } = listCustomersInput.parse(input);
  const pattern = search ? `%${escapeLike(search)}%` : null;
  const rows = await ctx.db
    .select({
      id: customers.id,
      externalId: customers.externalId,
      attributes: customers.attributes,
      verifiedAt: customers.verifiedAt,
      firstSeenAt: customers.firstSeenAt,
      lastSeenAt: customers.lastSeenAt,
      conversations: sql<number>`(select count(*)::int from ${conversations} c where c.customer_ref = ${customers.id} and c.workspace_id = ${customers.workspaceId})`,
    })
    .from(customers)
    .where(
      and(
        eq(customers.workspaceId, ctx.workspace.id),
        pattern ? or(ilike(customers.externalId, pattern), sql`exists (select 1 from jsonb_each_text(${customers.attributes}) a where a.value ilike ${pattern} or a.key ilike ${pattern})`) : undefined,
        cursor
          ? or(lt(customers.lastSeenAt, new Date(cursor.lastSeenAt)), and(eq(customers.lastSeenAt, new Date(cursor.lastSeenAt)), lt(customers.id, cursor.id)))
          : undefined,
      ),
    )
    .orderBy(desc(customers.lastSeenAt), desc(customers.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { customers: page, nextCursor: rows.length > limit && last ? { lastSeenAt: last.lastSeenAt.toISOString(), id: last.id } : null };
}
