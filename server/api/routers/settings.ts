import { z } from "zod";
import { modelSettingsSchema } from "@/lib/schemas/workspace-settings";
import { createTRPCRouter, requirePermission } from "@/server/api/trpc";
import { getGuardrails, saveGuardrails, saveGuardrailsInput, testGuardrails, testGuardrailsInput } from "@/server/services/guardrails/guardrails";
import { testModelConnection } from "@/server/services/model-settings/test-connection";
import { getWorkspaceSettings, saveWorkspaceSettings, saveWorkspaceSettingsInput } from "@/server/services/model-settings/workspace-settings";
import { previewPersona, previewPersonaInput, savePersona, savePersonaInput } from "@/server/services/persona/persona";

const agentInput = z.object({ agent: z.string().min(1).max(64) });

export const settingsRouter = createTRPCRouter({
  /** Workspace: the model provider (key by secret name) and the private hosts tools may call. */
  get: requirePermission("workspace:read").query(({ ctx }) => getWorkspaceSettings(ctx)),
  save: requirePermission("settings:manage").input(saveWorkspaceSettingsInput).mutation(({ ctx, input }) => saveWorkspaceSettings(ctx, input)),
  testConnection: requirePermission("settings:manage")
    .input(z.object({ model: modelSettingsSchema.optional(), allowedHosts: z.array(z.string()).optional() }))
    .mutation(({ ctx, input }) => testModelConnection(ctx, input)),
  /** Agent: guardrails and supervisor triggers. */
  guardrails: requirePermission("agents:read").input(agentInput).query(({ ctx, input }) => getGuardrails(ctx, input)),
  saveGuardrails: requirePermission("policies:write").input(saveGuardrailsInput).mutation(({ ctx, input }) => saveGuardrails(ctx, input)),
  testGuardrails: requirePermission("agents:read").input(testGuardrailsInput).mutation(({ input }) => testGuardrails(input)),
  /** Agent: persona / brand voice (read it with agents.get). */
  savePersona: requirePermission("agents:write").input(savePersonaInput).mutation(({ ctx, input }) => savePersona(ctx, input)),
  previewPersona: requirePermission("agents:read").input(previewPersonaInput).mutation(({ input }) => previewPersona(input)),
});
