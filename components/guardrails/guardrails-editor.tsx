"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { notify } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/form-errors";
import type { Guardrails } from "@/lib/schemas/guardrails";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";

const lines = (s: string) => s.split("\n").map((l) => l.trim()).filter(Boolean);

export function GuardrailsEditor({ workspace, agent }: { workspace: string; agent: string }) {
  const trpc = useTRPC();
  const saved = useQuery(trpc.settings.guardrails.queryOptions({ workspace, agent }));
  if (saved.isPending) return <div className="h-64 animate-pulse rounded-card bg-zinc-100" />;
  if (saved.isError) return <FormError>{errorMessage(saved.error)}</FormError>;
  return <Loaded workspace={workspace} agent={agent} saved={saved.data} />;
}

function ListField({ label, hint, value, onChange }: { label: string; hint: string; value: string[]; onChange: (v: string[]) => void }) {
  const [text, setText] = useState(value.join("\n"));
  return (
    <FormField label={label} hint={hint}>
      {(p) => (
        <Textarea
          {...p}
          rows={3}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            onChange(lines(e.target.value));
          }}
        />
      )}
    </FormField>
  );
}

function Loaded({ workspace, agent, saved }: { workspace: string; agent: string; saved: Guardrails }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const can = useCan(workspace);
  const editable = can("policies:write");
  const [g, setG] = useState<Guardrails>(saved);
  const esc = g.escalation;
  const setEsc = (patch: Partial<Guardrails["escalation"]>) => setG({ ...g, escalation: { ...esc, ...patch } });
  const save = useMutation(
    trpc.settings.saveGuardrails.mutationOptions({
      onSuccess: async () => {
        notify.success("Guardrails saved", "The next turn uses them.");
        await queryClient.invalidateQueries({ queryKey: trpc.settings.guardrails.queryKey() });
      },
    }),
  );

  return (
    <div className="space-y-6">
      <PageHeader
        title="Guardrails"
        description="Checked on every reply before the customer sees it, and on every message for escalation."
        actions={
          editable ? (
            <Button disabled={save.isPending} onClick={() => save.mutate({ workspace, agent, guardrails: g })}>
              {save.isPending ? "Saving…" : "Save guardrails"}
            </Button>
          ) : null
        }
      />
      <FormError>{save.isError ? errorMessage(save.error) : null}</FormError>

      <fieldset disabled={!editable} className="space-y-6">
        <Card>
          <CardHeader>
            <CardTitle>Replies</CardTitle>
          </CardHeader>
          <CardContent className="grid gap-4 md:grid-cols-2">
            <ListField label="Banned phrases and topics" hint="One per line. A reply containing one is replaced." value={g.bannedPhrases} onChange={(bannedPhrases) => setG({ ...g, bannedPhrases })} />
            <ListField label="Never promise" hint="One per line, e.g. “full refund”. Allowed only when a policy decision of the turn says it." value={g.neverPromise} onChange={(neverPromise) => setG({ ...g, neverPromise })} />
            <div className="space-y-2 md:col-span-2">
              <p className="text-sm font-medium text-zinc-800">Money caps</p>
              <p className="text-xs text-zinc-500">An amount near these words may not exceed the cap unless a tool of this turn returned it (e.g. the policy&apos;s refund maximum).</p>
              {g.caps.map((c, i) => (
                <div key={i} className="flex flex-wrap items-center gap-2">
                  <Input aria-label={`Cap ${i + 1} label`} className="w-44" value={c.label} onChange={(e) => setG({ ...g, caps: g.caps.map((x, j) => (j === i ? { ...x, label: e.target.value } : x)) })} />
                  <Input aria-label={`Cap ${i + 1} keywords`} className="w-64" placeholder="refund, credit" value={c.keywords.join(", ")} onChange={(e) => setG({ ...g, caps: g.caps.map((x, j) => (j === i ? { ...x, keywords: e.target.value.split(",").map((k) => k.trim()).filter(Boolean) } : x)) })} />
                  <span className="text-sm text-zinc-500">at most $</span>
                  <Input aria-label={`Cap ${i + 1} maximum`} type="number" className="w-28" value={c.max} onChange={(e) => setG({ ...g, caps: g.caps.map((x, j) => (j === i ? { ...x, max: Number(e.target.value) } : x)) })} />
                  <Button variant="ghost" size="icon" aria-label={`Remove cap ${i + 1}`} onClick={() => setG({ ...g, caps: g.caps.filter((_, j) => j !== i) })}>
                    <Trash2 />
                  </Button>
                </div>
              ))}
              <Button variant="ghost" size="sm" onClick={() => setG({ ...g, caps: [...g.caps, { label: "Refund", keywords: ["refund"], max: 100 }] })}>
                <Plus /> Cap
              </Button>
            </div>
            <label className="flex items-center gap-2 text-sm md:col-span-2">
              <input type="checkbox" checked={g.maskPii} onChange={(e) => setG({ ...g, maskPii: e.target.checked })} />
              Mask emails, card numbers and phone numbers in stored transcripts
            </label>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Escalate to a person when…</CardTitle>
            <CardDescription>A customer asking for a person always escalates.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4 md:grid-cols-2">
            <ListField label="Trigger phrases" hint="One per line, e.g. “lawyer”, “chargeback”." value={esc.phrases} onChange={(phrases) => setEsc({ phrases })} />
            <div className="grid gap-3 sm:grid-cols-2">
              <FormField label="Sentiment threshold" hint="-1 (very negative) … 1">{(p) => <Input {...p} type="number" step="0.1" min={-1} max={1} value={esc.sentimentThreshold} onChange={(e) => setEsc({ sentimentThreshold: Number(e.target.value) })} />}</FormField>
              <FormField label="Negative messages in a row">{(p) => <Input {...p} type="number" min={1} value={esc.negativeStreak} onChange={(e) => setEsc({ negativeStreak: Number(e.target.value) })} />}</FormField>
              <FormField label="Repeated failures">{(p) => <Input {...p} type="number" min={1} value={esc.repeatedFailures} onChange={(e) => setEsc({ repeatedFailures: Number(e.target.value) })} />}</FormField>
              <FormField label="Messages not understood in a row">{(p) => <Input {...p} type="number" min={1} value={esc.lowConfidenceTurns} onChange={(e) => setEsc({ lowConfidenceTurns: Number(e.target.value) })} />}</FormField>
            </div>
          </CardContent>
        </Card>
      </fieldset>
      <GuardrailTestBox workspace={workspace} guardrails={g} />
    </div>
  );
}

function GuardrailTestBox({ workspace, guardrails }: { workspace: string; guardrails: Guardrails }) {
  const trpc = useTRPC();
  const [check, setCheck] = useState<"output" | "escalation" | "pii">("output");
  const [text, setText] = useState("");
  const [policyText, setPolicyText] = useState("");
  const [failures, setFailures] = useState(0);
  const run = useMutation(trpc.settings.testGuardrails.mutationOptions());
  const r = run.data;
  return (
    <Card data-testid="guardrail-test">
      <CardHeader>
        <CardTitle>Try it</CardTitle>
        <CardDescription>Runs the real checks with the guardrails as edited above.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-3">
        <div className="grid gap-3 sm:grid-cols-[14rem_1fr]">
          <FormField label="Check">
            {(p) => (
              <Select {...p} value={check} onChange={(e) => setCheck(e.target.value as typeof check)}>
                <option value="output">A reply (output guardrails)</option>
                <option value="escalation">A customer message (escalation)</option>
                <option value="pii">Transcript masking</option>
              </Select>
            )}
          </FormField>
          <FormField label="Sample text">{(p) => <Textarea {...p} rows={2} value={text} onChange={(e) => setText(e.target.value)} />}</FormField>
        </div>
        {check === "output" ? <FormField label="What a policy decision said this turn (optional)">{(p) => <Input {...p} value={policyText} onChange={(e) => setPolicyText(e.target.value)} />}</FormField> : null}
        {check === "escalation" ? <FormField label="Failures so far in the conversation">{(p) => <Input {...p} type="number" min={0} value={failures} onChange={(e) => setFailures(Number(e.target.value))} />}</FormField> : null}
        <Button variant="secondary" disabled={!text.trim() || run.isPending} onClick={() => run.mutate({ workspace, guardrails, check, text, policyText, failuresSoFar: failures })}>
          Check
        </Button>
        <FormError>{run.isError ? errorMessage(run.error) : null}</FormError>
        {r ? (
          <div className="rounded-md bg-zinc-50 p-3 text-sm" data-testid="guardrail-result">
            {r.check === "output" ? (
              r.ok ? (
                <p className="text-emerald-700">Passes: the reply would be sent.</p>
              ) : (
                <>
                  <p className="text-red-700">Blocked: {r.violations.join("; ")}</p>
                  <p className="text-zinc-600">Sent instead: “{r.replacement}”</p>
                </>
              )
            ) : r.check === "escalation" ? (
              <p className={r.escalate ? "text-violet-800" : "text-emerald-700"}>{r.escalate ? `Escalates: ${r.reason}` : "Does not escalate."} (sentiment {JSON.stringify(r.sentiment)})</p>
            ) : (
              <p>Stored as: “{r.masked}”</p>
            )}
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}
