"use client";

import { useQueries, useQuery } from "@tanstack/react-query";
import { ScrollText, ShieldOff } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError } from "@/components/ui/form-field";
import { PageHeader } from "@/components/ui/page-header";
import { QueryView } from "@/components/ui/query-view";
import { TBody, THead, Table, Td, Th } from "@/components/ui/table";
import { errorMessage } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";

/** Compact one-line JSON for before/after columns; long values are cut, the full text is in the tooltip. */
function compact(value: unknown): string {
  if (value === null || value === undefined) return "—";
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

export function AuditLog({ workspace }: { workspace: string }) {
  const trpc = useTRPC();
  const current = useQuery(trpc.workspaces.get.queryOptions({ workspace }));
  const can = useCan(workspace);

  if (current.isPending) return <div className="h-40 animate-pulse rounded-card bg-zinc-100" />;
  if (!can("audit:read")) {
    return (
      <EmptyState icon={<ShieldOff />} title="You do not have access to the audit log" data-testid="audit-no-access">
        Only owners and admins can read the audit log. Ask one of them if you need to know who changed what.
      </EmptyState>
    );
  }
  return <AuditTable workspace={workspace} />;
}

function AuditTable({ workspace }: { workspace: string }) {
  const trpc = useTRPC();
  // One query per page; each page's `before` cursor is the previous page's `nextBefore`.
  const [cursors, setCursors] = useState<(Date | undefined)[]>([undefined]);
  const pages = useQueries({ queries: cursors.map((before) => trpc.audit.list.queryOptions({ workspace, before })) });

  const first = pages[0]!; // there is always a first page: `cursors` starts with one entry and only grows
  const last = pages[pages.length - 1];
  const items = pages.flatMap((p) => p.data?.items ?? []);
  const nextBefore = last?.data?.nextBefore ?? null;

  return (
    <div className="space-y-6">
      <PageHeader title="Audit log" description="Every change in this workspace: who made it, and what it was before and after." />

      {/* The first page decides loading, error and empty; the table shows every page loaded so far. */}
      <QueryView
        query={first}
        isEmpty={(page) => page.items.length === 0}
        empty={
          <EmptyState icon={<ScrollText />} title="Nothing recorded yet">
            Changes to agents, members and settings will appear here.
          </EmptyState>
        }
      >
        {() => (
          <>
            <Table data-testid="audit-table">
              <THead>
                <tr>
                  <Th>Time</Th>
                  <Th>Actor</Th>
                  <Th>Action</Th>
                  <Th>Target</Th>
                  <Th>Before → after</Th>
                </tr>
              </THead>
              <TBody>
                {items.map((entry) => (
                  <tr key={entry.id} data-testid="audit-row">
                    <Td className="whitespace-nowrap text-zinc-600">
                      <time dateTime={entry.createdAt.toISOString()}>{entry.createdAt.toLocaleString()}</time>
                    </Td>
                    <Td>
                      <div className="font-medium">{entry.actorName ?? "System"}</div>
                      {entry.actorEmail ? <div className="text-xs text-zinc-500">{entry.actorEmail}</div> : null}
                    </Td>
                    <Td>
                      <code className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs">{entry.action}</code>
                    </Td>
                    <Td className="text-zinc-600">
                      {entry.targetType}
                      {entry.targetId ? <span className="ml-1 font-mono text-xs text-zinc-400">{entry.targetId.slice(0, 8)}</span> : null}
                    </Td>
                    <Td className="max-w-md font-mono text-xs text-zinc-600">
                      <span title={JSON.stringify(entry.before)} className="break-all">
                        {compact(entry.before)}
                      </span>
                      <span className="mx-1 text-zinc-400">→</span>
                      <span title={JSON.stringify(entry.after)} className="break-all text-zinc-800">
                        {compact(entry.after)}
                      </span>
                    </Td>
                  </tr>
                ))}
              </TBody>
            </Table>
            {last?.isError ? <FormError>{errorMessage(last.error)}</FormError> : null}
            {nextBefore || last?.isPending ? (
              <div className="flex justify-center">
                <Button
                  variant="secondary"
                  disabled={last?.isPending}
                  onClick={() => nextBefore && setCursors((c) => [...c, nextBefore])}
                >
                  {last?.isPending ? "Loading…" : "Load more"}
                </Button>
              </div>
            ) : null}
          </>
        )}
      </QueryView>
    </div>
  );
}
