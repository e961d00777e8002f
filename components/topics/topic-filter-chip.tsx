"use client";

import { useQuery } from "@tanstack/react-query";
import { X } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";

/** The conversation list's topic filter (set from the Topics page): which topic, and a way to drop it. */
export function TopicFilterChip({ workspace, agentId, topicId, onClear }: { workspace: string; agentId: string; topicId: string; onClear: () => void }) {
  const trpc = useTRPC();
  const topics = useQuery({ ...trpc.topics.list.queryOptions({ workspace, agentId, days: 7 }), enabled: !!agentId });
  const label = topics.data?.topics.find((t) => t.id === topicId)?.label;
  return (
    <div data-testid="topic-filter" className="inline-flex w-fit items-center gap-2 rounded-full bg-brand-50 px-3 py-1 text-sm text-brand-700 ring-1 ring-brand-100">
      <span>
        Topic: <span className="font-medium">{label ?? (topics.isPending ? "…" : "a topic that was recomputed since")}</span>
      </span>
      <button type="button" aria-label="Clear the topic filter" className="rounded-full p-0.5 hover:bg-brand-100" onClick={onClear}>
        <X className="size-3.5" />
      </button>
    </div>
  );
}
