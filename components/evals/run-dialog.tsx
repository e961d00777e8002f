"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Play } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { errorMessage } from "@/lib/form-errors";
import { MAX_REPEAT, type RunTarget } from "@/lib/schemas/evals";
import { useTRPC } from "@/lib/trpc/client";

export interface RunScope {
  suiteId: string;
  /** One case of the suite; all of them when absent. */
  caseId?: string;
  /** "the suite Returns", "the case Cancel a pending order". */
  label: string;
}

/** Starts a run of a suite or one case against the draft, the live release or release N, then opens the run. */
export function RunDialog({ workspace, agent, agentId, scope, onClose }: { workspace: string; agent: string; agentId: string; scope: RunScope | null; onClose: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const releases = useQuery(trpc.releases.list.queryOptions({ workspace, agentId }));
  const [target, setTarget] = useState("draft");
  const [repeat, setRepeat] = useState("1");
  const start = useMutation(
    trpc.evals.startRun.mutationOptions({
      onSuccess: async ({ runId }) => {
        await queryClient.invalidateQueries({ queryKey: trpc.evals.pathKey() });
        router.push(`/${workspace}/agents/${agent}/evals/runs/${runId}`);
      },
    }),
  );
  const rows = releases.data?.releases ?? [];
  const hasLive = rows.some((r) => r.state === "live");
  const k = Number(repeat);
  const repeatError = Number.isInteger(k) && k >= 1 && k <= MAX_REPEAT ? undefined : `Repeat 1 to ${MAX_REPEAT} times`;

  function close() {
    start.reset();
    onClose();
  }

  return (
    <Dialog open={scope !== null} onClose={() => (start.isPending ? undefined : close())} title="Run evals" description={scope ? `Runs ${scope.label}.` : undefined}>
      <form
        className="space-y-4"
        data-testid="run-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!scope || repeatError) return;
          const runTarget: RunTarget = target === "draft" || target === "live" ? target : Number(target);
          start.mutate({ workspace, agentId, suiteId: scope.suiteId, ...(scope.caseId ? { caseId: scope.caseId } : {}), target: runTarget, repeat: k });
        }}
      >
        <FormField label="Run against" hint={releases.isError ? `The releases could not be loaded: ${errorMessage(releases.error)}` : undefined}>
          {(p) => (
            <Select {...p} value={target} onChange={(e) => setTarget(e.target.value)}>
              <option value="draft">Draft</option>
              {hasLive ? <option value="live">Live release</option> : null}
              {rows.map((r) => (
                <option key={r.id} value={String(r.number)}>
                  Release {r.number}
                  {r.state === "live" ? " (live)" : r.state === "canary" ? " (canary)" : ""}
                </option>
              ))}
            </Select>
          )}
        </FormField>
        <FormField label="Repeat each case" error={repeat ? repeatError : undefined} hint={`1 to ${MAX_REPEAT} attempts: more than one tells flaky cases (pass^k) from failing ones.`}>
          {(p) => <Input {...p} type="number" min={1} max={MAX_REPEAT} value={repeat} onChange={(e) => setRepeat(e.target.value)} className="w-28" />}
        </FormField>
        <FormError>{start.isError ? errorMessage(start.error) : null}</FormError>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={close} disabled={start.isPending}>
            Cancel
          </Button>
          <Button type="submit" disabled={start.isPending || !!repeatError}>
            <Play />
            {start.isPending ? "Starting…" : "Start run"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
