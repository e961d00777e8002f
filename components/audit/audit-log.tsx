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
import { SimpleTooltip } from "@/components/ui/tooltip";
import { errorMessage } from "@/lib/form-errors";
import type { AuditFilters } from "@/lib/schemas/audit";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";
import { AuditChanges } from "./audit-changes";
import { AuditFilterBar, targetTypeLabel } from "./audit-filters";

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
  const [filters, setFilters] = useState<AuditFilters>({});
  // One query per page; each page's `before` cursor is the previous page's `nextBefore`.
  const [cursors, setCursors] = useState<(Date | undefined)[]>([undefined]);
  const pages = useQueries({ queries: cursors.map((before) => trpc.audit.list.queryOptions({ workspace, ...filters, before })) });
  const filter = (next: AuditFilters) => {
    setFilters(next);
    setCursors([undefined]);
  };

  const first = pages[0]!; // there is always a first page: `cursors` starts with one entry and only grows
  const last = pages[pages.length - 1];
  const items = pages.flatMap((p) => p.data?.items ?? []);
  const nextBefore = last?.data?.nextBefore ?? null;
  const filtered = Object.values(filters).some(Boolean);
  const targetName = filters.targetId ? (items.find((i) => i.targetId === filters.targetId)?.targetName ?? null) : null;

  return (
    <div className="space-y-6">
      <PageHeader title="Audit log" description="Every change in this workspace: who made it, and what it was before and after." />
      <AuditFilterBar workspace={workspace} filters={filters} targetName={targetName} onChange={filter} />

      {/* The first page decides loading, error and empty; the table shows every page loaded so far. */}
      <QueryView
        query={first}
        isEmpty={(page) => page.items.length === 0}
        empty={
          filtered ? (
            <EmptyState icon={<ScrollText />} title="No changes match these filters" data-testid="audit-no-match">
              Widen the dates or clear a filter.
            </EmptyState>
          ) : (
            <EmptyState icon={<ScrollText />} title="Nothing recorded yet">
              Changes to agents, members and settings will appear here.
            </EmptyState>
          )
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
                  <Th>Changes</Th>
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
                    <Td data-testid="audit-target">
                      <SimpleTooltip content="Show only this target's history">
                        <button
                          type="button"
                          className="text-left font-medium text-zinc-900 hover:text-brand-700 hover:underline"
                          onClick={() => filter({ ...filters, targetType: entry.targetType, targetId: entry.targetId })}
                        >
                          {entry.targetName ?? "No name recorded"}
                        </button>
                      </SimpleTooltip>
                      <div className="text-xs text-zinc-500">{targetTypeLabel(entry.targetType)}</div>
                    </Td>
                    <Td className="max-w-md text-xs text-zinc-600">
                      <AuditChanges before={entry.before} after={entry.after} />
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
