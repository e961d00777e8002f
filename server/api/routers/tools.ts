import { z } from "zod";
import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import { serverAppUrl } from "@/server/services/tools/app-url";
import { parseOpenApi } from "@/server/services/tools/openapi";
import { testTool, testToolInput } from "@/server/services/tools/test-tool";
import { deleteTool, importTools, listTools, saveTool, saveToolInput } from "@/server/services/tools/tools";

const agentInput = z.object({ agent: z.string().min(1).max(64) });

export const toolsRouter = createTRPCRouter({
  list: requirePermission("agents:read").input(agentInput).query(({ ctx, input }) => listTools(ctx, input)),
  save: requirePermission("tools:write").input(saveToolInput).mutation(({ ctx, input }) => saveTool(ctx, input)),
  delete: requirePermission("tools:write")
    .input(agentInput.extend({ name: z.string().min(1).max(64) }))
    .mutation(({ ctx, input }) => deleteTool(ctx, input)),
  test: requirePermission("tools:write").input(testToolInput).mutation(({ ctx, input }) => testTool({ ...ctx, appUrl: serverAppUrl() }, input)),
  /** Parses an OpenAPI document into tool drafts; nothing is saved until `import`. */
  parseOpenApi: requirePermission("tools:write")
    .input(z.object({ spec: z.string().min(1, "Paste an OpenAPI document").max(2_000_000, "The document is too large (2 MB at most)"), baseUrl: z.string().optional() }))
    .mutation(({ input }) => parseOpenApi(input.spec, { baseUrl: input.baseUrl || undefined })),
  import: requirePermission("tools:write")
    .input(agentInput.extend({ tools: z.array(z.record(z.string(), z.unknown())).max(200) }))
    .mutation(({ ctx, input }) => importTools(ctx, input)),
});
