import { z } from "zod";
import { personaSchema } from "./persona";

export const agentNameSchema = z.string().trim().min(1, "Give the agent a name").max(80, "Use at most 80 characters");

export const createAgentInput = z.object({
  name: agentNameSchema,
  description: z.string().trim().max(500).default(""),
  persona: personaSchema.optional(),
});

export const updateAgentInput = z.object({
  agentId: z.uuid("Unknown agent id"),
  name: agentNameSchema.optional(),
  description: z.string().trim().max(500).optional(),
  persona: personaSchema.optional(),
});

export const agentIdInput = z.object({ agentId: z.uuid("Unknown agent id") });
