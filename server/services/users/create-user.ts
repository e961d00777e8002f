import "server-only";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { signUpInput } from "@/lib/schemas/account";
import { hashPassword } from "@/server/auth/password";
import { conflict } from "@/server/errors";

export async function createUser(db: Db, input: z.input<typeof signUpInput>) {
  const { name, email, password } = signUpInput.parse(input);
  const existing = await db.query.users.findFirst({ where: eq(users.email, email), columns: { id: true } });
  if (existing) throw conflict("An account with this email already exists: sign in instead");
  const passwordHash = await hashPassword(password);
  const [user] = await db
    .insert(users)
    .values({ name, email, passwordHash })
    .onConflictDoNothing({ target: users.email })
    .returning({ id: users.id, email: users.email, name: users.name });
  if (!user) throw conflict("An account with this email already exists: sign in instead");
  return user;
}
