"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Bot, Lock } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, buttonVariants } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError } from "@/components/ui/form-field";
import { PageHeader } from "@/components/ui/page-header";
import { notify } from "@/components/ui/toaster";
import { errorCode, errorMessage, type FieldErrors, serverFieldErrors } from "@/lib/form-errors";
import type { Persona } from "@/lib/schemas/persona";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";
import { AgentFields, type AgentFormValues, parseAgentForm } from "./agent-form";
import { ExportAgentCard } from "./export-agent-card";

interface Agent {
  id: string;
  name: string;
  description: string;
  persona: Persona;
}

export function AgentOverview({ workspace, agent }: { workspace: string; agent: string }) {
  const trpc = useTRPC();
  const current = useQuery(trpc.agents.get.queryOptions({ workspace, agent }));

  if (current.isPending) return <div className="h-96 animate-pulse rounded-card bg-zinc-100" aria-busy="true" />;
  if (current.isError) {
    return (
      <EmptyState
        icon={<Bot />}
        title={errorCode(current.error) === "NOT_FOUND" ? "Agent not found" : "Could not load this agent"}
        action={
          <Link href={`/${workspace}`} className={buttonVariants({ variant: "secondary" })}>
            Back to agents
          </Link>
        }
      >
        {errorCode(current.error) === "NOT_FOUND" ? "It may have been deleted." : errorMessage(current.error)}
      </EmptyState>
    );
  }
  // Keyed by id so the form starts from the loaded agent without syncing state in an effect.
  return <AgentOverviewForm key={current.data.id} workspace={workspace} agent={current.data} />;
}

function toValues(agent: Agent): AgentFormValues {
  return { name: agent.name, description: agent.description, ...agent.persona };
}

function AgentOverviewForm({ workspace, agent }: { workspace: string; agent: Agent }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const can = useCan(workspace);
  const canWrite = can("agents:write");
  const [values, setValues] = useState(() => toValues(agent));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const update = useMutation(trpc.agents.update.mutationOptions());
  const remove = useMutation(
    trpc.agents.delete.mutationOptions({
      onSuccess: async () => {
        notify.success(`${agent.name} deleted`);
        await queryClient.invalidateQueries({ queryKey: trpc.agents.list.queryKey() });
        router.push(`/${workspace}`);
      },
    }),
  );

  const initial = toValues(agent);
  const dirty = (Object.keys(initial) as (keyof AgentFormValues)[]).some((k) => initial[k] !== values[k]);

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    const result = parseAgentForm(values);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    try {
      const next = await update.mutateAsync({ workspace, agentId: agent.id, ...result.data });
      setValues(toValues(next));
      notify.success("Agent saved");
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.agents.get.queryKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.agents.list.queryKey() }),
      ]);
    } catch (err) {
      setErrors(serverFieldErrors(err));
    }
  }

  const serverError = update.isError && Object.values(serverFieldErrors(update.error)).every((m) => !m) ? errorMessage(update.error) : null;

  return (
    <div className="space-y-6">
      <PageHeader title="Overview" description="Who this agent is and how it greets customers." />

      {!canWrite ? (
        <p className="flex items-center gap-2 rounded-md border border-zinc-200 bg-zinc-100 px-3 py-2 text-sm text-zinc-600" data-testid="read-only-notice">
          <Lock className="size-4" />
          Your role can view this agent but not change it.
        </p>
      ) : null}

      <Card>
        <form onSubmit={onSubmit} noValidate data-testid="agent-form">
          <CardContent className="space-y-4 pt-5">
            <FormError>{serverError}</FormError>
            <AgentFields
              values={values}
              onChange={setValues}
              errors={errors}
              readOnly={!canWrite}
            />
          </CardContent>
          <div className="flex items-center justify-end gap-3 border-t border-zinc-100 px-5 py-3">
            <Button type="submit" disabled={!canWrite || !dirty || update.isPending}>
              {update.isPending ? "Saving…" : "Save"}
            </Button>
          </div>
        </form>
      </Card>

      <ExportAgentCard workspace={workspace} agent={agent.id} />

      {canWrite ? (
        <Card className="border-red-200">
          <CardHeader className="border-red-100">
            <CardTitle>Delete this agent</CardTitle>
            <CardDescription>Removes the agent and its configuration from the workspace. This cannot be undone.</CardDescription>
          </CardHeader>
          <CardContent className="flex justify-end">
            <Button variant="destructive-outline" onClick={() => setConfirmingDelete(true)}>
              Delete agent
            </Button>
          </CardContent>
        </Card>
      ) : null}

      <ConfirmDialog
        open={confirmingDelete}
        onClose={() => {
          setConfirmingDelete(false);
          remove.reset();
        }}
        title={`Delete ${agent.name}?`}
        description="The agent and its configuration are removed for everyone in the workspace. This cannot be undone."
        confirmLabel="Delete agent"
        pending={remove.isPending || remove.isSuccess}
        error={remove.isError ? errorMessage(remove.error) : null}
        onConfirm={() => remove.mutate({ workspace, agentId: agent.id })}
      />
    </div>
  );
}
