import { rerunBody } from "@/server/services/playground/schemas";
import { rerunLastMessage } from "@/server/services/playground/rerun-last-message";
import { playgroundDoor } from "../door";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function POST(request: Request) {
  return playgroundDoor(request, rerunBody, async (ctx, body) => Response.json(await rerunLastMessage(ctx, body)));
}
