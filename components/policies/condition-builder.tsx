"use client";

import { ArrowDownUp, Braces, Plus, Trash2 } from "lucide-react";
import { useId, useMemo, useRef } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { blockKind, blockList, comparableTypes, factComparisonProblem, factOperatorsFor, isListBlock, itemComparisons, itemOperators } from "@/lib/policy/blocks";
import { conditionProblem } from "@/lib/policy/computed-facts";
import { checkExpression, MAX_EXPRESSION_LENGTH, positionText } from "@/lib/policy/expression";
import { defaultValue, operatorLabel, operatorsFor, valueKind } from "@/lib/policy/operators";
import { describeBlock, describeExpression } from "@/lib/policy/render";
import type { Comparison, Condition, ExpressionCondition, FactOperator, FactType, ItemComparison, ItemCondition, ItemField, ListBlock, Operator } from "@/lib/schemas/policy";
import { factOperators, factTypes } from "@/lib/schemas/policy";

export interface FactOption {
  name: string;
  type: FactType;
  description: string;
  derived: boolean;
  /** For a list of objects: its items' fields, when known. */
  fields?: readonly ItemField[];
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
          {lists(facts).length ? (
            <>
              <Button variant="ghost" size="sm" onClick={() => set([...children, newBlock("count", facts)])}>
                <Plus /> Count
              </Button>
              {lists(facts).some((f) => numberFields(f).length) ? (
                <Button variant="ghost" size="sm" onClick={() => set([...children, newBlock("sum", facts)])}>
                  <Plus /> Sum
                </Button>
              ) : null}
              <Button variant="ghost" size="sm" onClick={() => set([...children, newBlock("every", facts)])}>
                <Plus /> Every item
              </Button>
              <Button variant="ghost" size="sm" onClick={() => set([...children, newBlock("some", facts)])}>
                <Plus /> Some item
              </Button>
            </>
          ) : null}
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
  if (isListBlock(value)) return <ListBlockRow value={value} onChange={onChange} facts={facts} onRemove={onRemove} label={label} />;
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

interface ComparisonRowProps {
  value: Comparison;
  onChange: (next: Comparison | Condition) => void;
  /** What the left side picks from: the agent's facts, or an item's fields. */
  facts: FactOption[];
  /** The facts the right side may be (a comparison with another fact); the agent's facts. */
  otherFacts?: FactOption[];
  onRemove?: () => void;
  label: string;
  /** The operators a type offers here (an item's field takes fewer). */
  operatorsOf?: (type: FactType) => readonly Operator[];
  /** The "custom …" option of the left side, or null for none. */
  custom?: string | null;
  /** No "Not" button (an item condition). */
  noNegate?: boolean;
}

function ComparisonRow({ value, onChange, facts, otherFacts = facts, onRemove, label, operatorsOf = operatorsFor, custom = "Custom fact…", noNegate }: ComparisonRowProps) {
  const type = typeOfFact(facts, value);
  const known = facts.some((f) => f.name === value.fact);
  const ops = operatorsOf(type);
  const setFact = (name: string, t: FactType) => {
    const op = ops.includes(value.op) && t === type ? value.op : operatorsOf(t)[0]!;
    onChange(op === value.op && t === type ? { ...value, fact: name } : withValue({ fact: name, op }, defaultValue(t, op)));
  };
  const setOp = (op: Operator) => {
    if (value.valueFact !== undefined && (factOperators as readonly Operator[]).includes(op) && factOperatorsFor(type).includes(op as FactOperator)) return onChange({ ...value, op });
    onChange(valueKind(type, op) === valueKind(type, value.op) && value.valueFact === undefined ? { ...value, op } : withValue({ fact: value.fact, op }, defaultValue(type, op)));
  };
  // Against another fact: offered for scalar facts and the operators that equate or order them.
  const sameType = otherFacts.filter((f) => f.type === type && f.name !== value.fact);
  const canUseFact = comparableTypes.includes(type) && factOperatorsFor(type).includes(value.op as FactOperator) && sameType.length > 0;
  const againstFact = value.valueFact !== undefined;
  const problem = againstFact && otherFacts === facts ? factComparisonProblem(value as Comparison & { valueFact: string }, facts) : null;

  return (
    <div className="flex flex-wrap items-center gap-2 rounded-md bg-white p-1" data-testid="condition-comparison">
      <Select
        aria-label={`${label}: fact`}
        className="h-8 w-64"
        value={known ? value.fact : CUSTOM}
        onChange={(e) => {
          if (e.target.value === CUSTOM) return setFact(custom === "Custom fact…" ? "custom.fact" : "field", "string");
          const f = facts.find((x) => x.name === e.target.value)!;
          setFact(f.name, f.type);
        }}
      >
        {facts.map((f) => (
          <option key={f.name} value={f.name} title={f.description}>
            {f.name} ({f.type})
          </option>
        ))}
        {custom ? <option value={CUSTOM}>{custom}</option> : null}
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
      {canUseFact || againstFact ? (
        <Select
          aria-label={`${label}: compare with`}
          className="h-8 w-28"
          value={againstFact ? "fact" : "value"}
          onChange={(e) => onChange(e.target.value === "fact" ? { fact: value.fact, op: value.op, valueFact: sameType[0]?.name ?? "" } : withValue({ fact: value.fact, op: value.op }, defaultValue(type, value.op)))}
        >
          <option value="value">a value</option>
          <option value="fact">a fact</option>
        </Select>
      ) : null}
      {againstFact ? (
        <Select aria-label={`${label}: other fact`} className="h-8 w-64" value={value.valueFact} onChange={(e) => onChange({ ...value, valueFact: e.target.value })}>
          {sameType.some((f) => f.name === value.valueFact) ? null : <option value={value.valueFact}>{value.valueFact}</option>}
          {sameType.map((f) => (
            <option key={f.name} value={f.name} title={f.description}>
              {f.name} ({f.type})
            </option>
          ))}
        </Select>
      ) : (
        <ValueInput type={type} value={value} onChange={onChange} label={label} />
      )}
      {noNegate ? (
        onRemove ? (
          <Button variant="ghost" size="sm" aria-label={`${label}: remove condition`} onClick={onRemove}>
            <Trash2 />
          </Button>
        ) : null
      ) : (
        <ConditionActions label={label} onNegate={() => onChange({ not: value })} onRemove={onRemove} />
      )}
      {problem ? (
        <p className="basis-full pl-1 text-xs text-red-700" data-testid="condition-problem">
          {problem}
        </p>
      ) : null}
    </div>
  );
}

// --- Blocks over a list ------------------------------------------------------------------------------

const lists = (facts: FactOption[]) => facts.filter((f) => f.type === "object[]" || f.type === "string[]");
const numberFields = (list: FactOption | undefined) => (list?.fields ?? []).filter((f) => f.type === "number");
/** The item's own value, for a list of text (its items have no fields). */
const ITEM = "item";

export function newBlock(kind: "count" | "sum" | "every" | "some", facts: FactOption[]): ListBlock {
  const all = lists(facts);
  const list = (kind === "sum" ? all.find((f) => numberFields(f).length) : undefined) ?? all.find((f) => f.type === "object[]") ?? all[0];
  const name = list?.name ?? "order.items";
  const first = newItemComparison(list);
  if (kind === "count") return { count: name, op: "lte", value: 1 };
  if (kind === "sum") return { sum: name, field: numberFields(list)[0]?.name ?? "amount", op: "lte", value: 100 };
  return kind === "every" ? { every: name, where: { all: [first] } } : { some: name, where: { all: [first] } };
}

/** The "facts" an item condition picks from: the items' fields, or the item itself for a list of text. */
function itemOptions(list: FactOption | undefined): FactOption[] {
  if (list?.type === "string[]") return [{ name: ITEM, type: "string", description: "The item itself", derived: true }];
  return (list?.fields ?? []).map((f) => ({ name: f.name, type: f.type, description: `A field of the items of ${list!.name}`, derived: true }));
}

function newItemComparison(list: FactOption | undefined): ItemComparison {
  const first = itemOptions(list)[0] ?? { name: "field", type: "string" as const };
  const op = itemOperators(first.type, { field: list?.type !== "string[]" })[0]!;
  const value = defaultValue(first.type, op);
  return { ...(list?.type === "string[]" ? {} : { field: first.name }), op, ...(value !== undefined ? { value: value as ItemComparison["value"] } : {}) };
}

const kindWords = { count: "The number of items of", sum: "The sum over the items of", every: "Every item of", some: "Some item of" } as const;

/**
 * A block over a list: "the number of items of <list> [where …] <op> <number or fact>", "the sum of
 * <field> over …", "every / some item of <list> has …". Its item conditions are comparison rows over the
 * items' fields; its problem (against the agent's facts) shows at the row.
 */
function ListBlockRow({ value, onChange, facts, onRemove, label }: { value: ListBlock } & Omit<Props, "value" | "depth">) {
  const kind = blockKind(value);
  const listName = blockList(value);
  const list = facts.find((f) => f.name === listName);
  const problem = useMemo(() => conditionProblem(value, facts), [value, facts]);
  const measured = "count" in value || "sum" in value ? value : null;
  // Another list has other fields: its item conditions start again.
  const setList = (name: string) => {
    const next = facts.find((f) => f.name === name);
    const first = newItemComparison(next);
    if ("count" in value) {
      const { where: _, ...rest } = value;
      return onChange({ ...rest, count: name });
    }
    if ("sum" in value) {
      const { where: _, ...rest } = value;
      return onChange({ ...rest, sum: name, field: numberFields(next)[0]?.name ?? value.field });
    }
    return onChange("every" in value ? { every: name, where: { all: [first] } } : { some: name, where: { all: [first] } });
  };
  const setWhere = (where: ItemCondition | undefined) => {
    if (where === undefined && measured) {
      const { where: _, ...rest } = measured;
      return onChange(rest as ListBlock);
    }
    onChange({ ...value, where } as ListBlock);
  };
  const numberFacts = facts.filter((f) => f.type === "number");
  return (
    <div className="space-y-1.5 rounded-md border border-sky-200 bg-sky-50/40 p-2" data-testid="condition-block" data-kind={kind} data-valid={!problem}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-sm text-zinc-700">{kindWords[kind]}</span>
        <Select aria-label={`${label}: list`} className="h-8 w-56" value={listName} onChange={(e) => setList(e.target.value)}>
          {list ? null : <option value={listName}>{listName}</option>}
          {lists(facts).map((f) => (
            <option key={f.name} value={f.name} title={f.description}>
              {f.name} ({f.type})
            </option>
          ))}
        </Select>
        {"sum" in value ? (
          <>
            <span className="text-sm text-zinc-700">summing</span>
            <Select aria-label={`${label}: field to sum`} className="h-8 w-40" value={value.field} onChange={(e) => onChange({ ...value, field: e.target.value })}>
              {numberFields(list).some((f) => f.name === value.field) ? null : <option value={value.field}>{value.field}</option>}
              {numberFields(list).map((f) => (
                <option key={f.name} value={f.name}>
                  {f.name}
                </option>
              ))}
            </Select>
          </>
        ) : null}
        {kind === "every" || kind === "some" ? <span className="text-sm text-zinc-700">has</span> : null}
        <ConditionActions label={label} onNegate={() => onChange({ not: value })} onRemove={onRemove} />
      </div>
      {value.where || kind === "every" || kind === "some" ? (
        <ItemConditions label={label} list={list} where={value.where ?? { all: [] }} otherFacts={facts} onChange={setWhere} optional={measured !== null} />
      ) : (
        <Button variant="ghost" size="sm" onClick={() => setWhere({ all: [newItemComparison(list)] })}>
          <Plus /> Only items where…
        </Button>
      )}
      {measured ? (
        <div className="flex flex-wrap items-center gap-2">
          <span className="text-sm text-zinc-700">{"count" in measured ? "counted" : "summed"},</span>
          <Select aria-label={`${label}: operator`} className="h-8 w-40" value={measured.op} onChange={(e) => onChange({ ...measured, op: e.target.value as FactOperator })}>
            {factOperators.map((op) => (
              <option key={op} value={op}>
                {operatorLabel(op, "number")}
              </option>
            ))}
          </Select>
          <Select
            aria-label={`${label}: compare with`}
            className="h-8 w-28"
            value={measured.valueFact !== undefined ? "fact" : "value"}
            onChange={(e) => {
              const { value: _v, valueFact: _f, ...rest } = measured;
              onChange((e.target.value === "fact" ? { ...rest, valueFact: numberFacts[0]?.name ?? "" } : { ...rest, value: "count" in measured ? 1 : 100 }) as ListBlock);
            }}
          >
            <option value="value">a number</option>
            {numberFacts.length ? <option value="fact">a fact</option> : null}
          </Select>
          {measured.valueFact !== undefined ? (
            <Select aria-label={`${label}: other fact`} className="h-8 w-64" value={measured.valueFact} onChange={(e) => onChange({ ...measured, valueFact: e.target.value })}>
              {numberFacts.some((f) => f.name === measured.valueFact) ? null : <option value={measured.valueFact}>{measured.valueFact}</option>}
              {numberFacts.map((f) => (
                <option key={f.name} value={f.name}>
                  {f.name}
                </option>
              ))}
            </Select>
          ) : (
            <Input aria-label={`${label}: value`} type="number" className="h-8 w-24" value={typeof measured.value === "number" ? measured.value : ""} onChange={(e) => onChange({ ...measured, value: Number(e.target.value) })} />
          )}
        </div>
      ) : null}
      <p className={`pl-1 text-xs ${problem ? "text-red-700" : "text-zinc-600"}`} data-testid={problem ? "block-problem" : "block-reading"}>
        {problem ?? `Reads: ${describeBlock(value)}`}
      </p>
    </div>
  );
}

/** The item conditions of a block: comparison rows over the items' fields, joined by all / any. */
function ItemConditions({ label, list, where, otherFacts, onChange, optional }: { label: string; list: FactOption | undefined; where: ItemCondition; otherFacts: FactOption[]; onChange: (w: ItemCondition | undefined) => void; optional: boolean }) {
  const mode = "all" in where ? "all" : "any";
  const rows = itemComparisons(where);
  const set = (next: ItemComparison[]) => onChange(mode === "all" ? { all: next } : { any: next });
  const options = itemOptions(list);
  const ofText = list?.type === "string[]";
  const asComparison = (i: ItemComparison): Comparison => ({ fact: i.field ?? ITEM, op: i.op, ...(i.value !== undefined ? { value: i.value } : {}), ...(i.valueFact !== undefined ? { valueFact: i.valueFact } : {}) });
  const fromComparison = (c: Comparison): ItemComparison => ({ ...(ofText ? {} : { field: c.fact }), op: c.op, ...(c.value !== undefined ? { value: c.value } : {}), ...(c.valueFact !== undefined ? { valueFact: c.valueFact } : {}) });
  return (
    <div className="space-y-1 border-l-2 border-sky-200 pl-3" data-testid="item-conditions">
      <div className="flex flex-wrap items-center gap-2">
        <Select aria-label={`${label}: items match`} className="h-8 w-56" value={mode} onChange={(e) => onChange(e.target.value === "all" ? { all: rows } : { any: rows })}>
          <option value="all">{optional ? "where all of these hold" : "all of these"}</option>
          <option value="any">{optional ? "where any of these holds" : "any of these"}</option>
        </Select>
        <Button variant="ghost" size="sm" onClick={() => set([...rows, newItemComparison(list)])}>
          <Plus /> Item condition
        </Button>
        {optional ? (
          <Button variant="ghost" size="sm" onClick={() => onChange(undefined)}>
            All items
          </Button>
        ) : null}
      </div>
      {rows.map((row, j) => (
        <ComparisonRow
          key={j}
          label={`${label} item ${j + 1}`}
          value={asComparison(row)}
          facts={options}
          otherFacts={otherFacts}
          custom={list?.type === "object[]" && !list.fields?.length ? "Field name…" : null}
          operatorsOf={(t) => itemOperators(t, { field: !ofText })}
          noNegate
          onChange={(c) => ("fact" in c ? set(rows.map((r, k) => (k === j ? fromComparison(c) : r))) : undefined)}
          onRemove={() => set(rows.filter((_, k) => k !== j))}
        />
      ))}
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
