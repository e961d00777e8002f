import "server-only";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { journeys, messageCorrections } from "@/db/schema";
import type { createCorrectionInput } from "@/lib/schemas/review";
import { invalid, notFound } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import type { WorkspaceCtx } from "@/server/services/context";
import { authorName, findTarget } from "./find-target";

const speakers: Record<string, string> = { customer: "the customer's", human: "a person's", system: "a system message" };

/**
 * What an agent message should have said, and optionally what the agent should have done: the journey
 * (one of the conversation's agent), the tool call, the policy decision. Only the AI agent's messages.
 */
export async function createCorrection(ctx: WorkspaceCtx, input: z.output<typeof createCorrectionInput>) {
  return ctx.db.transaction(async (tx) => {
    const { conversation, message } = await findTarget(tx, ctx, input);
    if (message!.role !== "agent") throw invalid(`Corrections are for what the AI agent said: this message is ${speakers[message!.role] ?? message!.role}`);
    let journey: { id: string; name: string } | null = null;
    if (input.expectedJourneyId) {
      const [row] = await tx
        .select({ id: journeys.id, name: journeys.name })
        .from(journeys)
        .where(and(eq(journeys.id, input.expectedJourneyId), eq(journeys.workspaceId, ctx.workspace.id), eq(journeys.agentId, conversation.agentId)));
      if (!row) throw notFound("Journey of this conversation's agent");
      journey = row;
    }
    const [correction] = await tx
      .insert(messageCorrections)
      .values({
        workspaceId: ctx.workspace.id,
        conversationId: conversation.id,
        messageId: message!.id,
        authorId: ctx.userId,
        authorName: await authorName(tx, ctx.userId),
        text: input.text,
        expectedJourneyId: journey?.id ?? null,
        expectedToolCall: input.expectedToolCall || null,
        expectedDecision: input.expectedDecision ?? null,
      })
      .returning();
    await recordAudit(tx, {
      workspaceId: ctx.workspace.id,
      actorId: ctx.userId,
      action: "conversation.correct",
      targetType: "conversation",
      targetId: conversation.id,
      after: {
        correctionId: correction!.id,
        messageId: message!.id,
        text: correction!.text,
        expectedJourney: journey?.name ?? null,
        expectedToolCall: correction!.expectedToolCall,
        expectedDecision: correction!.expectedDecision,
      },
    });
    return { ...correction!, expectedJourneyName: journey?.name ?? null };
  });
}
