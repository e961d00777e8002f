"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CircleCheck, RotateCw, ShieldOff } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError } from "@/components/ui/form-field";
import { PageHeader } from "@/components/ui/page-header";
import { QueryView } from "@/components/ui/query-view";
import { TBody, THead, Table, Td, Th } from "@/components/ui/table";
import { notify } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";

/** What a job was about, in a few words: its data without ids nobody reads. */
function subject(data: Record<string, unknown>): string {
  const text = Object.entries(data)
    .map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(", ");
  return text.length > 120 ? `${text.slice(0, 117)}…` : text || "—";
}

export function FailedJobs({ workspace }: { workspace: string }) {
  const trpc = useTRPC();
  const current = useQuery(trpc.workspaces.get.queryOptions({ workspace }));
  const can = useCan(workspace);

  if (current.isPending) return <div className="h-40 animate-pulse rounded-card bg-zinc-100" />;
  if (!can("settings:manage")) {
    return (
      <EmptyState icon={<ShieldOff />} title="You do not have access to background jobs" data-testid="jobs-no-access">
        Only owners and admins can see and retry failed background jobs.
      </EmptyState>
    );
  }
  return <FailedJobsTable workspace={workspace} />;
}

function FailedJobsTable({ workspace }: { workspace: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const failed = useQuery(trpc.jobs.failed.queryOptions({ workspace }));
  const retry = useMutation(
    trpc.jobs.retry.mutationOptions({
      onSuccess: async () => {
        notify.success("Job queued again");
        await queryClient.invalidateQueries({ queryKey: trpc.jobs.failed.queryKey() });
      },
    }),
  );

  return (
    <div className="space-y-6">
      <PageHeader
        title="Failed jobs"
        description="Background work (document indexing, webhook deliveries) that failed after every retry. Fix the cause, then retry it."
      />
      {retry.isError ? <FormError>{errorMessage(retry.error)}</FormError> : null}
      <QueryView
        query={failed}
        empty={
          <EmptyState icon={<CircleCheck />} title="No failed jobs" data-testid="jobs-empty">
            Jobs that fail after all their retries appear here for a week, with their error.
          </EmptyState>
        }
      >
        {(jobs) => (
          <Table data-testid="failed-jobs-table">
            <THead>
              <tr>
                <Th>Failed</Th>
                <Th>Job</Th>
                <Th>Error</Th>
                <Th>Attempts</Th>
                <Th />
              </tr>
            </THead>
            <TBody>
              {jobs.map((job) => (
                <tr key={job.id} data-testid="failed-job-row" data-queue={job.queue}>
                  <Td className="whitespace-nowrap text-zinc-600">
                    <time dateTime={new Date(job.failedAt).toISOString()}>{new Date(job.failedAt).toLocaleString()}</time>
                  </Td>
                  <Td>
                    <code className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs">{job.queue}</code>
                    <div className="mt-1 font-mono text-xs text-zinc-500">{subject(job.data)}</div>
                  </Td>
                  <Td className="max-w-md text-zinc-800" data-testid="failed-job-error">
                    {job.error}
                  </Td>
                  <Td className="text-zinc-600">{job.attempts}</Td>
                  <Td className="text-right">
                    <Button
                      variant="secondary"
                      disabled={retry.isPending && retry.variables?.jobId === job.id}
                      onClick={() => retry.mutate({ workspace, jobId: job.id })}
                    >
                      <RotateCw /> Retry
                    </Button>
                  </Td>
                </tr>
              ))}
            </TBody>
          </Table>
        )}
      </QueryView>
    </div>
  );
}
