"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ListTodo, Pencil, Plus, Trash2 } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button, buttonVariants } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TBody, Td, Th, THead } from "@/components/ui/table";
import { notify } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/form-errors";
import { queueRuleLabels } from "@/lib/schemas/review-queues";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";
import { QueueDialog } from "./queue-dialog";
import type { QueueView } from "./use-queues";

/** Review › Queues: every queue with its counts; owners and admins define them, reviewers work them. */
export function QueuesPage({ workspace }: { workspace: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const can = useCan(workspace);
  const queues = useQuery(trpc.review.queues.list.queryOptions({ workspace }));
  const [editing, setEditing] = useState<QueueView | "new" | null>(null);
  const [deleting, setDeleting] = useState<QueueView | null>(null);
  const remove = useMutation(
    trpc.review.queues.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.review.queues.list.queryKey() });
        notify.success(`"${deleting?.name}" deleted`);
        setDeleting(null);
      },
    }),
  );
  const canDefine = can("review:queues");
  const canWork = can("review:write");

  return (
    <div className="flex flex-col gap-4">
      <PageHeader
        title="Review queues"
        description="Conversations sampled for review as they end. Open a queue to work it item by item, with the keyboard."
        actions={
          canDefine ? (
            <Button onClick={() => setEditing("new")}>
              <Plus /> New queue
            </Button>
          ) : null
        }
      />
      {queues.isError ? (
        <EmptyState icon={<ListTodo />} title="Could not load the queues">
          {errorMessage(queues.error)}
        </EmptyState>
      ) : !queues.data ? (
        <div className="h-40 animate-pulse rounded-card bg-zinc-100" aria-busy="true" />
      ) : queues.data.length === 0 ? (
        <EmptyState icon={<ListTodo />} title="No review queues yet">
          {canDefine ? "Create a queue: a filter and a sampling rule, e.g. every escalated conversation or 10 % of resolved ones." : "An owner or admin creates queues; they appear here."}
        </EmptyState>
      ) : (
        <Table data-testid="queues-table">
          <THead>
            <tr>
              <Th>Queue</Th>
              <Th>Rule</Th>
              <Th>Agent</Th>
              <Th className="text-right">To do</Th>
              <Th className="text-right">Done</Th>
              <Th className="text-right">Skipped</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </THead>
          <TBody>
            {queues.data.map((q) => (
              <tr key={q.id} data-testid="queue-row">
                <Td>
                  <div className="font-medium text-zinc-900">{q.name}</div>
                  {q.description ? <div className="text-xs text-zinc-500">{q.description}</div> : null}
                  {q.assignees.length > 0 ? <div className="text-xs text-zinc-500">Assigned: {q.assignees.map((a) => a.name).join(", ")}</div> : null}
                </Td>
                <Td className="text-sm">
                  {queueRuleLabels[q.ruleKind]}
                  {q.ruleKind === "ai_score_below" ? ` (${q.ruleThreshold} %)` : ""}
                  {q.rate < 100 ? <Badge className="ml-1">{q.rate} %</Badge> : null}
                  {q.releaseNumber ? <Badge className="ml-1">release {q.releaseNumber}</Badge> : null}
                </Td>
                <Td className="text-sm">{q.agentName ?? "All agents"}</Td>
                <Td className="text-right tabular-nums" data-testid="queue-todo">
                  {q.counts.todo}
                </Td>
                <Td className="text-right tabular-nums" data-testid="queue-done">
                  {q.counts.done}
                </Td>
                <Td className="text-right tabular-nums" data-testid="queue-skipped">
                  {q.counts.skipped}
                </Td>
                <Td>
                  <div className="flex justify-end gap-1">
                    {canWork && q.canWork ? (
                      <Link href={`/${workspace}/review/queues/${q.id}`} className={buttonVariants({ size: "sm" })} aria-label={`Work ${q.name}`}>
                        Work queue
                      </Link>
                    ) : (
                      <Link href={`/${workspace}/review/queues/${q.id}`} className={buttonVariants({ size: "sm", variant: "secondary" })}>
                        Open
                      </Link>
                    )}
                    {canDefine ? (
                      <>
                        <Button variant="ghost" size="sm" aria-label={`Edit ${q.name}`} onClick={() => setEditing(q)}>
                          <Pencil />
                        </Button>
                        <Button variant="ghost" size="sm" aria-label={`Delete ${q.name}`} onClick={() => setDeleting(q)}>
                          <Trash2 />
                        </Button>
                      </>
                    ) : null}
                  </div>
                </Td>
              </tr>
            ))}
          </TBody>
        </Table>
      )}
      <QueueDialog workspace={workspace} queue={editing === "new" ? null : editing} open={editing !== null} onClose={() => setEditing(null)} />
      <ConfirmDialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title={`Delete "${deleting?.name}"?`}
        description="The queue and its items go; the scores, tags, notes and corrections written while working it stay on the conversations."
        confirmLabel="Delete queue"
        onConfirm={() => deleting && remove.mutate({ workspace, queueId: deleting.id })}
        pending={remove.isPending}
        error={remove.error ? errorMessage(remove.error) : null}
      />
    </div>
  );
}
