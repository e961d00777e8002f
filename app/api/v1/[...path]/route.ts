import { getDb } from "@/db/client";
import { handleHostedApi } from "@/server/services/hosted-api/router";
import { serverAppUrl } from "@/server/services/tools/app-url";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// The hosted API (see server/services/hosted-api/router.ts): one door for every /api/v1 path.
async function handle(request: Request): Promise<Response> {
  return handleHostedApi({ db: await getDb(), appUrl: serverAppUrl() }, request);
}

export { handle as GET, handle as POST, handle as DELETE, handle as OPTIONS };
