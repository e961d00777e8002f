"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { BookOpen } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError } from "@/components/ui/form-field";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { errorMessage } from "@/lib/form-errors";
import type { KnowledgeFallback } from "@/lib/schemas/knowledge";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";
import { SearchPanel } from "./search-panel";

/** The agent's knowledge: which bases it answers from, what it does without an answer, and a test panel. */
export function AgentKnowledge({ workspace, agent }: { workspace: string; agent: string }) {
  const trpc = useTRPC();
  const current = useQuery(trpc.agents.get.queryOptions({ workspace, agent }));
  if (current.isPending) return <div className="h-96 animate-pulse rounded-card bg-zinc-100" aria-busy="true" />;
  if (current.isError) return <FormError>{errorMessage(current.error)}</FormError>;
  return <Editor workspace={workspace} agentId={current.data.id} />;
}

function Editor({ workspace, agentId }: { workspace: string; agentId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const can = useCan(workspace);
  const bases = useQuery(trpc.knowledge.list.queryOptions({ workspace }));
  const settings = useQuery(trpc.knowledge.agentSettings.queryOptions({ workspace, agentId }));
  const save = useMutation(trpc.knowledge.updateAgentSettings.mutationOptions());
  // Edits start from the saved settings once they load (a draft of undefined means "as saved").
  const [draftSelected, setSelected] = useState<string[]>();
  const [draftFallback, setFallback] = useState<KnowledgeFallback>();
  const selected = draftSelected ?? settings.data?.knowledgeBaseIds ?? [];
  const fallback = draftFallback ?? settings.data?.knowledgeFallback ?? "offer_human";
  const writable = can("knowledge:write");

  return (
    <div className="flex flex-col gap-4">
      <header>
        <h1 className="text-xl font-semibold text-zinc-900">Knowledge</h1>
        <p className="text-sm text-zinc-500">When no journey fits, and in knowledge-answer steps, the agent answers from these knowledge bases and cites them.</p>
      </header>
      <Card>
        <CardHeader>
          <CardTitle>Knowledge bases</CardTitle>
          <CardDescription>
            Manage documents in <Link href={`/${workspace}/knowledge`} className="text-brand-700 underline">Knowledge</Link>.
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          {bases.isPending || settings.isPending ? (
            <div className="h-16 animate-pulse rounded-md bg-zinc-100" aria-busy="true" />
          ) : bases.isError ? (
            <FormError>{errorMessage(bases.error)}</FormError>
          ) : bases.data.length === 0 ? (
            <EmptyState icon={<BookOpen />} title="No knowledge bases in this workspace">
              <Link href={`/${workspace}/knowledge`} className="text-brand-700 underline">
                Create one
              </Link>{" "}
              and upload your help articles.
            </EmptyState>
          ) : (
            <fieldset className="flex flex-col gap-2" disabled={!writable}>
              <legend className="sr-only">Knowledge bases this agent answers from</legend>
              {bases.data.map((kb) => (
                <label key={kb.id} className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    checked={selected.includes(kb.id)}
                    onChange={(e) => setSelected(e.target.checked ? [...selected, kb.id] : selected.filter((id) => id !== kb.id))}
                  />
                  <span className="font-medium text-zinc-900">{kb.name}</span>
                  <span className="text-zinc-500">
                    · {kb.ready} of {kb.documents} documents ready
                  </span>
                </label>
              ))}
            </fieldset>
          )}
          <div className="max-w-md space-y-1.5">
            <Label htmlFor="knowledge-fallback">When the knowledge bases have no answer</Label>
            <Select id="knowledge-fallback" value={fallback} disabled={!writable} onChange={(e) => setFallback(e.target.value as KnowledgeFallback)}>
              <option value="offer_human">Say it does not know and offer a person</option>
              <option value="escalate">Hand the conversation to a person</option>
            </Select>
          </div>
          {save.isError ? <FormError>{errorMessage(save.error)}</FormError> : null}
          {writable ? (
            <div className="flex items-center gap-3">
              <Button
                disabled={save.isPending}
                onClick={() =>
                  save.mutate(
                    { workspace, agentId, knowledgeBaseIds: selected, knowledgeFallback: fallback },
                    { onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.knowledge.agentSettings.queryKey() }) },
                  )
                }
              >
                {save.isPending ? "Saving…" : "Save"}
              </Button>
              {save.isSuccess ? <span className="text-sm text-emerald-700">Saved</span> : null}
            </div>
          ) : null}
        </CardContent>
      </Card>
      <SearchPanel workspace={workspace} scope={{ agentId }} />
    </div>
  );
}
