"use client";

import { Handle, type NodeProps, Position } from "@xyflow/react";
import { Bot, BookOpen, CircleStop, GitBranch, MessageSquare, ShieldCheck, TextCursorInput, UserRound, Wrench, Zap } from "lucide-react";
import { createContext, memo, useContext } from "react";
import { cn } from "@/components/ui/cn";
import type { JourneyFlowNode } from "@/lib/journey/flow";
import { DEFAULT_HANDLE, hasTarget, sourceHandles, TARGET_HANDLE } from "@/lib/journey/handles";
import { estimateNodeSize } from "@/lib/journey/layout";
import { nodeTitles } from "@/lib/journey/node-defaults";
import type { JourneyNode, JourneyNodeType } from "@/lib/schemas/journey";

/** What every node reads besides its own data; one context so nodes stay memoized on their data. */
export interface NodeOverlay {
  readOnly: boolean;
  errors: Map<string, number>;
  /** Drop-off numbers per node, when the overlay is on. */
  traffic: Map<string, { passed: number; left: number }> | null;
  /** Labels of extra edges per node (imported graphs with labels the type does not offer). */
  edgeLabels: Map<string, string[]>;
}

export const NodeOverlayContext = createContext<NodeOverlay>({ readOnly: true, errors: new Map(), traffic: null, edgeLabels: new Map() });

const icons: Record<JourneyNodeType, typeof Zap> = {
  trigger: Zap,
  message: MessageSquare,
  collect: TextCursorInput,
  tool_call: Wrench,
  policy_check: ShieldCheck,
  condition: GitBranch,
  knowledge_answer: BookOpen,
  ai_step: Bot,
  handoff: UserRound,
  end: CircleStop,
};

const accents: Record<JourneyNodeType, string> = {
  trigger: "border-t-amber-500",
  message: "border-t-sky-500",
  collect: "border-t-violet-500",
  tool_call: "border-t-emerald-600",
  policy_check: "border-t-rose-500",
  condition: "border-t-orange-500",
  knowledge_answer: "border-t-teal-500",
  ai_step: "border-t-fuchsia-500",
  handoff: "border-t-zinc-700",
  end: "border-t-zinc-400",
};

/** The settings a builder wants to see without opening the inspector. */
function summary(node: JourneyNode): string {
  switch (node.type) {
    case "trigger":
      return "Where the journey starts";
    case "message":
      return node.text || "No text yet";
    case "collect":
      return `Fills {{slots.${node.slot.name}}} (${node.slot.type.replace("_", " ")})`;
    case "tool_call":
      return node.tool ? `Calls ${node.tool}${node.resultAs ? ` → result.${node.resultAs}` : ""}` : "No tool selected";
    case "policy_check":
      return node.policy ? `Consults ${node.policy}${node.tool ? ` for ${node.tool}` : ""}` : "No policy selected";
    case "condition":
      return node.branches.map((b) => b.label).join(" · ") || "No branches";
    case "knowledge_answer":
      return node.query ? `Answers: ${node.query}` : "Answers the customer's question";
    case "ai_step":
      return node.instructions || "No instructions yet";
    case "handoff":
      return node.reason;
    case "end":
      return node.outcome === "resolved" ? "Resolved" : "Unresolved";
  }
}

const handleLabels: Record<string, string> = { require_confirmation: "needs confirmation" };

function JourneyNodeView({ id, data, selected }: NodeProps<JourneyFlowNode>) {
  const { readOnly, errors, traffic, edgeLabels } = useContext(NodeOverlayContext);
  const node = data.node;
  const Icon = icons[node.type];
  const extra = edgeLabels.get(id) ?? [];
  const handles = sourceHandles(node, extra.map((label) => ({ id: "", source: id, target: "", label })));
  const labelled = handles.filter((h) => h !== DEFAULT_HANDLE);
  const errorCount = errors.get(id) ?? 0;
  const stats = traffic?.get(id);
  const { width, height } = estimateNodeSize(node, { edges: [] });

  return (
    <div
      data-testid={`node-${id}`}
      data-type={node.type}
      style={{ width, minHeight: height + extra.length * 22 }}
      className={cn(
        "relative flex flex-col rounded-lg border border-t-4 border-zinc-300 bg-white text-left shadow-sm",
        accents[node.type],
        selected && "ring-2 ring-brand-500",
        errorCount > 0 && "border-x-red-300 border-b-red-300",
      )}
    >
      {hasTarget(node.type) ? (
        <Handle type="target" position={Position.Top} id={TARGET_HANDLE} isConnectable={!readOnly} data-testid={`handle-${id}-${TARGET_HANDLE}`} className="!size-3 !bg-zinc-500" />
      ) : null}
      <div className="flex items-center gap-1.5 px-3 pt-2 text-[11px] font-medium tracking-wide text-zinc-500 uppercase">
        <Icon className="size-3.5" />
        {nodeTitles[node.type]}
        {errorCount > 0 ? (
          <span className="ml-auto rounded-full bg-red-100 px-1.5 text-[10px] text-red-700" title={`${errorCount} problem(s)`}>
            {errorCount}
          </span>
        ) : null}
      </div>
      <div className="truncate px-3 text-sm font-semibold text-zinc-900">{node.label ?? node.id}</div>
      <div className="line-clamp-2 px-3 pb-2 text-xs text-zinc-600">{summary(node)}</div>
      {labelled.length ? (
        <div className="border-t border-zinc-100 py-1">
          {labelled.map((h) => (
            <div key={h} className="relative pr-4 text-right text-[11px] leading-[22px] text-zinc-600">
              {handleLabels[h] ?? h}
              <Handle type="source" position={Position.Right} id={h} isConnectable={!readOnly} data-testid={`handle-${id}-${h}`} className="!size-3 !bg-brand-600" />
            </div>
          ))}
        </div>
      ) : null}
      {handles.includes(DEFAULT_HANDLE) ? (
        <Handle type="source" position={Position.Bottom} id={DEFAULT_HANDLE} isConnectable={!readOnly} data-testid={`handle-${id}-${DEFAULT_HANDLE}`} className="!size-3 !bg-brand-600" />
      ) : null}
      {stats ? (
        <div data-testid={`traffic-${id}`} className="absolute -top-3 right-2 rounded-full bg-zinc-900 px-2 py-0.5 text-[10px] font-medium text-white">
          {stats.passed} passed{stats.left && node.type !== "end" && node.type !== "handoff" ? ` · ${stats.left} left here` : ""}
        </div>
      ) : null}
    </div>
  );
}

const NodeView = memo(JourneyNodeView);

// Defined once, outside any component: React Flow re-mounts every node when nodeTypes changes identity.
export const nodeTypes: Record<JourneyNodeType, typeof NodeView> = {
  trigger: NodeView,
  message: NodeView,
  collect: NodeView,
  tool_call: NodeView,
  policy_check: NodeView,
  condition: NodeView,
  knowledge_answer: NodeView,
  ai_step: NodeView,
  handoff: NodeView,
  end: NodeView,
};
