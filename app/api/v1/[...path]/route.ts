import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { handleHostedApi } from "@/server/services/hosted-api/router";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// The hosted API (see server/services/hosted-api/router.ts): one door for every /api/v1 path.
async function handle(request: Request): Promise<Response> {
  const appUrl = (env().SWITCHBACK_APP_URL ?? new URL(request.url).origin).replace(/\/$/, "");
  return handleHostedApi({ db: await getDb(), appUrl }, request);
}

export { handle as GET, handle as POST, handle as OPTIONS };
