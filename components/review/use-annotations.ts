"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { notify } from "@/components/ui/toaster";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";
import type { AppRouter } from "@/server/api/root";

export type Annotations = inferRouterOutputs<AppRouter>["review"]["annotations"];
export type NoteView = Annotations["notes"][number];
export type CorrectionView = Annotations["corrections"][number];

/**
 * A conversation's annotations and the mutations on them. Every change refetches the annotations, the tag
 * counts and the conversation list (which shows tags); toggles report failures as a toast, forms inline.
 */
export function useAnnotations(workspace: string, conversationId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canWrite = useCan(workspace)("review:write");
  const annotations = useQuery(trpc.review.annotations.queryOptions({ workspace, conversationId }));
  const tags = useQuery(trpc.review.tags.list.queryOptions({ workspace }));
  const onSuccess = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.review.annotations.queryKey({ workspace, conversationId }) }),
      queryClient.invalidateQueries({ queryKey: trpc.review.tags.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.conversations.list.queryKey() }),
    ]);
  const toastFailure = (error: unknown) => notify.failure(error);
  return {
    workspace,
    conversationId,
    canWrite,
    annotations,
    tags,
    applyTag: useMutation(trpc.review.applyTag.mutationOptions({ onSuccess, onError: toastFailure })),
    removeTag: useMutation(trpc.review.removeTag.mutationOptions({ onSuccess, onError: toastFailure })),
    addNote: useMutation(trpc.review.addNote.mutationOptions({ onSuccess })),
    updateNote: useMutation(trpc.review.updateNote.mutationOptions({ onSuccess })),
    deleteNote: useMutation(trpc.review.deleteNote.mutationOptions({ onSuccess })),
    addCorrection: useMutation(trpc.review.addCorrection.mutationOptions({ onSuccess })),
    deleteCorrection: useMutation(trpc.review.deleteCorrection.mutationOptions({ onSuccess })),
  };
}

export type AnnotationsApi = ReturnType<typeof useAnnotations>;
