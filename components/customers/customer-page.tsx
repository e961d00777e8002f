"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, UserRound } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { StatusBadge } from "@/components/conversations/status-badge";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { TBody, THead, Table, Td, Th } from "@/components/ui/table";
import { notify } from "@/components/ui/toaster";
import { type MemoryKind, memoryKindLabels } from "@/lib/schemas/customers";
import { errorCode, errorMessage } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";

/**
 * One customer: identity and attributes, every conversation across channels with its tags, open handoffs,
 * and memory (admins edit and delete it). `actions` is where other customer actions go (e.g. forget).
 */
export function CustomerPage({ workspace, customerId, actions }: { workspace: string; customerId: string; actions?: React.ReactNode }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.customers.get.queryOptions({ workspace, customerId }));
  if (query.isPending) return <div className="h-96 animate-pulse rounded-card bg-zinc-100" aria-busy="true" />;
  if (query.isError) {
    return (
      <EmptyState icon={<UserRound />} title={errorCode(query.error) === "NOT_FOUND" ? "Customer not found" : "Could not load this customer"}>
        {errorMessage(query.error)}
      </EmptyState>
    );
  }
  const { customer, conversations, openHandoffs, memories } = query.data;
  const conversationHref = (c: { id: string; agent: { slug: string } }) => `/${workspace}/agents/${c.agent.slug}/conversations/${c.id}`;

  return (
    <div className="flex flex-col gap-6" data-testid="customer-page">
      <Link href={`/${workspace}/customers`} className="inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-800">
        <ArrowLeft className="size-4" /> All customers
      </Link>
      <header className="flex flex-wrap items-center gap-2">
        <h1 className="text-xl font-semibold text-zinc-900">{customer.externalId}</h1>
        {customer.verifiedAt ? <Badge variant="brand">verified {new Date(customer.verifiedAt).toLocaleString()}</Badge> : <Badge>unverified</Badge>}
        <span className="text-sm text-zinc-500">
          first seen {new Date(customer.firstSeenAt).toLocaleString()} · last seen {new Date(customer.lastSeenAt).toLocaleString()}
        </span>
        {actions ? <div className="ml-auto flex gap-2">{actions}</div> : null}
      </header>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Attributes</CardTitle>
            <CardDescription>What the brand sent with the customer&apos;s id (latest value per attribute).</CardDescription>
          </CardHeader>
          <CardContent>
            {Object.keys(customer.attributes).length === 0 ? (
              <p className="text-sm text-zinc-500">None sent.</p>
            ) : (
              <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm" data-testid="customer-attributes">
                {Object.entries(customer.attributes).map(([k, v]) => (
                  <div key={k} className="contents">
                    <dt className="font-medium text-zinc-700">{k}</dt>
                    <dd className="text-zinc-900">{String(v)}</dd>
                  </div>
                ))}
              </dl>
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Open handoffs</CardTitle>
            <CardDescription>Conversations waiting for a person or owned by one.</CardDescription>
          </CardHeader>
          <CardContent>
            {openHandoffs.length === 0 ? (
              <p className="text-sm text-zinc-500">None.</p>
            ) : (
              <ul className="space-y-1 text-sm">
                {openHandoffs.map((c) => (
                  <li key={c.id}>
                    <Link href={conversationHref(c)} className="text-brand-700 hover:underline">
                      {c.agent.name} · {new Date(c.createdAt).toLocaleString()}
                    </Link>{" "}
                    <span className="text-zinc-500">{c.owner === "human" ? "with a person" : "waiting for a person"}</span>
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>
      </div>
      <MemoryCard workspace={workspace} customerId={customerId} memories={memories} conversationHref={(id) => conversations.find((c) => c.id === id)} hrefOf={conversationHref} />
      <section aria-label="Conversations" className="flex flex-col gap-2">
        <h2 className="text-sm font-semibold text-zinc-900">Conversations ({conversations.length})</h2>
        {conversations.length === 0 ? (
          <p className="text-sm text-zinc-500">No conversations yet.</p>
        ) : (
          <Table data-testid="customer-conversations">
            <THead>
              <tr>
                <Th>Started</Th>
                <Th>Agent</Th>
                <Th>Channel</Th>
                <Th>Status</Th>
                <Th>Turns</Th>
                <Th>Tags</Th>
              </tr>
            </THead>
            <TBody>
              {conversations.map((c) => (
                <tr key={c.id}>
                  <Td>
                    <Link href={conversationHref(c)} className="text-brand-700 hover:underline">
                      {new Date(c.createdAt).toLocaleString()}
                    </Link>
                  </Td>
                  <Td>{c.agent.name}</Td>
                  <Td>{c.channel}</Td>
                  <Td>
                    <StatusBadge status={c.status} />
                  </Td>
                  <Td>{c.turns}</Td>
                  <Td className="space-x-1">
                    {c.tags.map((t) => (
                      <Badge key={t.id}>{t.name}</Badge>
                    ))}
                  </Td>
                </tr>
              ))}
            </TBody>
          </Table>
        )}
      </section>
    </div>
  );
}

interface MemoryRow {
  id: string;
  kind: string;
  value: string;
  learnedAt: Date;
  expiresAt: Date | null;
  expired: boolean;
  sourceConversationId: string | null;
}

function MemoryCard({
  workspace,
  customerId,
  memories,
  conversationHref,
  hrefOf,
}: {
  workspace: string;
  customerId: string;
  memories: MemoryRow[];
  conversationHref: (id: string) => { id: string; agent: { slug: string } } | undefined;
  hrefOf: (c: { id: string; agent: { slug: string } }) => string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const can = useCan(workspace);
  const manage = can("customers:manage");
  const [editing, setEditing] = useState<{ id: string; value: string } | null>(null);
  const [deleting, setDeleting] = useState<MemoryRow | null>(null);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.customers.get.queryKey({ workspace, customerId }) });
  const update = useMutation(
    trpc.customers.updateMemory.mutationOptions({
      onSuccess: async () => {
        notify.success("Memory updated");
        setEditing(null);
        await invalidate();
      },
    }),
  );
  const remove = useMutation(
    trpc.customers.deleteMemory.mutationOptions({
      onSuccess: async () => {
        notify.success("Memory deleted");
        setDeleting(null);
        await invalidate();
      },
    }),
  );
  const label = (kind: string) => memoryKindLabels[kind as MemoryKind] ?? kind;

  return (
    <Card data-testid="customer-memory">
      <CardHeader>
        <CardTitle>Memory</CardTitle>
        <CardDescription>
          Facts the agent learned and may recall in this customer&apos;s next conversations (newest per kind). Memory greets and personalises; it never verifies anyone or
          decides a policy.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {memories.length === 0 ? (
          <p className="text-sm text-zinc-500">Nothing remembered. Which facts are kept, and for how long, is set under Settings › Identity &amp; memory.</p>
        ) : (
          <Table>
            <THead>
              <tr>
                <Th>Kind</Th>
                <Th>Value</Th>
                <Th>Learned</Th>
                <Th>From</Th>
                {manage ? <Th>
                  <span className="sr-only">Actions</span>
                </Th> : null}
              </tr>
            </THead>
            <TBody>
              {memories.map((m) => {
                const source = m.sourceConversationId ? conversationHref(m.sourceConversationId) : undefined;
                return (
                  <tr key={m.id} data-testid="memory-row" className={m.expired ? "text-zinc-400" : undefined}>
                    <Td>{label(m.kind)}</Td>
                    <Td>
                      {editing?.id === m.id ? (
                        <form
                          className="flex gap-2"
                          onSubmit={(e) => {
                            e.preventDefault();
                            update.mutate({ workspace, memoryId: m.id, value: editing.value });
                          }}
                        >
                          <Input aria-label={`New value for ${label(m.kind)}`} value={editing.value} onChange={(e) => setEditing({ id: m.id, value: e.target.value })} />
                          <Button type="submit" size="sm" disabled={update.isPending}>
                            Save
                          </Button>
                          <Button size="sm" variant="ghost" onClick={() => setEditing(null)}>
                            Cancel
                          </Button>
                        </form>
                      ) : (
                        <>
                          {m.value} {m.expired ? <Badge>expired</Badge> : null}
                        </>
                      )}
                    </Td>
                    <Td>{new Date(m.learnedAt).toLocaleString()}</Td>
                    <Td>
                      {source ? (
                        <Link href={hrefOf(source)} className="text-brand-700 hover:underline">
                          conversation
                        </Link>
                      ) : (
                        <span className="text-zinc-500">—</span>
                      )}
                    </Td>
                    {manage ? (
                      <Td className="space-x-1 text-right whitespace-nowrap">
                        <Button size="sm" variant="ghost" onClick={() => setEditing({ id: m.id, value: m.value })}>
                          Edit
                        </Button>
                        <Button size="sm" variant="ghost" className="text-red-700" onClick={() => setDeleting(m)}>
                          Delete
                        </Button>
                      </Td>
                    ) : null}
                  </tr>
                );
              })}
            </TBody>
          </Table>
        )}
        <FormError>{update.isError ? errorMessage(update.error) : null}</FormError>
      </CardContent>
      <ConfirmDialog
        open={!!deleting}
        onClose={() => setDeleting(null)}
        title="Delete this memory?"
        description={deleting ? `The agent will no longer recall “${deleting.value}” (${label(deleting.kind)}).` : ""}
        confirmLabel="Delete memory"
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onConfirm={() => deleting && remove.mutate({ workspace, memoryId: deleting.id })}
      />
    </Card>
  );
}
