"use client";

import { useQuery } from "@tanstack/react-query";
import { Bot, Plus, Upload } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { errorMessage } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";
import { toneOptions } from "./agent-form";
import { ImportAgentDialog } from "./import-agent-dialog";
import { NewAgentDialog } from "./new-agent-dialog";

export function AgentList({ workspace }: { workspace: string }) {
  const trpc = useTRPC();
  const agents = useQuery(trpc.agents.list.queryOptions({ workspace }));
  const can = useCan(workspace);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const canWrite = can("agents:write");

  const newAgentButton = canWrite ? (
    <div className="flex gap-2">
      <Button variant="secondary" onClick={() => setImporting(true)}>
        <Upload />
        Import agent
      </Button>
      <Button onClick={() => setCreating(true)}>
        <Plus />
        New agent
      </Button>
    </div>
  ) : null;

  return (
    <div className="space-y-6">
      <PageHeader
        title="Agents"
        description="Each agent is one brand voice with its own journeys, policies and knowledge."
        className="flex-nowrap items-end"
        actions={agents.data?.length ? newAgentButton : null}
      />

      {agents.isPending ? (
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {[0, 1, 2].map((i) => (
            <div key={i} className="h-32 animate-pulse rounded-card bg-zinc-100" />
          ))}
        </div>
      ) : agents.isError ? (
        <EmptyState title="Could not load agents">{errorMessage(agents.error)}</EmptyState>
      ) : agents.data.length === 0 ? (
        <EmptyState icon={<Bot />} title="No agents yet" action={newAgentButton} data-testid="agents-empty">
          {canWrite
            ? "Create your first agent: give it a name and a persona, then build its journeys and knowledge."
            : "Nobody has created an agent in this workspace yet. Builders and admins can create one."}
        </EmptyState>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="agent-list">
          {agents.data.map((agent) => (
            <li key={agent.id}>
              <Link
                href={`/${workspace}/agents/${agent.slug}`}
                data-testid="agent-card"
                className="flex h-full flex-col rounded-card border border-zinc-200 bg-white p-5 shadow-sm transition hover:border-brand-500 hover:shadow"
              >
                <div className="flex items-start justify-between gap-3">
                  <h2 className="font-semibold text-zinc-900">{agent.name}</h2>
                  <Badge>{toneOptions.find((t) => t.value === agent.persona.tone)?.label ?? agent.persona.tone}</Badge>
                </div>
                <p className="mt-1 line-clamp-2 flex-1 text-sm text-zinc-500">{agent.description || "No description yet."}</p>
                <p className="mt-4 flex items-center gap-1.5 text-xs text-zinc-500">
                  <Bot className="size-3.5" />
                  Speaks as <span className="font-medium text-zinc-700">{agent.persona.agentName}</span>
                </p>
              </Link>
            </li>
          ))}
        </ul>
      )}

      {canWrite ? <NewAgentDialog workspace={workspace} open={creating} onClose={() => setCreating(false)} /> : null}
      {canWrite ? <ImportAgentDialog workspace={workspace} open={importing} onClose={() => setImporting(false)} /> : null}
    </div>
  );
}
