import { z } from "zod";
import { agentIdInput, createAgentInput, updateAgentInput } from "@/lib/schemas/agent";
import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import { exportAgentInput, importAgentInput } from "@/lib/schemas/agent-export";
import { createAgent, deleteAgent, getAgent, listAgents, updateAgent } from "@/server/services/agents/agents";
import { exportAgent } from "@/server/services/agents/export-agent";
import { importAgent } from "@/server/services/agents/import-agent";

export const agentsRouter = createTRPCRouter({
  list: requirePermission("agents:read").query(({ ctx }) => listAgents(ctx)),
  get: requirePermission("agents:read")
    .input(z.object({ agent: z.string().min(1).max(64) }))
    .query(({ ctx, input }) => getAgent(ctx, input.agent)),
  create: requirePermission("agents:write").input(createAgentInput).mutation(({ ctx, input }) => createAgent(ctx, input)),
  update: requirePermission("agents:write").input(updateAgentInput).mutation(({ ctx, input }) => updateAgent(ctx, input)),
  delete: requirePermission("agents:write").input(agentIdInput).mutation(({ ctx, input }) => deleteAgent(ctx, input)),
  // A mutation: exporting is audited.
  export: requirePermission("agents:read").input(exportAgentInput).mutation(({ ctx, input }) => exportAgent(ctx, input)),
  import: requirePermission("agents:write").input(importAgentInput).mutation(({ ctx, input }) => importAgent(ctx, input)),
});
