import { getDb } from "@/db/client";
import { JSON_BODY_LIMIT, withBodyLimit } from "@/server/http/read-body";
import { handleStoreRequest } from "@/server/services/store/http";

// The demo brand's backend (τ²-bench retail store); the handler owns routing and errors.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  return handleStoreRequest(await getDb(), request);
}

export const POST = withBodyLimit(JSON_BODY_LIMIT, GET);
