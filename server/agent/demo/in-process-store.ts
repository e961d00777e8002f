import "server-only";
import type { Db } from "@/db/client";
import { type HttpTool, httpToolSchema } from "@/lib/schemas/tool";
import { DomainError, httpStatusOf } from "@/server/errors";
import { callStore } from "@/server/services/store/http";
import { runStoreTool, storeTools } from "@/server/services/store/run-store-tool";
import type { StoreCtx } from "@/server/services/store/types";
import { buildRequest, type HttpToolEnv, runHttpTool, ToolError } from "../tools/http-tool";
import { retailTools } from "./retail-tools";

/**
 * The demo agent's tools (its data: the same definitions the seed stores) and a transport that answers
 * their calls from the store in this process, as its API would (a missing record is a 404): for code
 * that checks a write on a store copy without an agent or a running server — the τ² replay, the
 * forbidden-writes cases, scripts. The runtime never uses it: its lookups are HTTP calls.
 */
export function inProcessStore(ctx: StoreCtx): { tools: Record<string, HttpTool>; env: HttpToolEnv } {
  let tools = toolsByStore.get(ctx.storeId);
  if (!tools) {
    tools = Object.fromEntries(retailTools(ctx.storeId).map((t) => [t.name, httpToolSchema.parse(t)]));
    // The store's other τ² tools (handing over to a person), which the demo agent does through its journeys: reads.
    for (const name of Object.keys(storeTools)) {
      tools[name] ??= httpToolSchema.parse({ name, description: name, method: "POST", url: `{{appUrl}}/api/store/${encodeURIComponent(ctx.storeId)}/${name}`, kind: "read" });
    }
    if (toolsByStore.size > 100) toolsByStore.clear();
    toolsByStore.set(ctx.storeId, tools);
  }
  return {
    tools,
    env: {
      appUrl: "http://store.invalid",
      mockTool: async (tool, args) => {
        try {
          return await runStoreTool(ctx, tool.name, args);
        } catch (e) {
          if (e instanceof DomainError) throw new ToolError(e.message, httpStatusOf[e.code], e.code);
          throw e;
        }
      },
    },
  };
}

const toolsByStore = new Map<string, Record<string, HttpTool>>();

const IN_PROCESS_APP = "http://app.in-process";

/**
 * A transport for the studio's own checks (the test bench) that answers calls to this app's store API
 * (`{{appUrl}}/api/store/…`) in process, through the same route, key check and status codes as over
 * HTTP, so the bench needs no server listening on the app's URL; any other tool goes over the network
 * as usual.
 */
export function withInProcessStoreApi(db: Db, env: HttpToolEnv): HttpToolEnv {
  const network: HttpToolEnv = { ...env, mockTool: undefined };
  return {
    ...env,
    mockTool: async (tool, args) => {
      if (!tool.url.replace(/\s/g, "").startsWith("{{appUrl}}/api/store/")) return runHttpTool(tool, args, network);
      const { url, body } = buildRequest(tool, args, IN_PROCESS_APP);
      const template = tool.headers.authorization ?? tool.headers.Authorization;
      const secret = /\{\{\s*secret\.([A-Za-z0-9_]+)\s*\}\}/.exec(template ?? "");
      const authorization = secret ? template!.replace(secret[0], (await env.resolveSecret?.(secret[1]!)) ?? "") : template;
      const reply = await callStore(db, { method: tool.method, url: new URL(url), body, authorization });
      if (reply.status === 200) return reply.body;
      const error = (reply.body as { error?: { code?: string; message?: string } }).error;
      throw new ToolError(error?.message ?? `HTTP ${reply.status}`, reply.status, error?.code ?? "http_error");
    },
  };
}

/**
 * For `gate check` on the agent's demo store: calls of its tools to that store's API (`{{appUrl}}/api/store/<storeId>/…`)
 * are answered by the store in process (by tool, without a server or the store's key), as the gate read
 * the store before its facts were lookups; any other tool goes over the network as usual.
 */
export function withStoreInProcess(db: Db, storeId: string, env: HttpToolEnv): HttpToolEnv {
  const prefix = `{{appUrl}}/api/store/${encodeURIComponent(storeId)}/`;
  const store = inProcessStore({ db, storeId });
  const network: HttpToolEnv = { ...env, mockTool: undefined };
  return {
    ...env,
    mockTool: (tool, args) => (tool.url.replace(/\s/g, "").startsWith(prefix) ? store.env.mockTool!(tool, args) : env.mockTool ? env.mockTool(tool, args) : runHttpTool(tool, args, network)),
  };
}
