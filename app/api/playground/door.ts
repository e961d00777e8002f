import "server-only";
import { ZodError, type z } from "zod";
import { getDb } from "@/db/client";
import { currentUser } from "@/server/auth/current-user";
import { DomainError, httpStatusOf } from "@/server/errors";
import { BodyTooLargeError, JSON_BODY_LIMIT, payloadTooLarge } from "@/server/http/read-body";
import { InvalidJsonError, readJson, UnsafeInputError } from "@/server/http/read-json";
import type { WorkspaceCtx } from "@/server/services/context";
import { resolvePlaygroundAccess } from "@/server/services/playground/access";
import { serverAppUrl } from "@/server/services/tools/app-url";

/**
 * The playground routes' shared door: who is asking, in which workspace, and the base URL the agent's
 * tools call (serverAppUrl: never the request's Host header, which a caller could point elsewhere).
 */
export async function playgroundDoor<T>(
  request: Request,
  bodySchema: z.ZodType<T & { workspace: string }>,
  handle: (ctx: WorkspaceCtx & { appUrl: string }, body: T & { workspace: string }) => Promise<Response>,
): Promise<Response> {
  try {
    const db = await getDb();
    const user = await currentUser(db);
    if (!user) return problem(401, "unauthorized", "Sign in to continue");
    const body = bodySchema.parse(await readJson(request, JSON_BODY_LIMIT));
    const ctx = await resolvePlaygroundAccess({ db, userId: user.id }, body.workspace);
    return await handle({ ...ctx, appUrl: serverAppUrl() }, body);
  } catch (e) {
    if (e instanceof DomainError) return problem(httpStatusOf[e.code], e.code, e.message);
    if (e instanceof ZodError) return problem(400, "invalid", e.issues[0]?.message ?? "Invalid request");
    if (e instanceof BodyTooLargeError) return payloadTooLarge(e);
    if (e instanceof InvalidJsonError) return problem(400, "invalid", "The body must be JSON");
    if (e instanceof UnsafeInputError) return problem(400, "invalid", e.message);
    throw e;
  }
}

function problem(status: number, code: string, message: string) {
  return Response.json({ error: { code, message } }, { status });
}
