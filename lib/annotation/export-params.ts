import { z } from "zod";
import { annotationOutcomes, exportFormats, sentimentLabels } from "@/lib/schemas/annotation";
import { channels, outcomes } from "@/lib/schemas/conversation";

// The conversation list's URL (its filters, as components/conversations/conversation-list.tsx writes
// them) read into an export request: the download exports exactly what the list shows.

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Dates are yyyy-mm-dd");

/** Midnight of `day` where the browser is (`tz`: its getTimezoneOffset(), minutes behind UTC), as the list reads it. */
const midnight = (day: string, tz: number, plusDays = 0) => new Date(Date.parse(`${day}T00:00:00Z`) + plusDays * 86_400_000 + tz * 60_000);

export const exportParamsSchema = z.object({
  workspace: z.string().min(1, "Name the workspace (its slug)"),
  agentId: z.uuid("Unknown agent id"),
  format: z.enum(exportFormats, "The format is jsonl or csv"),
  channel: z.enum(channels).optional(),
  status: z.enum(outcomes).optional(),
  journey: z.uuid("Unknown journey id").optional(),
  release: z.union([z.literal("draft"), z.coerce.number().int().min(1)]).optional(),
  handedOff: z.enum(["yes", "no"]).optional(),
  from: day.optional(),
  to: day.optional(),
  tz: z.coerce.number().int().min(-840).max(840).default(0),
  q: z.string().trim().max(200).optional(),
  tag: z.uuid("Unknown tag id").optional(),
  notes: z.string().trim().max(200).optional(),
  below: z.coerce.number().min(0).max(100).optional(),
  failed: z.uuid("Unknown criterion id").optional(),
  by: z.enum(["human", "ai"]).optional(),
  sentiment: z.enum(sentimentLabels).optional(),
  aiOutcome: z.enum(annotationOutcomes).optional(),
  slowTurn: z.coerce.number().int().min(1).max(600_000).optional(),
  slowFirst: z.coerce.number().int().min(1).max(600_000).optional(),
  tokens: z.coerce.number().int().min(1).max(100_000_000).optional(),
});

/** The list's filter input from the parsed params. */
export function exportFilterOf(p: z.output<typeof exportParamsSchema>) {
  return {
    agentId: p.agentId,
    channel: p.channel,
    status: p.status,
    journeyId: p.journey,
    release: p.release,
    handedOff: p.handedOff === undefined ? undefined : p.handedOff === "yes",
    from: p.from ? midnight(p.from, p.tz) : undefined,
    to: p.to ? midnight(p.to, p.tz, 1) : undefined,
    search: p.q || undefined,
    tagId: p.tag,
    noteSearch: p.notes || undefined,
    scoreBelow: p.below,
    failedCriterionId: p.failed,
    scoredBy: p.by ?? "human",
    sentiment: p.sentiment,
    aiOutcome: p.aiOutcome,
    slowTurnMs: p.slowTurn,
    slowFirstReplyMs: p.slowFirst,
    minTokens: p.tokens,
  };
}
