"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus, Scale } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { QueryView } from "@/components/ui/query-view";
import { TBody, THead, Table, Td, Th } from "@/components/ui/table";
import { errorMessage } from "@/lib/form-errors";
import { decisionLabels } from "@/lib/policy/operators";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";
import { PolicyTests } from "./policy-tests";

export function PolicyList({ workspace, agent }: { workspace: string; agent: string }) {
  const trpc = useTRPC();
  const can = useCan(workspace);
  const list = useQuery(trpc.policies.list.queryOptions({ workspace, agent }));
  const [creating, setCreating] = useState(false);
  const base = `/${workspace}/agents/${agent}/policies`;

  return (
    <div className="space-y-6">
      <PageHeader
        title="Policies"
        description="Business rules the runtime enforces at the tool layer: a write tool runs only when its bound policy allows it."
        actions={
          can("policies:write") ? (
            <Button onClick={() => setCreating(true)}>
              <Plus /> New policy
            </Button>
          ) : null
        }
      />
      <QueryView
        query={list}
        empty={
          <EmptyState icon={<Scale />} title="No policies yet">
            Create a policy, add rules, then bind it to a write tool under Tools.
          </EmptyState>
        }
      >
        {(policies) => (
          <Table data-testid="policy-table">
            <THead>
              <tr>
                <Th>Policy</Th>
                <Th>Rules</Th>
                <Th>Otherwise</Th>
                <Th>Bound tools</Th>
                <Th>Revision</Th>
              </tr>
            </THead>
            <TBody>
              {policies.map((p) => (
                <tr key={p.id} data-testid="policy-row">
                  <Td>
                    <Link href={`${base}/${p.key}`} className="font-medium text-brand-700 hover:underline">
                      {p.name}
                    </Link>
                    <div className="font-mono text-xs text-zinc-500">{p.key}</div>
                  </Td>
                  <Td>{p.ruleCount}</Td>
                  <Td>{p.defaultDecision ? decisionLabels[p.defaultDecision] : "—"}</Td>
                  <Td>
                    <div className="flex flex-wrap gap-1">
                      {p.tools.length ? p.tools.map((t) => <Badge key={t}>{t}</Badge>) : <span className="text-xs text-zinc-500">none</span>}
                    </div>
                  </Td>
                  <Td>{p.revision}</Td>
                </tr>
              ))}
            </TBody>
          </Table>
        )}
      </QueryView>
      <PolicyTests workspace={workspace} agent={agent} />
      <NewPolicyDialog open={creating} onClose={() => setCreating(false)} workspace={workspace} agent={agent} />
    </div>
  );
}

function NewPolicyDialog({ open, onClose, workspace, agent }: { open: boolean; onClose: () => void; workspace: string; agent: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const key = name.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
  const create = useMutation(
    trpc.policies.create.mutationOptions({
      onSuccess: async (p) => {
        await queryClient.invalidateQueries({ queryKey: trpc.policies.list.queryKey() });
        router.push(`/${workspace}/agents/${agent}/policies/${p.key}`);
      },
    }),
  );
  return (
    <Dialog open={open} onClose={onClose} title="New policy" description="Start with no rules and a default of deny.">
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ workspace, agent, name, key });
        }}
      >
        <FormField label="Name" hint={key ? `Key: ${key}` : undefined}>
          {(p) => <Input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
        </FormField>
        <FormError>{create.isError ? errorMessage(create.error) : null}</FormError>
        <div className="flex justify-end">
          <Button type="submit" disabled={!key || create.isPending}>
            Create policy
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
