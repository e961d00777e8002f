import { getDb } from "@/db/client";
import { handleTrpcRequest } from "@/server/api/handle-trpc-request";
import { currentUser } from "@/server/auth/current-user";

export const dynamic = "force-dynamic";

async function handler(req: Request) {
  return handleTrpcRequest(req, async () => {
    const db = await getDb();
    return { db, user: await currentUser(db) };
  });
}

export { handler as GET, handler as POST };
