import { z } from "zod";

export const personaSchema = z.object({
  agentName: z.string().trim().min(1, "Give the agent a name customers will see").max(60),
  tone: z.enum(["friendly", "professional", "playful", "concise"]),
  greeting: z.string().trim().min(1, "Write the first thing the agent says").max(500),
  signOff: z.string().trim().max(200).optional(),
  wordsToUse: z.array(z.string().trim().min(1)).max(50).optional(),
  wordsToAvoid: z.array(z.string().trim().min(1)).max(50).optional(),
});

export type Persona = z.infer<typeof personaSchema>;

export const defaultPersona: Persona = {
  agentName: "Assistant",
  tone: "friendly",
  greeting: "Hi! How can I help you today?",
};
