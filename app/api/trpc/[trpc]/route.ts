import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getDb } from "@/db/client";
import { appRouter } from "@/server/api/root";
import { currentUser } from "@/server/auth/current-user";

export const dynamic = "force-dynamic";

async function handler(req: Request) {
  const db = await getDb();
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: async () => ({ db, user: await currentUser(db) }),
  });
}

export { handler as GET, handler as POST };
