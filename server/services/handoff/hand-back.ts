import "server-only";
import { and, eq } from "drizzle-orm";
import { journeys } from "@/db/schema";
import type { JourneyGraph } from "@/lib/schemas/journey";
import { emptySession, type SessionState } from "@/server/agent/types";
import { invalid } from "@/server/errors";
import type { WorkspaceCtx } from "@/server/services/context";
import { changeOwner, handledFor, mustHoldOrManage } from "./change-owner";

/**
 * Returns a held (or still waiting) conversation to the AI, which answers the customer's next message.
 * With a journey, the AI picks up at that journey's start (e.g. "collect the return details").
 */
export async function handBack(ctx: WorkspaceCtx, input: { conversationId: string; journeyId?: string }) {
  return ctx.db.transaction(async (tx) => {
    const journey = input.journeyId
      ? await tx
          .select({ id: journeys.id, name: journeys.name, agentId: journeys.agentId, graph: journeys.graph })
          .from(journeys)
          .where(and(eq(journeys.id, input.journeyId), eq(journeys.workspaceId, ctx.workspace.id)))
          .then((rows) => rows[0])
      : undefined;
    if (input.journeyId && !journey) throw invalid("That journey does not exist in this workspace: pick one of the agent's journeys");
    return changeOwner(
      ctx,
      {
        conversationId: input.conversationId,
        action: "conversation.hand_back",
        from: ["waiting_for_human", "human"],
        to: "ai",
        check: (c) => {
          mustHoldOrManage(ctx, c);
          if (journey && journey.agentId !== c.agentId) throw invalid("That journey belongs to another agent: pick one of this conversation's agent's journeys");
        },
        set: (c, now) => ({
          ...handledFor(c, now),
          assigneeId: null,
          waitingSince: null,
          handoffOutcome: "handed_back",
          state: journey ? intoJourney(c.state, journey) : c.state,
        }),
        event: { type: "conversation.handed_back", payload: { journey: journey ? { id: journey.id, name: journey.name } : null } },
      },
      tx,
    );
  });
}

/** The session with the journey started at its trigger, as the router starts one (server/agent/pipeline/route.ts). */
function intoJourney(state: unknown, journey: { id: string; graph: unknown }): SessionState {
  const session = { ...emptySession(), ...(state as Partial<SessionState>) };
  const trigger = (journey.graph as JourneyGraph).nodes.find((n) => n.type === "trigger");
  return { ...session, outcome: null, confirmation: null, journey: { id: journey.id, nodeId: trigger?.id ?? "", slots: {}, results: {}, attempts: {}, waiting: null, texts: [] } };
}
