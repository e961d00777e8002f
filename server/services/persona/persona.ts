import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { agents } from "@/db/schema";
import { personaSchema } from "@/lib/schemas/persona";
import { localModels } from "@/server/agent/models";
import type { ComposeInput } from "@/server/agent/models";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { agentRef } from "@/server/services/policies/agent-ref";

export const savePersonaInput = z.object({ agent: z.string().min(1).max(64), persona: personaSchema });

/** Saves the brand voice; bumping updatedAt makes the runtime pick it up on the next turn. */
export async function savePersona(ctx: WorkspaceCtx, input: z.input<typeof savePersonaInput>) {
  const { agent: agentIdOrSlug, persona } = savePersonaInput.parse(input);
  const clean = {
    ...persona,
    signOff: persona.signOff || undefined,
    wordsToUse: persona.wordsToUse?.length ? persona.wordsToUse : undefined,
    wordsToAvoid: persona.wordsToAvoid?.length ? persona.wordsToAvoid : undefined,
  };
  return ctx.db.transaction(async (tx) => {
    const agent = await agentRef({ ...ctx, db: tx }, agentIdOrSlug);
    await tx.update(agents).set({ persona: clean, updatedAt: new Date() }).where(and(eq(agents.id, agent.id), eq(agents.workspaceId, ctx.workspace.id)));
    await recordAudit(tx, { workspaceId: ctx.workspace.id, actorId: ctx.userId, action: "agent.persona.update", targetType: "agent", targetId: agent.id, before: agent.persona, after: clean });
    return clean;
  });
}

export const previewPersonaInput = z.object({
  persona: personaSchema,
  draft: z.string().trim().min(1, "Type a draft reply to preview").max(2000),
  kind: z.enum(["message", "question", "confirmation", "refusal", "handoff", "answer", "clarify", "resolution"]).default("resolution"),
});

/** The local composer's rendering of a draft in this voice: exactly what the offline runtime would send. */
export async function previewPersona(input: z.input<typeof previewPersonaInput>) {
  const { persona, draft, kind } = previewPersonaInput.parse(input);
  const compose: ComposeInput = { persona, draft, kind, customerMessage: "" };
  return { text: await localModels.composeReply(compose) };
}
