"use client";

import { Background, type Connection, Controls, type Edge, MiniMap, ReactFlow, useNodesInitialized, useReactFlow, useStoreApi } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useCallback, useEffect, useRef } from "react";
import { connectionProblem } from "@/lib/journey/handles";
import { fromFlowEdge, fromFlowNode, type JourneyFlowNode } from "@/lib/journey/flow";
import { NODE_WIDTH } from "@/lib/journey/layout";
import { journeyViewport } from "@/lib/journey/viewport";
import type { JourneyNodeType } from "@/lib/schemas/journey";
import { useCanvas, useCanvasStore } from "./canvas-store";
import { nodeTypes } from "./journey-nodes";

export const PALETTE_MIME = "application/x-switchback-node";

const defaultEdgeOptions = { type: "smoothstep" as const };

/**
 * Fits the journey into the view, down to a readable zoom (journeyViewport): a long journey opens at its
 * trigger and the builder scrolls for the rest. Replaces React Flow's fitView, which shrinks any journey
 * until it all fits.
 */
export function useFitJourney() {
  const flow = useReactFlow<JourneyFlowNode>();
  const rf = useStoreApi<JourneyFlowNode>();
  return useCallback(
    (opts: { duration?: number } = {}) => {
      const nodes = flow.getNodes();
      if (nodes.length === 0) return;
      const { width, height } = rf.getState();
      const trigger = nodes.find((n) => n.type === "trigger");
      const anchorX = trigger ? trigger.position.x + (trigger.measured?.width ?? NODE_WIDTH) / 2 : undefined;
      void flow.setViewport(journeyViewport(flow.getNodesBounds(nodes), width, height, { anchorX }), opts);
    },
    [flow, rf],
  );
}

function isTyping(target: EventTarget | null) {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));
}

/** The React Flow canvas: nodes and edges from the store, typed connections, shortcuts, drop from the palette. */
export function JourneyCanvas({ readOnly, onNotice }: { readOnly: boolean; onNotice: (message: string) => void }) {
  const store = useCanvasStore();
  const nodes = useCanvas((s) => s.nodes);
  const edges = useCanvas((s) => s.edges);
  const flow = useReactFlow();
  const fit = useFitJourney();
  // Fit once, when React Flow has measured the nodes.
  const initialized = useNodesInitialized();
  const fitted = useRef(false);
  useEffect(() => {
    if (!initialized || fitted.current) return;
    fitted.current = true;
    fit();
  }, [initialized, fit]);

  const isValidConnection = useCallback(
    (c: Connection | Edge) => {
      const s = store.getState();
      const graph = { nodes: s.nodes.map(fromFlowNode), edges: s.edges.map(fromFlowEdge) };
      return connectionProblem(graph, c) === null;
    },
    [store],
  );

  // Shortcuts, unless the builder is typing in a field.
  useEffect(() => {
    if (readOnly) return;
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target)) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === "z") {
        e.preventDefault();
        if (e.shiftKey) store.redo();
        else store.undo();
      } else if (mod && key === "y") {
        e.preventDefault();
        store.redo();
      } else if (mod && key === "c") {
        const n = store.copy();
        if (n) onNotice(`Copied ${n} step${n === 1 ? "" : "s"}`);
      } else if (mod && key === "v") {
        e.preventDefault();
        store.paste();
      } else if (mod && key === "a") {
        e.preventDefault();
        store.select(store.getState().nodes.map((n) => n.id));
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [readOnly, store, onNotice]);

  const onDrop = useCallback(
    (e: React.DragEvent) => {
      const type = e.dataTransfer.getData(PALETTE_MIME) as JourneyNodeType;
      if (!type || readOnly) return;
      e.preventDefault();
      store.addNode(type, flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
    },
    [flow, readOnly, store],
  );

  const big = nodes.length > 100;
  return (
    <ReactFlow<JourneyFlowNode>
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      onNodesChange={store.onNodesChange}
      onEdgesChange={store.onEdgesChange}
      onConnect={store.connect}
      isValidConnection={isValidConnection}
      defaultEdgeOptions={defaultEdgeOptions}
      nodesDraggable={!readOnly}
      nodesConnectable={!readOnly}
      edgesReconnectable={false}
      elementsSelectable
      deleteKeyCode={readOnly ? null : ["Delete", "Backspace"]}
      multiSelectionKeyCode={["Control", "Meta", "Shift"]}
      selectionKeyCode="Shift"
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = "move";
      }}
      onDrop={onDrop}
      minZoom={0.1}
      // The wheel scrolls a long journey (pinch or Ctrl+wheel zooms), as in a document.
      panOnScroll
      onlyRenderVisibleElements={big}
      proOptions={{ hideAttribution: true }}
      data-testid="journey-canvas"
    >
      <Background gap={16} />
      <Controls showInteractive={!readOnly} onFitView={() => fit({ duration: 200 })} />
      <MiniMap pannable zoomable nodeStrokeWidth={3} style={{ width: 160, height: 110 }} className="!hidden md:!block" />
    </ReactFlow>
  );
}
