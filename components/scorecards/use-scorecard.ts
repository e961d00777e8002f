"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { notify } from "@/components/ui/toaster";
import { useTRPC } from "@/lib/trpc/client";
import type { AppRouter } from "@/server/api/root";

export type ScorecardRow = inferRouterOutputs<AppRouter>["review"]["scorecard"][number];
export type AiRun = inferRouterOutputs<AppRouter>["review"]["scoreWithAi"];

/** A conversation's scorecard and the two ways to fill it; every change refetches it and the list (which shows scores). */
export function useScorecard(workspace: string, conversationId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const scorecard = useQuery(trpc.review.scorecard.queryOptions({ workspace, conversationId }));
  const onSuccess = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.review.scorecard.queryKey({ workspace, conversationId }) }),
      queryClient.invalidateQueries({ queryKey: trpc.review.criteria.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.conversations.list.queryKey() }),
    ]);
  return {
    scorecard,
    score: useMutation(trpc.review.score.mutationOptions({ onSuccess, onError: (error) => notify.failure(error) })),
    scoreWithAi: useMutation(trpc.review.scoreWithAi.mutationOptions({ onSuccess })),
  };
}
