"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { FormError } from "@/components/ui/form-field";
import { Table, TBody, Td, Th, THead } from "@/components/ui/table";
import { Tabs, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { errorMessage } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";

/** A queue's done and skipped items, latest first, each linking to its conversation. */
export function FinishedItems({ workspace, queueId }: { workspace: string; queueId: string }) {
  const trpc = useTRPC();
  const [status, setStatus] = useState<"done" | "skipped">("done");
  const items = useQuery(trpc.review.queues.items.queryOptions({ workspace, queueId, status }));
  return (
    <section aria-label="Finished items" className="flex flex-col gap-2">
      <div className="flex items-center gap-3">
        <h2 className="text-sm font-semibold text-zinc-900">Finished</h2>
        <Tabs value={status} onValueChange={(v) => setStatus(v === "skipped" ? "skipped" : "done")}>
          <TabsList>
            <TabsTrigger value="done">Done</TabsTrigger>
            <TabsTrigger value="skipped">Skipped</TabsTrigger>
          </TabsList>
        </Tabs>
      </div>
      {items.isError ? (
        <FormError>{errorMessage(items.error)}</FormError>
      ) : !items.data ? (
        <div className="h-16 animate-pulse rounded-card bg-zinc-100" aria-busy="true" />
      ) : items.data.length === 0 ? (
        <p className="text-sm text-zinc-500">No {status} items yet.</p>
      ) : (
        <Table data-testid="finished-items">
          <THead>
            <tr>
              <Th>Finished</Th>
              <Th>By</Th>
              <Th>First message</Th>
            </tr>
          </THead>
          <TBody>
            {items.data.map((i) => (
              <tr key={i.id}>
                <Td className="whitespace-nowrap tabular-nums">
                  <Link href={`/${workspace}/agents/${i.agentSlug}/conversations/${i.conversationId}`} className="text-brand-700 hover:underline">
                    {i.completedAt ? new Date(i.completedAt).toLocaleString() : "—"}
                  </Link>
                </Td>
                <Td>{i.completedBy ?? "Former member"}</Td>
                <Td className="max-w-96 truncate">{i.preview ?? <span className="text-zinc-500">no message</span>}</Td>
              </tr>
            ))}
          </TBody>
        </Table>
      )}
    </section>
  );
}
