import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { sqlRunner } from "@/db/rows";
import { storeUsers } from "@/db/schema";
import { notFound } from "@/server/errors";
import type { StoreToolArgs } from "./args";
import type { StoreCtx } from "./types";

// Identity lookups compare case-insensitively: customers type emails and names however they like.

export async function findUserIdByEmail(ctx: StoreCtx, args: StoreToolArgs<"find_user_id_by_email">): Promise<string> {
  const [row] = await sqlRunner(ctx.db)<{ id: string }>(sql`select id from store_users where store_id = ${ctx.storeId} and lower(email) = ${args.email.trim().toLowerCase()} limit 1`);
  if (!row) throw notFound("User");
  return row.id;
}

export async function findUserIdByNameZip(ctx: StoreCtx, args: StoreToolArgs<"find_user_id_by_name_zip">): Promise<string> {
  const [row] = await ctx.db
    .select({ id: storeUsers.id })
    .from(storeUsers)
    .where(
      and(
        eq(storeUsers.storeId, ctx.storeId),
        sql`lower(${storeUsers.firstName}) = ${args.first_name.trim().toLowerCase()}`,
        sql`lower(${storeUsers.lastName}) = ${args.last_name.trim().toLowerCase()}`,
        eq(storeUsers.zip, args.zip.trim()),
      ),
    )
    .limit(1);
  if (!row) throw notFound("User");
  return row.id;
}
