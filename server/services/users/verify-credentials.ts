import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { signInInput } from "@/lib/schemas/account";
import { verifyPassword } from "@/server/auth/password";

/** Returns the user for a correct email + password, otherwise null (never says which part was wrong). */
export async function verifyCredentials(db: Db, input: unknown) {
  const parsed = signInInput.safeParse(input);
  if (!parsed.success) return null;
  const user = await db.query.users.findFirst({ where: eq(users.email, parsed.data.email) });
  if (!user || !(await verifyPassword(user.passwordHash, parsed.data.password))) return null;
  return { id: user.id, email: user.email, name: user.name };
}
