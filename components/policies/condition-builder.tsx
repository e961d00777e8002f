"use client";

import { ArrowDownUp, Braces, Plus, Trash2 } from "lucide-react";
import { useId, useMemo, useRef } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { checkExpression, MAX_EXPRESSION_LENGTH, positionText } from "@/lib/policy/expression";
import { defaultValue, operatorLabel, operatorsFor, valueKind } from "@/lib/policy/operators";
import { describeExpression } from "@/lib/policy/render";
import type { Comparison, Condition, ExpressionCondition, FactType, Operator } from "@/lib/schemas/policy";
import { factTypes } from "@/lib/schemas/policy";

export interface FactOption {
  name: string;
  type: FactType;
  description: string;
  derived: boolean;
}

interface Props {
  value: Condition;
  onChange: (next: Condition) => void;
  facts: FactOption[];
  onRemove?: () => void;
  depth?: number;
  label: string;
}

const CUSTOM = "__custom__";

export function typeOfFact(facts: FactOption[], c: Comparison): FactType {
  const known = facts.find((f) => f.name === c.fact)?.type;
  if (known) return known;
  if (c.op.startsWith("days_since_")) return "date";
  if (typeof c.value === "number") return "number";
  if (typeof c.value === "boolean") return "boolean";
  return "string";
}

/** One node of a rule's condition: a comparison, an all/any group, or a negation of either. */
export function ConditionBuilder({ value, onChange, facts, onRemove, depth = 0, label }: Props) {
  if ("not" in value) {
    return (
      <div className="rounded-md border border-amber-200 bg-amber-50/50 p-2" data-testid="condition-not">
        <div className="mb-1 flex items-center gap-2 text-xs font-semibold tracking-wide text-amber-800 uppercase">
          Not
          <Button variant="ghost" size="sm" className="h-6 px-2 text-xs" onClick={() => onChange(value.not)}>
            Remove “not”
          </Button>
        </div>
        <ConditionBuilder value={value.not} onChange={(c) => onChange({ not: c })} facts={facts} onRemove={onRemove} depth={depth + 1} label={label} />
      </div>
    );
  }
  if ("all" in value || "any" in value) {
    const mode = "all" in value ? "all" : "any";
    const children = "all" in value ? value.all : value.any;
    const set = (next: Condition[]) => onChange(mode === "all" ? { all: next } : { any: next });
    return (
      <div className="space-y-2 rounded-md border border-zinc-200 bg-zinc-50/60 p-2" data-testid="condition-group">
        <div className="flex flex-wrap items-center gap-2">
          <Select aria-label={`${label}: match`} className="h-8 w-44" value={mode} onChange={(e) => onChange(e.target.value === "all" ? { all: children } : { any: children })}>
            <option value="all">All of these hold</option>
            <option value="any">Any of these holds</option>
          </Select>
          <Button variant="ghost" size="sm" onClick={() => set([...children, newComparison(facts)])}>
            <Plus /> Condition
          </Button>
          {depth < 3 ? (
            <Button variant="ghost" size="sm" onClick={() => set([...children, { any: [newComparison(facts)] }])}>
              <Plus /> Group
            </Button>
          ) : null}
          <Button variant="ghost" size="sm" onClick={() => set([...children, { expr: "" }])}>
            <Plus /> Expression
          </Button>
          <Button variant="ghost" size="sm" onClick={() => onChange({ not: value })}>
            Negate
          </Button>
          {onRemove ? (
            <Button variant="ghost" size="sm" aria-label={`${label}: remove group`} onClick={onRemove}>
              <Trash2 />
            </Button>
          ) : null}
        </div>
        {children.length === 0 ? <p className="px-1 text-xs text-zinc-500">{mode === "all" ? "No conditions: always holds." : "No conditions: never holds."}</p> : null}
        {children.map((child, i) => (
          <ConditionBuilder
            key={i}
            value={child}
            facts={facts}
            depth={depth + 1}
            label={`${label}.${i + 1}`}
            onChange={(c) => set(children.map((x, j) => (j === i ? c : x)))}
            onRemove={() => set(children.filter((_, j) => j !== i))}
          />
        ))}
      </div>
    );
  }
  if ("expr" in value) return <ExpressionRow value={value} onChange={onChange} facts={facts} onRemove={onRemove} label={label} />;
  return <ComparisonRow value={value} onChange={onChange} facts={facts} onRemove={onRemove} label={label} />;
}

/**
 * A condition written as a CEL expression: checked against the agent's facts as it is typed (the problem
 * shown at its place), read back in plain language, with the facts to insert at the cursor.
 */
function ExpressionRow({ value, onChange, facts, onRemove, label }: { value: ExpressionCondition } & Omit<Props, "value" | "depth">) {
  const problem = useMemo(() => checkExpression(value.expr, facts), [value.expr, facts]);
  const field = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  const insert = (name: string) => {
    const el = field.current;
    const at = el?.selectionStart ?? value.expr.length;
    const end = el?.selectionEnd ?? at;
    onChange({ expr: `${value.expr.slice(0, at)}${name}${value.expr.slice(end)}` });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + name.length, at + name.length);
    });
  };
  return (
    <div className="space-y-1.5 rounded-md bg-white p-1" data-testid="condition-expression" data-valid={!problem}>
      <div className="flex items-start gap-2">
        <Braces aria-hidden className="mt-2 size-4 shrink-0 text-zinc-500" />
        <Textarea
          ref={field}
          aria-label={`${label}: expression`}
          aria-invalid={problem ? true : undefined}
          aria-describedby={`${id}-help`}
          rows={2}
          maxLength={MAX_EXPRESSION_LENGTH}
          spellCheck={false}
          className="font-mono text-xs"
          placeholder="request.amount <= order.total && size(order.item_ids) <= 3"
          value={value.expr}
          onChange={(e) => onChange({ expr: e.target.value })}
        />
        <Select aria-label={`${label}: insert a fact`} className="h-8 w-44" value="" onChange={(e) => e.target.value && insert(e.target.value)}>
          <option value="">Insert a fact…</option>
          {facts.map((f) => (
            <option key={f.name} value={f.name} title={f.description}>
              {f.name} ({f.type})
            </option>
          ))}
        </Select>
        <ConditionActions label={label} onNegate={() => onChange({ not: value })} onRemove={onRemove} />
      </div>
      <div id={`${id}-help`} className="pl-6 text-xs">
        {problem ? (
          <p className="text-red-700" data-testid="expression-problem">
            {problem.message} ({positionText(problem)})
            {value.expr ? (
              <code className="mt-1 block whitespace-pre-wrap text-zinc-700">
                {value.expr.slice(0, problem.start)}
                <mark className="rounded-sm bg-red-100 text-red-800">{value.expr.slice(problem.start, Math.max(problem.end, problem.start + 1)) || " "}</mark>
                {value.expr.slice(Math.max(problem.end, problem.start + 1))}
              </code>
            ) : null}
          </p>
        ) : (
          <p className="text-zinc-600" data-testid="expression-reading">
            Reads: {describeExpression(value.expr)}
          </p>
        )}
      </div>
    </div>
  );
}

export function newComparison(facts: FactOption[]): Comparison {
  const fact = facts[0] ?? { name: "order.status", type: "string" as const };
  const op = operatorsFor(fact.type)[0]!;
  return { fact: fact.name, op, value: defaultValue(fact.type, op) as Comparison["value"] };
}

function ComparisonRow({ value, onChange, facts, onRemove, label }: { value: Comparison } & Omit<Props, "value" | "depth">) {
  const type = typeOfFact(facts, value);
  const known = facts.some((f) => f.name === value.fact);
  const ops = operatorsFor(type);
  const setFact = (name: string, t: FactType) => {
    const op = ops.includes(value.op) && t === type ? value.op : operatorsFor(t)[0]!;
    onChange(op === value.op && t === type ? { ...value, fact: name } : withValue({ fact: name, op }, defaultValue(t, op)));
  };
  const setOp = (op: Operator) => onChange(valueKind(type, op) === valueKind(type, value.op) ? { ...value, op } : withValue({ fact: value.fact, op }, defaultValue(type, op)));

  return (
    <div className="flex flex-wrap items-center gap-2 rounded-md bg-white p-1" data-testid="condition-comparison">
      <Select
        aria-label={`${label}: fact`}
        className="h-8 w-64"
        value={known ? value.fact : CUSTOM}
        onChange={(e) => {
          if (e.target.value === CUSTOM) return setFact("custom.fact", "string");
          const f = facts.find((x) => x.name === e.target.value)!;
          setFact(f.name, f.type);
        }}
      >
        {facts.map((f) => (
          <option key={f.name} value={f.name} title={f.description}>
            {f.name} ({f.type})
          </option>
        ))}
        <option value={CUSTOM}>Custom fact…</option>
      </Select>
      {!known ? (
        <>
          <Input aria-label={`${label}: custom fact name`} className="h-8 w-48" value={value.fact} onChange={(e) => onChange({ ...value, fact: e.target.value })} />
          <Select aria-label={`${label}: custom fact type`} className="h-8 w-28" value={type} onChange={(e) => setFact(value.fact, e.target.value as FactType)}>
            {factTypes
              .filter((t) => t !== "object[]") // a custom fact is entered by hand on the bench: scalars and lists of text
              .map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
          </Select>
        </>
      ) : null}
      <Select aria-label={`${label}: operator`} className="h-8 w-52" value={value.op} onChange={(e) => setOp(e.target.value as Operator)}>
        {ops.map((op) => (
          <option key={op} value={op}>
            {operatorLabel(op, type)}
          </option>
        ))}
      </Select>
      <ValueInput type={type} value={value} onChange={onChange} label={label} />
      <ConditionActions label={label} onNegate={() => onChange({ not: value })} onRemove={onRemove} />
    </div>
  );
}

/** Negate or remove one condition (a comparison or an expression). */
function ConditionActions({ label, onNegate, onRemove }: { label: string; onNegate: () => void; onRemove?: () => void }) {
  return (
    <>
      <Button variant="ghost" size="sm" title="Negate" aria-label={`${label}: negate`} onClick={onNegate}>
        <ArrowDownUp /> Not
      </Button>
      {onRemove ? (
        <Button variant="ghost" size="sm" aria-label={`${label}: remove condition`} onClick={onRemove}>
          <Trash2 />
        </Button>
      ) : null}
    </>
  );
}

function withValue(c: Omit<Comparison, "value">, value: unknown): Comparison {
  return value === undefined ? c : { ...c, value: value as Comparison["value"] };
}

function ValueInput({ type, value, onChange, label }: { type: FactType; value: Comparison; onChange: (c: Comparison) => void; label: string }) {
  const kind = valueKind(type, value.op);
  const aria = `${label}: value`;
  switch (kind) {
    case "none":
      return null;
    case "boolean":
      return (
        <Select aria-label={aria} className="h-8 w-24" value={String(value.value)} onChange={(e) => onChange({ ...value, value: e.target.value === "true" })}>
          <option value="true">true</option>
          <option value="false">false</option>
        </Select>
      );
    case "number":
    case "days":
      return (
        <span className="flex items-center gap-1 text-sm text-zinc-600">
          <Input aria-label={aria} type="number" className="h-8 w-24" value={typeof value.value === "number" ? value.value : ""} onChange={(e) => onChange({ ...value, value: Number(e.target.value) })} />
          {kind === "days" ? "days" : null}
        </span>
      );
    case "date":
      return <Input aria-label={aria} type="date" className="h-8 w-40" value={typeof value.value === "string" ? value.value.slice(0, 10) : ""} onChange={(e) => onChange({ ...value, value: e.target.value })} />;
    case "list":
      return (
        <Input
          aria-label={aria}
          className="h-8 w-60"
          placeholder="comma, separated, values"
          defaultValue={Array.isArray(value.value) ? value.value.join(", ") : ""}
          onBlur={(e) => {
            const items = e.target.value.split(",").map((s) => s.trim()).filter(Boolean);
            onChange({ ...value, value: type === "number" ? items.map(Number) : items });
          }}
        />
      );
    default:
      return <Input aria-label={aria} className="h-8 w-48" value={typeof value.value === "string" ? value.value : ""} onChange={(e) => onChange({ ...value, value: e.target.value })} />;
  }
}
