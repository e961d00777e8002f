import "server-only";
import { initTRPC, TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import superjson from "superjson";
import { z, ZodError } from "zod";
import type { Db } from "@/db/client";
import { type Permission, can } from "@/server/authz/permissions";
import { findUnsafeInput, unsafeInputMessage } from "@/lib/schemas/text";
import { DomainError, type DomainErrorCode } from "@/server/errors";
import { resolveWorkspace } from "@/server/services/workspaces/resolve-workspace";

export interface TrpcContext {
  db: Db;
  user: { id: string; email: string; name: string } | null;
}

const trpcCodes: Record<DomainErrorCode, TRPC_ERROR_CODE_KEY> = {
  not_found: "NOT_FOUND",
  forbidden: "FORBIDDEN",
  conflict: "CONFLICT",
  invalid: "BAD_REQUEST",
  unauthorized: "UNAUTHORIZED",
  rate_limited: "TOO_MANY_REQUESTS",
};

export const INTERNAL_ERROR_MESSAGE = "Something went wrong on our side; the error was logged";

const t = initTRPC.context<TrpcContext>().create({
  transformer: superjson,
  // No stack traces to clients, in development and tests too.
  isDev: false,
  errorFormatter({ shape, error }) {
    const zodError = error.cause instanceof ZodError ? error.cause : null;
    return {
      ...shape,
      // An unexpected error's message may quote SQL and its parameters: it stays in the server's log.
      // The first issue's message is what the form shows; all issues stay available per field.
      message: error.code === "INTERNAL_SERVER_ERROR" ? INTERNAL_ERROR_MESSAGE : zodError ? (zodError.issues[0]?.message ?? shape.message) : shape.message,
      data: { ...shape.data, fieldErrors: zodError ? z.flattenError(zodError).fieldErrors : null },
    };
  },
});

// Services throw DomainError (and zod errors for input they parse themselves); map them once, here.
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof DomainError) throw new TRPCError({ code: trpcCodes[cause.code], message: cause.message, cause });
    if (cause instanceof ZodError) throw new TRPCError({ code: "BAD_REQUEST", message: cause.issues[0]?.message, cause });
  }
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

// Every procedure's input, checked once before any schema: text Postgres cannot store and absurd nesting
// are a clear BAD_REQUEST here instead of a database error later.
const safeInput = t.middleware(async ({ getRawInput, next }) => {
  const unsafe = findUnsafeInput(await getRawInput());
  if (unsafe) throw new TRPCError({ code: "BAD_REQUEST", message: unsafeInputMessage(unsafe) });
  return next();
});

export const publicProcedure = t.procedure.use(safeInput).use(domainErrors);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue" });
  return next({ ctx: { ...ctx, user: ctx.user, userId: ctx.user.id } });
});

/** Every workspace-scoped procedure takes `{ workspace: <slug> }`; a workspace you are not in is NOT_FOUND. */
export const workspaceProcedure = authedProcedure
  .input(z.object({ workspace: z.string().min(1).max(64) }))
  .use(async ({ ctx, input, next }) => next({ ctx: await resolveWorkspace(ctx, input.workspace) }));

export function requirePermission(permission: Permission) {
  return workspaceProcedure.use(({ ctx, next }) => {
    if (!can(ctx.role, permission)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `Your role (${ctx.role}) cannot do this: it needs "${permission}"` });
    }
    return next();
  });
}
