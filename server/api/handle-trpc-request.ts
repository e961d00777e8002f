import "server-only";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { JSON_BODY_LIMIT, withBodyLimit } from "@/server/http/read-body";
import { appRouter } from "./root";
import type { TrpcContext } from "./trpc";

/** /api/trpc over HTTP: the body read within the JSON limit first; unexpected errors logged here (the formatter hides them). */
export const handleTrpcRequest = withBodyLimit(JSON_BODY_LIMIT, (req: Request, createContext: () => Promise<TrpcContext>) =>
  fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext,
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"}:`, error.cause ?? error);
    },
  }),
);
