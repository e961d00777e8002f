"use client";

import { useQuery } from "@tanstack/react-query";
import { UsersRound } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { QueryView } from "@/components/ui/query-view";
import { TBody, THead, Table, Td, Th } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/client";

type Cursor = { lastSeenAt: string; id: string };

/** The workspace's customers as the brand identifies them, most recently seen first, searchable by id or attribute. */
export function CustomersPage({ workspace }: { workspace: string }) {
  const [draft, setDraft] = useState("");
  const [search, setSearch] = useState("");
  // Keyset pages: the cursors of the pages before this one, so "Previous" goes back exactly.
  const [cursors, setCursors] = useState<(Cursor | undefined)[]>([undefined]);
  const trpc = useTRPC();
  const cursor = cursors.at(-1);
  const list = useQuery(trpc.customers.list.queryOptions({ workspace, search: search || undefined, cursor, limit: 25 }));

  return (
    <div className="space-y-6">
      <PageHeader
        title="Customers"
        description="Customers your site or server identified (a signed widget token or an API call with the customer's id): their conversations across channels and what the agent remembers."
      />
      <form
        role="search"
        className="flex max-w-md gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          setSearch(draft.trim());
          setCursors([undefined]);
        }}
      >
        <Input aria-label="Search customers" placeholder="Search by id or attribute value" value={draft} onChange={(e) => setDraft(e.target.value)} />
        <Button type="submit" variant="secondary">
          Search
        </Button>
      </form>
      <QueryView
        query={list}
        isEmpty={(d) => d.customers.length === 0}
        empty={
          <EmptyState icon={<UsersRound />} title={search ? "No customer matches" : "No customers yet"}>
            {search
              ? `Nobody's id or attributes contain “${search}”.`
              : "Customers appear when your server opens a conversation with customer.id, or your site passes a signed identity token to the widget (see the agent's Widget page)."}
          </EmptyState>
        }
      >
        {(data) => (
          <div className="space-y-3">
            <Table data-testid="customers-table">
              <THead>
                <tr>
                  <Th>Customer</Th>
                  <Th>Attributes</Th>
                  <Th>Conversations</Th>
                  <Th>Verified</Th>
                  <Th>Last seen</Th>
                </tr>
              </THead>
              <TBody>
                {data.customers.map((c) => (
                  <tr key={c.id} data-testid="customer-row">
                    <Td>
                      <Link href={`/${workspace}/customers/${c.id}`} className="font-medium text-brand-700 hover:underline">
                        {c.externalId}
                      </Link>
                    </Td>
                    <Td className="max-w-xs truncate text-zinc-600">
                      {Object.entries(c.attributes)
                        .map(([k, v]) => `${k}: ${String(v)}`)
                        .join(" · ")}
                    </Td>
                    <Td>{c.conversations}</Td>
                    <Td>{c.verifiedAt ? <Badge variant="brand">verified</Badge> : <Badge>unverified</Badge>}</Td>
                    <Td className="text-zinc-600">{new Date(c.lastSeenAt).toLocaleString()}</Td>
                  </tr>
                ))}
              </TBody>
            </Table>
            <div className="flex gap-2">
              <Button variant="secondary" size="sm" disabled={cursors.length <= 1} onClick={() => setCursors((cs) => cs.slice(0, -1))}>
                Previous
              </Button>
              <Button variant="secondary" size="sm" disabled={!data.nextCursor} onClick={() => data.nextCursor && setCursors((cs) => [...cs, data.nextCursor!])}>
                Next
              </Button>
            </div>
          </div>
        )}
      </QueryView>
    </div>
  );
}
