"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowDown, ArrowUp, Braces, ChevronRight, Plus, Trash2 } from "lucide-react";
import Link from "next/link";
import { Collapsible } from "radix-ui";
import { useMemo, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { notify } from "@/components/ui/toaster";
import { diffPolicy } from "@/lib/policy/diff";
import { computedFactTypes } from "@/lib/policy/computed-facts";
import { toExpression } from "@/lib/policy/expression";
import { decisionLabels } from "@/lib/policy/operators";
import { describeDefault, describeRule } from "@/lib/policy/render";
import { type Condition, type Decision, decisions, type Policy, type Rule } from "@/lib/schemas/policy";
import { errorMessage } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";
import { ComputedFacts } from "./computed-facts";
import { ConditionBuilder, type FactOption, newComparison, typeOfFact } from "./condition-builder";
import { PolicyDiff } from "./policy-diff";
import { RevisionHistory } from "./revision-history";
import { PolicyTests } from "./policy-tests";
import { TestBench } from "./test-bench";

export type PolicyDraft = Pick<Policy, "key" | "name" | "facts" | "rules" | "defaultDecision">;

export function PolicyEditor({ workspace, agent, policyKey }: { workspace: string; agent: string; policyKey: string }) {
  const trpc = useTRPC();
  const policy = useQuery(trpc.policies.get.queryOptions({ workspace, agent, key: policyKey }));
  const facts = useQuery(trpc.policies.facts.queryOptions({ workspace, agent }));
  if (policy.isPending || facts.isPending) return <div className="h-64 animate-pulse rounded-card bg-zinc-100" aria-busy="true" />;
  if (policy.isError) return <FormError>{errorMessage(policy.error)}</FormError>;
  if (facts.isError) return <FormError>{errorMessage(facts.error)}</FormError>;
  return <LoadedEditor key={policy.data.revision} workspace={workspace} agent={agent} saved={policy.data} facts={facts.data} />;
}

interface Saved {
  key: string;
  name: string;
  revision: number;
  definition: Policy;
  revisions: { revision: number; definition: Policy; createdAt: Date; author: string | null }[];
}

function LoadedEditor({ workspace, agent, saved, facts: agentFacts }: { workspace: string; agent: string; saved: Saved; facts: FactOption[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const can = useCan(workspace);
  const editable = can("policies:write");
  const [draft, setDraft] = useState<PolicyDraft>(() => ({
    key: saved.key,
    name: saved.name,
    facts: saved.definition.facts ?? [],
    rules: saved.definition.rules,
    defaultDecision: saved.definition.defaultDecision,
  }));
  // The rules may use the agent's facts and this policy's computed facts (typed from their expressions and tables' values).
  const computed = useMemo(() => computedFactTypes(draft.facts ?? [], agentFacts), [draft.facts, agentFacts]);
  const computedFacts = useMemo<FactOption[]>(() => computed.types.map((f) => ({ ...f, description: "Computed by this policy", derived: true })), [computed.types]);
  const facts = useMemo<FactOption[]>(() => [...agentFacts, ...computedFacts], [agentFacts, computedFacts]);
  const typeOf = useMemo(() => (fact: string) => facts.find((f) => f.name === fact)?.type, [facts]);
  const unsaved = useMemo(() => diffPolicy({ ...saved.definition, name: saved.name }, draft, typeOf), [saved, draft, typeOf]);
  // Which rules show their form: collapsed to a one-line summary until asked, so a long policy stays short.
  // Kept beside the rules (moved, added and removed with them) because a rule's id is itself editable.
  const [open, setOpen] = useState<boolean[]>(() => saved.definition.rules.map(() => false));

  const save = useMutation(
    trpc.policies.save.mutationOptions({
      onError: (e) => notify.failure(e, "The policy was not saved"),
      onSuccess: (p) =>
        Promise.all([
          notify.success("Policy saved", `${saved.name} is now at revision ${p.revision}; the next turn uses it.`),
          queryClient.invalidateQueries({ queryKey: trpc.policies.get.queryKey({ workspace, agent, key: saved.key }) }),
          queryClient.invalidateQueries({ queryKey: trpc.policies.list.queryKey() }),
        ]),
    }),
  );

  const setRule = (i: number, rule: Rule) => setDraft((d) => ({ ...d, rules: d.rules.map((r, j) => (j === i ? rule : r)) }));
  const swap = <T,>(list: T[], i: number, j: number) => {
    const out = [...list];
    [out[i], out[j]] = [out[j]!, out[i]!];
    return out;
  };
  const move = (i: number, by: -1 | 1) => {
    setDraft((d) => ({ ...d, rules: swap(d.rules, i, i + by) }));
    setOpen((o) => swap(o, i, i + by));
  };
  const [removing, setRemoving] = useState<number | null>(null);
  const remove = (i: number) => {
    setDraft((d) => ({ ...d, rules: d.rules.filter((_, j) => j !== i) }));
    setOpen((o) => o.filter((_, j) => j !== i));
  };
  const discard = () => {
    setDraft({ key: saved.key, name: saved.name, facts: saved.definition.facts ?? [], rules: saved.definition.rules, defaultDecision: saved.definition.defaultDecision });
    setOpen(saved.definition.rules.map(() => false));
  };
  const allOpen = open.length > 0 && open.every(Boolean);
  const addRule = () => {
    setOpen((o) => [...o, true]);
    setDraft((d) => {
      let n = d.rules.length + 1;
      while (d.rules.some((r) => r.id === `rule-${n}`)) n++;
      return { ...d, rules: [...d.rules, { id: `rule-${n}`, description: "", when: newComparison(facts), decision: "deny", reason: "" }] };
    });
  };

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <Link href={`/${workspace}/agents/${agent}/policies`} className="text-sm text-zinc-500 hover:text-zinc-800">
            ← Policies
          </Link>
          <h1 className="text-xl font-semibold tracking-tight">{saved.name}</h1>
          <p className="text-sm text-zinc-500">
            <code>{saved.key}</code> · revision <span data-testid="policy-revision">{saved.revision}</span> · rules are checked top to bottom; the first that matches decides.
          </p>
        </div>
        {editable ? (
          <div className="flex items-center gap-2">
            {unsaved.length ? <Badge>{unsaved.length} unsaved change{unsaved.length === 1 ? "" : "s"}</Badge> : null}
            <Button variant="secondary" disabled={!unsaved.length || save.isPending} onClick={discard}>
              Discard
            </Button>
            <Button disabled={!unsaved.length || save.isPending} onClick={() => save.mutate({ workspace, agent, ...clean(draft), baseRevision: saved.revision })}>
              {save.isPending ? "Saving…" : "Save policy"}
            </Button>
          </div>
        ) : null}
      </div>

      <FormField label="Policy name">{(p) => <Input {...p} value={draft.name} disabled={!editable} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />}</FormField>

      <ComputedFacts facts={draft.facts ?? []} problem={computed.problem} agentFacts={agentFacts} computedFacts={computedFacts} editable={editable} onChange={(next) => setDraft({ ...draft, facts: next })} />

      <div className="flex items-center justify-between gap-2">
        <h2 className="text-sm font-semibold text-zinc-800">
          Rules <span className="font-normal text-zinc-500">({draft.rules.length})</span>
        </h2>
        <Button variant="ghost" size="sm" onClick={() => setOpen(draft.rules.map(() => !allOpen))}>
          {allOpen ? "Collapse all rules" : "Expand all rules"}
        </Button>
      </div>
      <ol className="space-y-2" data-testid="rule-list">
        {draft.rules.map((rule, i) => (
          <RuleCard
            key={i}
            index={i}
            rule={rule}
            facts={facts}
            typeOf={typeOf}
            editable={editable}
            count={draft.rules.length}
            open={open[i] ?? false}
            onOpenChange={(o) => setOpen((all) => draft.rules.map((_, j) => (j === i ? o : (all[j] ?? false))))}
            onChange={(r) => setRule(i, r)}
            onMove={(by) => move(i, by)}
            onRemove={() => setRemoving(i)}
          />
        ))}
      </ol>
      {editable ? (
        <Button variant="secondary" onClick={addRule}>
          <Plus /> Add rule
        </Button>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle>When no rule matches</CardTitle>
          <CardDescription>{describeDefault(draft)}</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4 sm:grid-cols-[14rem_1fr]">
          <FormField label="Default decision">
            {(p) => (
              <DecisionSelect {...p} value={draft.defaultDecision.decision} disabled={!editable} onChange={(decision) => setDraft({ ...draft, defaultDecision: { ...draft.defaultDecision, decision } })} />
            )}
          </FormField>
          <FormField label="Default reason">
            {(p) => <Input {...p} value={draft.defaultDecision.reason} disabled={!editable} onChange={(e) => setDraft({ ...draft, defaultDecision: { ...draft.defaultDecision, reason: e.target.value } })} />}
          </FormField>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Unsaved changes</CardTitle>
          <CardDescription>Against the last saved revision ({saved.revision}).</CardDescription>
        </CardHeader>
        <CardContent data-testid="unsaved-diff">
          <PolicyDiff changes={unsaved} empty="Nothing changed since the last save." />
        </CardContent>
      </Card>
      <RevisionHistory revisions={saved.revisions} typeOf={typeOf} />

      <ConfirmDialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        title={`Delete rule ${removing !== null ? (draft.rules[removing]?.id ?? "") : ""}?`}
        description="It leaves the draft now and the policy when you save; Discard brings it back until then."
        confirmLabel="Delete rule"
        onConfirm={() => {
          if (removing !== null) remove(removing);
          setRemoving(null);
        }}
      />
      <TestBench workspace={workspace} agent={agent} draft={clean(draft)} facts={facts} />
      <PolicyTests workspace={workspace} agent={agent} policyKey={saved.key} />
    </div>
  );
}

// Blank obligation lines are typing in progress, not content.
function clean(draft: PolicyDraft): PolicyDraft {
  return { ...draft, rules: draft.rules.map((r) => ({ ...r, conditions: r.conditions?.map((c) => c.trim()).filter(Boolean) })) };
}

function DecisionSelect({ value, onChange, ...props }: { value: Decision; onChange: (d: Decision) => void } & Omit<React.ComponentProps<"select">, "value" | "onChange">) {
  return (
    <Select {...props} value={value} onChange={(e) => onChange(e.target.value as Decision)}>
      {decisions.map((d) => (
        <option key={d} value={d}>
          {decisionLabels[d]}
        </option>
      ))}
    </Select>
  );
}

interface RuleCardProps {
  index: number;
  rule: Rule;
  facts: FactOption[];
  typeOf: (fact: string) => ReturnType<typeof typeOfFact> | undefined;
  editable: boolean;
  count: number;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onChange: (r: Rule) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}

function RuleCard({ index, rule, facts, typeOf, editable, count, open, onOpenChange, onChange, onMove, onRemove }: RuleCardProps) {
  const label = `Rule ${index + 1}`;
  const isGroup = "all" in rule.when || "any" in rule.when;
  const addAnd = () => onChange({ ...rule, when: { all: [rule.when, newComparison(facts)] } as Condition });
  return (
    <Collapsible.Root asChild open={open} onOpenChange={onOpenChange}>
    <li className="rounded-card border border-zinc-200 bg-white shadow-sm" data-testid="rule-card" data-rule-id={rule.id} data-state={open ? "open" : "closed"}>
      <div className="flex flex-wrap items-center gap-2 px-4 py-2">
        <Collapsible.Trigger asChild>
          <button
            type="button"
            aria-label={`${open ? "Collapse" : "Expand"} ${label} (${rule.id})`}
            className="flex min-w-0 flex-1 items-start gap-2 rounded-md text-left focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-zinc-900"
          >
            <ChevronRight aria-hidden className={`mt-0.5 size-4 shrink-0 text-zinc-500 transition-transform ${open ? "rotate-90" : ""}`} />
            <span className="text-xs font-semibold leading-5 text-zinc-500">{index + 1}</span>
            <span className="min-w-0 flex-1">
              <span className="block text-sm font-medium text-zinc-900" data-testid="rule-summary">
                {describeRule(rule, typeOf)}
              </span>
              <span className="block truncate text-xs text-zinc-500" data-testid="rule-guard">
                <code>{rule.id}</code>
                {rule.description ? ` · ${rule.description}` : ""}
              </span>
            </span>
          </button>
        </Collapsible.Trigger>
        {editable ? (
          <div className="flex items-center gap-1">
            <Button variant="ghost" size="icon" aria-label={`Move ${label} up`} disabled={index === 0} onClick={() => onMove(-1)}>
              <ArrowUp />
            </Button>
            <Button variant="ghost" size="icon" aria-label={`Move ${label} down`} disabled={index === count - 1} onClick={() => onMove(1)}>
              <ArrowDown />
            </Button>
            <Button variant="ghost" size="icon" aria-label={`Delete ${label}`} onClick={onRemove}>
              <Trash2 />
            </Button>
          </div>
        ) : null}
      </div>
      <Collapsible.Content asChild>
      <fieldset disabled={!editable} className="grid gap-3 border-t border-zinc-100 px-4 py-3 md:grid-cols-[12rem_1fr]">
        <FormField label={`${label} id`}>{(p) => <Input {...p} value={rule.id} onChange={(e) => onChange({ ...rule, id: e.target.value })} />}</FormField>
        <FormField label={`${label} description`}>{(p) => <Input {...p} value={rule.description ?? ""} onChange={(e) => onChange({ ...rule, description: e.target.value })} />}</FormField>
        <div className="space-y-1.5 md:col-span-2">
          <p className="text-sm font-medium text-zinc-800">When</p>
          <ConditionBuilder value={rule.when} onChange={(when) => onChange({ ...rule, when })} facts={facts} label={label} />
          <div className="flex flex-wrap gap-1">
            {!isGroup ? (
              <Button variant="ghost" size="sm" onClick={addAnd}>
                <Plus /> And another condition
              </Button>
            ) : null}
            {!("expr" in rule.when) ? (
              // The whole condition as one expression, saying the same where it can (else an empty one).
              <Button variant="ghost" size="sm" onClick={() => onChange({ ...rule, when: { expr: toExpression(rule.when, typeOf, (list) => facts.find((f) => f.name === list)?.fields) ?? "" } })}>
                <Braces /> Write as an expression
              </Button>
            ) : null}
          </div>
        </div>
        <FormField label={`${label} decision`}>{(p) => <DecisionSelect {...p} value={rule.decision} onChange={(decision) => onChange({ ...rule, decision })} />}</FormField>
        <FormField label={`${label} reason`} hint="What the customer is told.">
          {(p) => <Input {...p} value={rule.reason} onChange={(e) => onChange({ ...rule, reason: e.target.value })} />}
        </FormField>
        <div className="md:col-span-2">
          <FormField label={`${label} conditions attached to the decision`} hint="One per line, e.g. “Refund goes to the original payment method”.">
            {(p) => (
              <Textarea
                {...p}
                rows={2}
                value={(rule.conditions ?? []).join("\n")}
                onChange={(e) => {
                  const lines = e.target.value.split("\n");
                  onChange({ ...rule, conditions: lines.some((l) => l.trim()) ? lines : undefined });
                }}
              />
            )}
          </FormField>
        </div>
      </fieldset>
      </Collapsible.Content>
    </li>
    </Collapsible.Root>
  );
}
