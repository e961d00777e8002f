"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormError } from "@/components/ui/form-field";
import { notify } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/form-errors";
import { guardMetricOptions } from "@/lib/schemas/experiments";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";

type GuardKey = (typeof guardMetricOptions)[number]["key"];

/** Automatic roll back of the agent's canary: on or off, and the guard metrics the 15-minute check watches. */
export function CanaryGuardCard({ workspace, agentId }: { workspace: string; agentId: string }) {
  const trpc = useTRPC();
  const can = useCan(workspace);
  const guard = useQuery(trpc.experiments.guard.queryOptions({ workspace, agentId }));
  const rule = guard.data?.rule;

  return (
    <Card data-testid="canary-guard">
      <CardHeader>
        <CardTitle>Automatic roll back</CardTitle>
        <CardDescription>
          Every 15 minutes the running canary is compared with its control as on this page. When a watched guard metric is significantly worse in the canary (p &lt;{" "}
          {rule?.alpha ?? 0.05}) and each release has served at least {rule?.minPerArm ?? 30} conversations on it (rated ones, for CSAT), the canary is stopped — as the Roll back
          button does — and the agent&apos;s webhook is told.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {guard.isError ? (
          <FormError>{errorMessage(guard.error)}</FormError>
        ) : !guard.data ? (
          <div className="h-16 animate-pulse rounded-card bg-zinc-100" aria-busy="true" />
        ) : (
          <GuardForm key={`${guard.data.autoRollback}-${guard.data.metrics.join()}`} workspace={workspace} agentId={agentId} saved={guard.data} editable={can("releases:publish")} />
        )}
      </CardContent>
    </Card>
  );
}

function GuardForm({ workspace, agentId, saved, editable }: { workspace: string; agentId: string; saved: { autoRollback: boolean; metrics: GuardKey[] }; editable: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [on, setOn] = useState(saved.autoRollback);
  const [metrics, setMetrics] = useState<GuardKey[]>(saved.metrics);
  const save = useMutation(
    trpc.experiments.setGuard.mutationOptions({
      onSuccess: async (result) => {
        notify.success(result.autoRollback ? "Automatic roll back is on" : "Automatic roll back is off");
        await queryClient.invalidateQueries({ queryKey: trpc.experiments.guard.queryKey({ workspace, agentId }) });
      },
    }),
  );
  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ workspace, agentId, autoRollback: on, metrics });
      }}
    >
      <label className="flex items-center gap-2 text-sm font-medium text-zinc-900">
        <input type="checkbox" checked={on} disabled={!editable} onChange={(e) => setOn(e.target.checked)} />
        Roll the canary back automatically
      </label>
      <fieldset className="flex flex-wrap gap-4" disabled={!editable}>
        <legend className="mb-1 text-sm text-zinc-700">Guard metrics to watch</legend>
        {guardMetricOptions.map((m) => (
          <label key={m.key} className="flex items-center gap-2 text-sm text-zinc-900">
            <input
              type="checkbox"
              checked={metrics.includes(m.key)}
              onChange={(e) => setMetrics((now) => (e.target.checked ? [...now, m.key] : now.filter((k) => k !== m.key)))}
            />
            {m.label}
          </label>
        ))}
      </fieldset>
      {editable ? (
        <div>
          <Button type="submit" variant="secondary" disabled={save.isPending}>
            Save
          </Button>
        </div>
      ) : (
        <p className="text-xs text-zinc-600">Owners, admins and builders change this.</p>
      )}
      <FormError>{save.isError ? errorMessage(save.error) : null}</FormError>
    </form>
  );
}
