"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTRPC } from "@/lib/trpc/client";

const isIndexing = (status: string) => status === "queued" || status === "processing";

/**
 * A knowledge base's documents, polled every second while any is queued or indexing, so progress,
 * chunk counts and statuses move on their own. One query, shared by the table and the upload notices.
 */
export function useDocuments(workspace: string, knowledgeBaseId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const documents = useQuery({
    ...trpc.knowledge.documents.queryOptions({ workspace, knowledgeBaseId }),
    refetchInterval: (q) => (q.state.data?.some((d) => isIndexing(d.status)) ? 1000 : false),
  });
  // The knowledge-base list counts these documents: whatever changed here, it reads again when shown.
  useEffect(() => {
    if (documents.dataUpdatedAt) void queryClient.invalidateQueries({ queryKey: trpc.knowledge.list.queryKey() });
  }, [documents.dataUpdatedAt, queryClient, trpc]);
  return documents;
}

export { isIndexing };
