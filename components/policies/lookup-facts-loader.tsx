"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { errorMessage } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";

type Facts = Record<string, unknown>;

/**
 * For a policy bound to the agent's own write tools: run the write's lookups against the brand's backend
 * with sample arguments, as the gate would, and load the facts they give into the bench.
 */
export function LookupFactsLoader({ workspace, agent, policyKey, onFacts }: { workspace: string; agent: string; policyKey: string; onFacts: (facts: Facts) => void }) {
  const trpc = useTRPC();
  const tools = useQuery(trpc.tools.list.queryOptions({ workspace, agent }));
  const writes = (tools.data ?? []).filter((t) => t.definition.kind === "write" && t.definition.policyKey === policyKey && t.definition.factsFrom?.length);
  const [tool, setTool] = useState("");
  const [args, setArgs] = useState("{}");
  const [argsError, setArgsError] = useState<string | null>(null);
  const [customerId, setCustomerId] = useState("");
  const [confirmed, setConfirmed] = useState(false);
  const run = useMutation(trpc.policies.lookupFacts.mutationOptions({ onSuccess: (r) => onFacts(r.facts) }));
  if (writes.length === 0) return null;
  const chosen = tool || writes[0]!.name;

  const send = () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(args);
    } catch {
      return setArgsError('The arguments are not valid JSON, e.g. {"order_id": "A1"}');
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return setArgsError('The arguments must be a JSON object, e.g. {"order_id": "A1"}');
    setArgsError(null);
    run.mutate({ workspace, agent, tool: chosen, args: parsed as Record<string, unknown>, customerId: customerId.trim() || undefined, confirmed });
  };

  return (
    <details className="rounded-md border border-zinc-200 p-3" data-testid="bench-lookups">
      <summary className="cursor-pointer text-sm font-medium">Load facts by running the lookups</summary>
      <p className="mt-2 text-xs text-zinc-500">Calls the write&apos;s read tools on your backend with these arguments, as the gate would; nothing is written.</p>
      <div className="mt-3 grid gap-3 sm:grid-cols-3">
        <FormField label="Write tool">
          {(p) => (
            <Select {...p} value={chosen} onChange={(e) => setTool(e.target.value)}>
              {writes.map((t) => (
                <option key={t.name}>{t.name}</option>
              ))}
            </Select>
          )}
        </FormField>
        <FormField label="Verified customer id" hint="Empty: nobody is verified.">
          {(p) => <Input {...p} value={customerId} onChange={(e) => setCustomerId(e.target.value)} />}
        </FormField>
        <label className="flex items-center gap-2 self-end text-sm">
          <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} /> Customer confirmed
        </label>
        <div className="sm:col-span-3">
          <FormField label="Arguments of the write (JSON)" error={argsError ?? undefined}>
            {(p) => <Textarea {...p} rows={3} className="font-mono text-xs" value={args} onChange={(e) => setArgs(e.target.value)} />}
          </FormField>
        </div>
      </div>
      <Button className="mt-3" variant="secondary" disabled={run.isPending} onClick={send}>
        {run.isPending ? "Running…" : "Run lookups"}
      </Button>
      <FormError>{run.isError ? errorMessage(run.error) : run.data?.unavailable ? `The gate would deny: ${run.data.unavailable}` : null}</FormError>
      {run.data?.lookups.length ? (
        <ul className="mt-3 space-y-1 text-xs" aria-label="Lookups made" data-testid="bench-lookup-calls">
          {run.data.lookups.map((l, i) => (
            <li key={i} className="font-mono">
              {l.tool}({JSON.stringify(l.input)}) → <span className="text-zinc-600">{l.outcome}</span> {JSON.stringify(l.answer).slice(0, 160)}
            </li>
          ))}
        </ul>
      ) : null}
    </details>
  );
}
