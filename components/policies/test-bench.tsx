"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
import { useMemo, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { TBody, THead, Table, Td, Th } from "@/components/ui/table";
import { errorMessage } from "@/lib/form-errors";
import { decisionLabels } from "@/lib/policy/operators";
import { factsReadBy } from "@/lib/policy/expression";
import { type Decision, decisions, type FactType, type PolicyDecision } from "@/lib/schemas/policy";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";
import type { FactOption } from "./condition-builder";
import { LookupFactsLoader } from "./lookup-facts-loader";
import type { PolicyDraft } from "./policy-editor";

type BenchValue = string | number | boolean | string[] | Record<string, unknown>[];
const STORE_WRITES = ["cancel_pending_order", "modify_pending_order_address", "modify_pending_order_payment", "modify_pending_order_items", "modify_user_address", "return_delivered_order_items", "exchange_delivered_order_items"];

export const decisionTone: Record<Decision, string> = {
  allow: "bg-emerald-50 text-emerald-800 ring-1 ring-emerald-200",
  deny: "bg-red-50 text-red-800 ring-1 ring-red-200",
  require_confirmation: "bg-amber-50 text-amber-800 ring-1 ring-amber-200",
  escalate: "bg-violet-50 text-violet-800 ring-1 ring-violet-200",
};

/** Facts in, decision out: the rule that fired and every rule's trace, for the policy as edited (unsaved). */
export function TestBench({ workspace, agent, draft, facts }: { workspace: string; agent: string; draft: PolicyDraft; facts: FactOption[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const can = useCan(workspace);
  // The facts to enter: what the rules and computed facts read, less what the policy computes itself.
  const used = useMemo(() => {
    const computed = new Set((draft.facts ?? []).map((f) => f.name));
    const catalogue = facts.map((f) => f.name).filter((name) => !computed.has(name));
    const conditions = [...draft.rules.map((r) => r.when), ...(draft.facts ?? []).flatMap((f) => ("table" in f ? f.table.rows.map((r) => r.when) : [{ expr: f.expr }]))];
    const read = conditions.flatMap((c) => [...factsReadBy(c, catalogue)]);
    return [...new Set(read)].filter((name) => !computed.has(name));
  }, [draft.rules, draft.facts, facts]);
  const [values, setValues] = useState<Record<string, BenchValue>>({});
  const [extra, setExtra] = useState<string[]>([]);
  const rows = [...new Set([...used, ...extra, ...Object.keys(values)])];
  const typeOf = (name: string): FactType => facts.find((f) => f.name === name)?.type ?? "string";

  const evaluate = useMutation(trpc.policies.evaluate.mutationOptions());
  const load = useMutation(trpc.policies.benchFacts.mutationOptions({ onSuccess: (f) => setValues(f as Record<string, BenchValue>) }));
  const saveTest = useMutation(trpc.policies.createTest.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.policies.tests.queryKey() }) }));
  const result = evaluate.data as PolicyDecision | undefined;

  const [store, setStore] = useState({ tool: STORE_WRITES.includes(draft.key) ? draft.key : "return_delivered_order_items", order: "", items: "", payment: "", reason: "", asCustomer: true, confirmed: false });
  const [test, setTest] = useState<{ name: string; expected: Decision | ""; rule: string }>({ name: "", expected: "", rule: "" });

  // The gate's clock for this run: empty means now.
  const [clock, setClock] = useState<string | undefined>(undefined);
  const run = () => evaluate.mutate({ workspace, agent, policy: draft, facts: values, now: clock });
  const [addName, setAddName] = useState("");

  return (
    <Card data-testid="test-bench">
      <CardHeader>
        <CardTitle>Test bench</CardTitle>
        <CardDescription>Enter facts (or load them from a demo store order) and see what this policy, as edited above, decides. An empty value means the fact is unknown.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-5">
        {can("policies:write") ? (
          <details className="rounded-md border border-zinc-200 p-3" data-testid="bench-load">
            <summary className="cursor-pointer text-sm font-medium">Load facts from the demo store</summary>
            <div className="mt-3 grid gap-3 sm:grid-cols-3">
              <FormField label="Action">
                {(p) => (
                  <Select {...p} value={store.tool} onChange={(e) => setStore({ ...store, tool: e.target.value })}>
                    {STORE_WRITES.map((t) => (
                      <option key={t}>{t}</option>
                    ))}
                  </Select>
                )}
              </FormField>
              <FormField label="Order id">{(p) => <Input {...p} placeholder="#W2378156" value={store.order} onChange={(e) => setStore({ ...store, order: e.target.value })} />}</FormField>
              <FormField label="Item ids">{(p) => <Input {...p} placeholder="comma separated" value={store.items} onChange={(e) => setStore({ ...store, items: e.target.value })} />}</FormField>
              <FormField label="Payment method id">{(p) => <Input {...p} value={store.payment} onChange={(e) => setStore({ ...store, payment: e.target.value })} />}</FormField>
              <FormField label="Reason">{(p) => <Input {...p} value={store.reason} onChange={(e) => setStore({ ...store, reason: e.target.value })} />}</FormField>
              <div className="flex flex-col justify-end gap-1 text-sm">
                <label className="flex items-center gap-2">
                  <input type="checkbox" checked={store.asCustomer} onChange={(e) => setStore({ ...store, asCustomer: e.target.checked })} /> Verified as the order&apos;s customer
                </label>
                <label className="flex items-center gap-2">
                  <input type="checkbox" checked={store.confirmed} onChange={(e) => setStore({ ...store, confirmed: e.target.checked })} /> Customer confirmed
                </label>
              </div>
            </div>
            <FormError>{load.isError ? errorMessage(load.error) : null}</FormError>
            <Button
              className="mt-3"
              variant="secondary"
              disabled={load.isPending}
              onClick={() => {
                const list = (s: string) => s.split(",").map((x) => x.trim()).filter(Boolean);
                const args: Record<string, unknown> = {};
                if (store.order) args.order_id = store.order.trim();
                if (store.items) args.item_ids = list(store.items);
                if (store.payment) args.payment_method_id = store.payment.trim();
                if (store.reason) args.reason = store.reason;
                load.mutate({ workspace, agent, tool: store.tool, args, asCustomer: store.asCustomer, confirmed: store.confirmed });
              }}
            >
              {load.isPending ? "Loading…" : "Load facts"}
            </Button>
          </details>
        ) : null}
        {can("policies:write") ? <LookupFactsLoader workspace={workspace} agent={agent} policyKey={draft.key} onFacts={(f) => setValues(f as Record<string, BenchValue>)} /> : null}

        <div className="space-y-2" data-testid="bench-facts">
          {rows.map((name) => (
            <div key={name} className="flex flex-wrap items-center gap-2" data-testid="bench-fact" data-fact={name}>
              <code className="w-72 truncate text-xs text-zinc-700" title={facts.find((f) => f.name === name)?.description}>
                {name} <span className="text-zinc-500">({typeOf(name)})</span>
              </code>
              <FactValueInput type={typeOf(name)} name={name} value={values[name]} onChange={(v) => setValues((old) => { const next = { ...old }; if (v === undefined) delete next[name]; else next[name] = v; return next; })} />
              {!used.includes(name) ? (
                <Button variant="ghost" size="icon" aria-label={`Remove fact ${name}`} onClick={() => { setExtra(extra.filter((x) => x !== name)); setValues((old) => { const next = { ...old }; delete next[name]; return next; }); }}>
                  <Trash2 />
                </Button>
              ) : null}
            </div>
          ))}
          <div className="flex items-center gap-2">
            <Select aria-label="Add a fact" className="h-8 w-72" value={addName} onChange={(e) => setAddName(e.target.value)}>
              <option value="">Add a fact…</option>
              {facts.filter((f) => !rows.includes(f.name)).map((f) => (
                <option key={f.name} value={f.name}>
                  {f.name}
                </option>
              ))}
            </Select>
            <Button variant="ghost" size="sm" disabled={!addName} onClick={() => { setExtra([...extra, addName]); setAddName(""); }}>
              <Plus /> Add
            </Button>
          </div>
        </div>

        <div className="flex flex-wrap items-center gap-3">
          <Button onClick={run} disabled={evaluate.isPending}>
            {evaluate.isPending ? "Evaluating…" : "Evaluate"}
          </Button>
          <label className="flex items-center gap-2 text-sm text-zinc-700">
            Decide at
            <DateTimeInput label="The gate's clock (empty: now)" value={clock} onChange={setClock} />
          </label>
        </div>
        <FormError>{evaluate.isError ? errorMessage(evaluate.error) : null}</FormError>

        {result ? (
          <div className="space-y-3" data-testid="bench-result" data-decision={result.decision} data-rule={result.ruleId}>
            <div className="flex flex-wrap items-center gap-2 text-sm">
              <span className={`rounded-full px-2.5 py-0.5 text-xs font-semibold ${decisionTone[result.decision]}`}>{decisionLabels[result.decision]}</span>
              <span>
                by rule <code>{result.ruleId}</code>: “{result.reason}”
              </span>
            </div>
            {result.computed ? (
              <p className="font-mono text-xs text-zinc-600" data-testid="bench-computed">
                Computed: {Object.entries(result.computed).map(([k, v]) => `${k} = ${JSON.stringify(v)}${tableRowText(result, k)}`).join("; ")}
              </p>
            ) : null}
            <Table>
              <THead>
                <tr>
                  <Th>Rule</Th>
                  <Th>Matched</Th>
                  <Th>Facts it read</Th>
                </tr>
              </THead>
              <TBody>
                {result.trace.map((t) => (
                  <tr key={t.ruleId} data-testid="bench-trace-row">
                    <Td className="font-mono text-xs">{t.ruleId}</Td>
                    <Td>{t.matched ? <Badge variant="brand">matched</Badge> : <span className="text-zinc-500">no</span>}</Td>
                    <Td className="font-mono text-xs text-zinc-600">{Object.entries(t.facts).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join("; ")}</Td>
                  </tr>
                ))}
              </TBody>
            </Table>
            {can("policies:write") ? (
              <div className="grid gap-3 rounded-md border border-zinc-200 p-3 sm:grid-cols-[1fr_14rem_12rem_auto] sm:items-end" data-testid="save-test">
                <FormField label="Test name">{(p) => <Input {...p} value={test.name} onChange={(e) => setTest({ ...test, name: e.target.value })} />}</FormField>
                <FormField label="Expected decision">
                  {(p) => (
                    <Select {...p} value={test.expected || result.decision} onChange={(e) => setTest({ ...test, expected: e.target.value as Decision })}>
                      {decisions.map((d) => (
                        <option key={d} value={d}>
                          {decisionLabels[d]}
                        </option>
                      ))}
                    </Select>
                  )}
                </FormField>
                <FormField label="Expected rule (optional)">{(p) => <Input {...p} placeholder={result.ruleId} value={test.rule} onChange={(e) => setTest({ ...test, rule: e.target.value })} />}</FormField>
                <Button
                  disabled={saveTest.isPending}
                  onClick={() =>
                    saveTest.mutate(
                      { workspace, agent, policyKey: draft.key, name: test.name, facts: values, expectedDecision: test.expected || result.decision, expectedRuleId: test.rule || undefined },
                      { onSuccess: () => setTest({ name: "", expected: "", rule: "" }) },
                    )
                  }
                >
                  Save as policy test
                </Button>
                <div className="sm:col-span-4">
                  <FormError>{saveTest.isError ? errorMessage(saveTest.error) : null}</FormError>
                  {saveTest.isSuccess ? <p className="text-sm text-emerald-700">Saved. It runs with the agent&apos;s policy tests.</p> : null}
                </div>
              </div>
            ) : null}
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}

/** Which row of a decision table gave its value: " (row 2)", " (otherwise)" or " (no row held)"; empty for an expression. */
function tableRowText(decision: PolicyDecision, name: string): string {
  const row = decision.tableRows?.[name];
  if (row === undefined) return "";
  return row !== null ? ` (row ${row})` : decision.computed?.[name] !== null ? " (otherwise)" : " (no row held)";
}

function FactValueInput({ type, name, value, onChange }: { type: FactType; name: string; value: BenchValue | undefined; onChange: (v: BenchValue | undefined) => void }) {
  const label = `Value of ${name}`;
  if (type === "boolean") {
    return (
      <Select aria-label={label} className="h-8 w-32" value={value === undefined ? "" : String(value)} onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value === "true")}>
        <option value="">unknown</option>
        <option value="true">true</option>
        <option value="false">false</option>
      </Select>
    );
  }
  if (type === "number") {
    return <Input aria-label={label} type="number" className="h-8 w-40" placeholder="unknown" value={typeof value === "number" ? value : ""} onChange={(e) => onChange(e.target.value === "" ? undefined : Number(e.target.value))} />;
  }
  if (type === "date") {
    return <DateTimeInput label={label} value={typeof value === "string" ? value : undefined} onChange={onChange} />;
  }
  if (type === "object[]") return <ObjectListInput label={label} value={Array.isArray(value) ? (value as Record<string, unknown>[]) : undefined} onChange={onChange} />;
  if (type === "string[]") {
    return (
      <Input
        aria-label={label}
        className="h-8 w-72"
        placeholder="unknown (comma separated)"
        value={Array.isArray(value) ? value.join(", ") : ""}
        onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value.split(",").map((s) => s.trim()).filter(Boolean))}
      />
    );
  }
  return <Input aria-label={label} className="h-8 w-72" placeholder="unknown" value={typeof value === "string" ? value : ""} onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value)} />;
}

/** A moment to the minute, in the browser's time zone; sent as ISO 8601 (UTC). */
function DateTimeInput({ label, value, onChange }: { label: string; value: string | undefined; onChange: (v: string | undefined) => void }) {
  const local = (iso: string) => {
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return "";
    return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  };
  return <Input aria-label={label} type="datetime-local" className="h-8 w-56" value={value ? local(value) : ""} onChange={(e) => onChange(e.target.value ? new Date(e.target.value).toISOString() : undefined)} />;
}

/** A list of objects (line items, guests) as JSON; kept as typed until it parses, with what is wrong. */
function ObjectListInput({ label, value, onChange }: { label: string; value: Record<string, unknown>[] | undefined; onChange: (v: BenchValue | undefined) => void }) {
  const [text, setText] = useState(() => (value ? JSON.stringify(value) : ""));
  const [error, setError] = useState<string | null>(null);
  const change = (next: string) => {
    setText(next);
    if (!next.trim()) {
      setError(null);
      return onChange(undefined);
    }
    try {
      const parsed: unknown = JSON.parse(next);
      if (!Array.isArray(parsed) || !parsed.every((x) => x && typeof x === "object" && !Array.isArray(x))) return setError('A list of objects, e.g. [{"sku": "mug", "quantity": 2}]');
      setError(null);
      onChange(parsed as Record<string, unknown>[]);
    } catch {
      setError("Not valid JSON yet");
    }
  };
  return (
    <span className="flex flex-col gap-0.5">
      <Textarea aria-label={label} aria-invalid={error !== null} rows={2} className="w-96 font-mono text-xs" placeholder='unknown, or [{"sku": "mug"}]' value={text} onChange={(e) => change(e.target.value)} />
      {error ? <span className="text-xs text-red-600">{error}</span> : null}
    </span>
  );
}
