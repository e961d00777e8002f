import { NextRequest } from "next/server";
import { handlers } from "@/server/auth/config";
import { JSON_BODY_LIMIT, withBodyLimit } from "@/server/http/read-body";

export const { GET } = handlers;
// Auth.js reads the whole form itself: it gets a copy of the request read within the limit.
export const POST = withBodyLimit(JSON_BODY_LIMIT, (req) => handlers.POST(new NextRequest(req)));
