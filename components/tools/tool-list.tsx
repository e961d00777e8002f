"use client";

import { useQuery } from "@tanstack/react-query";
import { Plus, Wrench } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button, buttonVariants } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { QueryView } from "@/components/ui/query-view";
import { TBody, THead, Table, Td, Th } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";
import { OpenApiImport } from "./openapi-import";

export function ToolList({ workspace, agent }: { workspace: string; agent: string }) {
  const trpc = useTRPC();
  const can = useCan(workspace);
  const list = useQuery(trpc.tools.list.queryOptions({ workspace, agent }));
  const [importing, setImporting] = useState(false);
  const base = `/${workspace}/agents/${agent}/tools`;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Tools"
        description="HTTP calls the agent makes to your backend. Reads run freely; writes pass their bound policy first."
        actions={
          can("tools:write") ? (
            <div className="flex gap-2">
              <Button variant="secondary" onClick={() => setImporting(true)}>
                Import from OpenAPI
              </Button>
              <Link href={`${base}/new`} className={buttonVariants()}>
                <Plus /> New tool
              </Link>
            </div>
          ) : null
        }
      />
      <QueryView
        query={list}
        empty={
          <EmptyState icon={<Wrench />} title="No tools yet">
            Add an HTTP tool by hand, or import the operations of an OpenAPI document.
          </EmptyState>
        }
      >
        {(tools) => (
          <Table data-testid="tool-table">
            <THead>
              <tr>
                <Th>Tool</Th>
                <Th>Request</Th>
                <Th>Kind</Th>
                <Th>Policy</Th>
              </tr>
            </THead>
            <TBody>
              {tools.map((t) => (
                <tr key={t.id} data-testid="tool-row">
                  <Td>
                    <Link href={`${base}/${t.name}`} className="font-mono text-sm font-medium text-brand-700 hover:underline">
                      {t.name}
                    </Link>
                    <div className="text-xs text-zinc-500">{t.definition.description}</div>
                  </Td>
                  <Td className="max-w-md truncate font-mono text-xs text-zinc-600">
                    {t.definition.method} {t.definition.url}
                  </Td>
                  <Td>
                    <Badge variant={t.definition.kind === "write" ? "brand" : "neutral"}>{t.definition.kind}</Badge>
                  </Td>
                  <Td className="font-mono text-xs">{t.definition.policyKey ?? (t.definition.kind === "write" ? <span className="text-red-700">none: always denied</span> : "—")}</Td>
                </tr>
              ))}
            </TBody>
          </Table>
        )}
      </QueryView>
      <OpenApiImport open={importing} onClose={() => setImporting(false)} workspace={workspace} agent={agent} />
    </div>
  );
}
