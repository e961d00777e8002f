"use client";

import { ChevronRight } from "lucide-react";
import { Fragment, useState } from "react";
import { cn } from "@/components/ui/cn";
import { executionTurn, type ToolExecutionRow, type TraceStep } from "./types";

const typeLabels: Record<string, string> = {
  guardrail: "Guardrail",
  supervisor: "Supervisor",
  route: "Routing",
  node: "Journey node",
  tool: "Tool call",
  policy: "Policy",
  compose: "Reply",
  escalation: "Handoff",
  llm: "Model",
  memory: "Memory",
};

const typeColors: Record<string, string> = {
  guardrail: "bg-sky-50 text-sky-700 ring-sky-200",
  supervisor: "bg-violet-50 text-violet-700 ring-violet-200",
  route: "bg-indigo-50 text-indigo-700 ring-indigo-200",
  node: "bg-zinc-100 text-zinc-700 ring-zinc-200",
  tool: "bg-amber-50 text-amber-800 ring-amber-200",
  policy: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  compose: "bg-brand-50 text-brand-700 ring-brand-100",
  escalation: "bg-orange-50 text-orange-700 ring-orange-200",
  llm: "bg-zinc-100 text-zinc-700 ring-zinc-200",
  memory: "bg-teal-50 text-teal-700 ring-teal-200",
};

const isDenial = (s: TraceStep) => s.type === "policy" && s.decision === "deny";
const isProblem = (s: TraceStep) => isDenial(s) || s.decision === "error" || s.decision === "blocked";

/**
 * Every turn's pipeline steps, grouped by turn, in order. A row summarises the step; clicking it opens
 * the full payload. Policy denials are red with the rule that fired and its reason.
 */
export function TraceTimeline({
  steps,
  toolExecutions = [],
  customerTexts = {},
  className,
}: {
  steps: TraceStep[];
  toolExecutions?: ToolExecutionRow[];
  customerTexts?: Record<number, string>;
  className?: string;
}) {
  const turns = new Map<number, TraceStep[]>();
  for (const s of [...steps].sort((a, b) => a.turn - b.turn || a.seq - b.seq)) turns.set(s.turn, [...(turns.get(s.turn) ?? []), s]);

  if (turns.size === 0) {
    return (
      <p data-testid="trace-empty" className={cn("rounded-card border border-dashed border-zinc-300 p-6 text-center text-sm text-zinc-500", className)}>
        Each turn&apos;s steps appear here: guardrails, routing, journey nodes, tool calls and policy decisions.
      </p>
    );
  }
  return (
    <ol data-testid="trace-timeline" className={cn("flex flex-col gap-4", className)}>
      {[...turns].map(([turn, turnSteps]) => (
        <TurnGroup key={turn} turn={turn} steps={turnSteps} customerText={customerTexts[turn]} executions={toolExecutions.filter((e) => executionTurn(e.idempotencyKey) === turn)} />
      ))}
    </ol>
  );
}

function TurnGroup({ turn, steps, customerText, executions }: { turn: number; steps: TraceStep[]; customerText?: string; executions: ToolExecutionRow[] }) {
  const total = steps.reduce((sum, s) => sum + s.durationMs, 0);
  // Tool rows and ledger rows of one turn line up by tool name, in order.
  const used = new Set<string>();
  const executionFor = (s: TraceStep) => {
    if (s.type !== "tool") return undefined;
    const match = executions.find((e) => e.tool === s.name && !used.has(e.id));
    if (match) used.add(match.id);
    return match;
  };
  return (
    <li data-testid="trace-turn" data-turn={turn} className="rounded-card border border-zinc-200 bg-white">
      <div className="flex items-baseline justify-between gap-2 border-b border-zinc-100 px-3 py-2">
        <p className="min-w-0 truncate text-sm font-medium text-zinc-900">
          Turn {turn}
          {customerText ? <span className="ml-2 font-normal text-zinc-500">“{customerText}”</span> : null}
        </p>
        <span className="shrink-0 text-xs tabular-nums text-zinc-500">{formatMs(total)}</span>
      </div>
      <ol className="divide-y divide-zinc-100">
        {steps.map((s) => (
          <StepRow key={`${s.turn}-${s.seq}`} step={s} execution={executionFor(s)} />
        ))}
      </ol>
    </li>
  );
}

function StepRow({ step, execution }: { step: TraceStep; execution?: ToolExecutionRow }) {
  const [open, setOpen] = useState(false);
  const label = step.type === "guardrail" ? `${step.name === "input" ? "Input" : step.name === "output" ? "Output" : ""} guardrail`.trim() : (typeLabels[step.type] ?? step.type);
  return (
    <li data-testid="trace-step" data-type={step.type} data-decision={step.decision ?? ""} className={cn(isDenial(step) && "bg-red-50")}>
      <button
        type="button"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        className="flex w-full items-start gap-2 px-3 py-2 text-left text-sm hover:bg-zinc-50/80"
      >
        <ChevronRight className={cn("mt-0.5 size-4 shrink-0 text-zinc-500 transition-transform", open && "rotate-90")} />
        <span className={cn("shrink-0 rounded px-1.5 py-0.5 text-[11px] font-medium ring-1", isDenial(step) ? "bg-red-100 text-red-800 ring-red-300" : typeColors[step.type])}>{label}</span>
        <span className="min-w-0 flex-1">
          <span className="font-medium text-zinc-800">{step.name}</span>
          {step.decision ? <Decision step={step} /> : null}
          <Summary step={step} execution={execution} />
        </span>
        <span className="shrink-0 text-xs tabular-nums text-zinc-500">{formatMs(step.durationMs)}</span>
      </button>
      {open ? (
        <pre data-testid="trace-payload" className="mx-3 mb-3 max-h-96 overflow-auto rounded-md bg-zinc-900 p-3 text-xs leading-relaxed text-zinc-100">
          {JSON.stringify(
            { type: step.type, name: step.name, decision: step.decision ?? null, durationMs: round(step.durationMs), input: step.input ?? null, output: step.output ?? null, ...(execution ? { execution } : {}) },
            null,
            2,
          )}
        </pre>
      ) : null}
    </li>
  );
}

function Decision({ step }: { step: TraceStep }) {
  return (
    <span
      className={cn(
        "ml-2 rounded-full px-1.5 py-0.5 text-[11px] font-medium",
        isProblem(step) ? "bg-red-600 text-white" : step.decision === "allow" || step.decision === "pass" || step.decision === "ok" ? "bg-emerald-100 text-emerald-800" : "bg-zinc-100 text-zinc-700",
      )}
    >
      {step.decision}
    </span>
  );
}

function Summary({ step, execution }: { step: TraceStep; execution?: ToolExecutionRow }) {
  const out = (step.output ?? {}) as Record<string, unknown>;
  const lines: React.ReactNode[] = [];
  if (step.type === "policy") {
    const rules = Array.isArray(out.trace) ? (out.trace as { ruleId: string; facts?: Record<string, unknown> }[]) : [];
    const facts = rules.find((r) => r.ruleId === out.ruleId)?.facts;
    lines.push(
      <span key="rule" data-testid={isDenial(step) ? "policy-denial" : "policy-decision"} className={cn(isDenial(step) && "font-medium text-red-800")}>
        rule <code className="font-mono">{String(out.ruleId ?? "default")}</code>
        {out.reason ? <> — {String(out.reason)}</> : null}
      </span>,
    );
    if (facts && Object.keys(facts).length) lines.push(<span key="facts">facts read: {inline(facts)}</span>);
  } else if (step.type === "route" && Array.isArray(step.output)) {
    // Traces stored before scores carried the journey's name show the id's prefix.
    const scores = step.output as { id: string; name?: string; score: number }[];
    lines.push(<span key="scores" data-testid="routing-scores">scores: {scores.map((s) => `${s.name ?? s.id.slice(0, 8)} ${s.score.toFixed(2)}`).join(", ") || "none"}</span>);
  } else if (step.type === "route" && out.slots) {
    lines.push(<span key="slots">slots: {inline(out.slots)}</span>);
  } else if (step.type === "node") {
    const kind = out.kind ? String(out.kind) : "";
    const slots = (step.output as { slots?: unknown } | undefined)?.slots;
    if (kind) lines.push(<span key="kind">{kind}{slots ? ` · slots ${inline(slots)}` : ""}</span>);
  } else if (step.type === "tool") {
    lines.push(<span key="args">args {inline(step.input)}</span>);
    if (execution) lines.push(<span key="key" className="font-mono">key {execution.idempotencyKey}</span>);
  } else if (step.type === "guardrail" && step.name === "output") {
    const violations = (step.output as { violations?: string[] } | null)?.violations;
    if (violations?.length) lines.push(<span key="v" className="text-red-700">{violations.join("; ")}</span>);
  } else if (step.type === "compose") {
    lines.push(<span key="text" className="line-clamp-2">{String(out.text ?? "")}</span>);
  } else if (step.type === "supervisor" && out.reason) {
    lines.push(<span key="reason">{String(out.reason)}</span>);
  }
  if (!lines.length) return null;
  return (
    <span className="mt-0.5 flex flex-col gap-0.5 text-xs break-words text-zinc-500">
      {lines.map((l, i) => (
        <Fragment key={i}>{l}</Fragment>
      ))}
    </span>
  );
}

function inline(value: unknown): string {
  const text = JSON.stringify(value) ?? "";
  return text.length > 140 ? `${text.slice(0, 140)}…` : text;
}

const round = (ms: number) => Math.round(ms * 100) / 100;

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
}
