import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { auth } from "./config";

/** The signed-in user, re-read from the database so a deleted account's cookie is worthless. */
export async function currentUser(db: Db) {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const user = await db.query.users.findFirst({ where: eq(users.id, id), columns: { id: true, email: true, name: true } });
  return user ?? null;
}
