"use client";

import { useQuery } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { useTRPC } from "@/lib/trpc/client";

export interface CustomerSetupValues {
  storeUserId: string | null;
  metadata: Record<string, string>;
}

/** `key=value` per line; blank lines are skipped. */
export function parseMetadata(text: string): { metadata: Record<string, string>; error?: string } {
  const metadata: Record<string, string> = {};
  for (const [i, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (!line) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) return { metadata, error: `Line ${i + 1}: write key=value` };
    metadata[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return { metadata };
}

/** Who the builder plays: a demo store customer (or nobody in particular), the channel and metadata. */
export function CustomerSetup({ workspace, agentId, pending, onStart }: { workspace: string; agentId: string; pending: boolean; onStart: (values: CustomerSetupValues) => void }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const deferred = useDeferredValue(search);
  const [storeUserId, setStoreUserId] = useState("");
  const [metadataText, setMetadataText] = useState("");
  const [error, setError] = useState<string>();
  const users = useQuery({ ...trpc.playground.storeUsers.queryOptions({ workspace, agentId, query: deferred || undefined }), placeholderData: (prev) => prev });

  function start(e: React.FormEvent) {
    e.preventDefault();
    const parsed = parseMetadata(metadataText);
    setError(parsed.error);
    if (!parsed.error) onStart({ storeUserId: storeUserId || null, metadata: parsed.metadata });
  }

  const options = users.data?.users ?? [];
  return (
    <form data-testid="customer-setup" onSubmit={start} className="flex flex-col gap-3">
      <FormField label="Search customers" hint={users.data && !users.data.storeId ? "This agent has no demo store: play an anonymous customer." : "Email, name or user id; up to 20 matches."}>
        {(f) => <Input {...f} type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="e.g. yara.ito" />}
      </FormField>
      <FormField label="Customer">
        {(f) => (
        <Select {...f} value={storeUserId} onChange={(e) => setStoreUserId(e.target.value)}>
          <option value="">None (anonymous)</option>
          {options.map((u) => (
            <option key={u.id} value={u.id}>
              {u.firstName} {u.lastName} · {u.email}
            </option>
          ))}
        </Select>
        )}
      </FormField>
      <FormField label="Channel">
        {(f) => (
          <Select {...f} value="playground" disabled>
            <option value="playground">playground</option>
          </Select>
        )}
      </FormField>
      <FormField label="Metadata" error={error} hint="One key=value per line, e.g. plan=gold">
        {(f) => <Textarea {...f} value={metadataText} onChange={(e) => setMetadataText(e.target.value)} rows={3} className="font-mono text-xs" />}
      </FormField>
      <Button type="submit" disabled={pending}>
        {pending ? "Starting…" : "Start conversation"}
      </Button>
    </form>
  );
}
