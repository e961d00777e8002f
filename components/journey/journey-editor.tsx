"use client";

import { useQuery } from "@tanstack/react-query";
import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import { ArrowLeft, BarChart3, Download, FlaskConical, LayoutGrid, Lock, Maximize2, Minimize2, Redo2, Undo2, Upload, Workflow } from "lucide-react";
import Link from "next/link";
import { useCallback, useMemo, useRef, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button, buttonVariants } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { errorCode, errorMessage } from "@/lib/form-errors";
import { exportJourney, parseJourneyImport } from "@/lib/journey/io";
import { computeJourneyIssues, toIssueCatalog } from "@/lib/journey/issues";
import { sourceHandles } from "@/lib/journey/handles";
import { sampleScope } from "@/lib/journey/preview";
import type { JourneyGraph, JourneyIssue, JourneyNodeType } from "@/lib/schemas/journey";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";
import { CanvasStore, CanvasStoreContext, useCanvas, useCanvasStore } from "./canvas-store";
import { Inspector } from "./inspector";
import { JourneyCanvas, useFitJourney } from "./journey-canvas";
import { type NodeOverlay, NodeOverlayContext } from "./journey-nodes";
import { Palette } from "./palette";
import { readLocalDraft, type SaveStatus, useJourneyAutosave } from "./use-autosave";
import { ValidationPanel } from "./validation-panel";

interface Props {
  workspace: string;
  agent: string;
  journeyId: string;
}

export function JourneyEditor({ workspace, agent, journeyId }: Props) {
  const trpc = useTRPC();
  const journey = useQuery({ ...trpc.journeys.get.queryOptions({ workspace, journeyId }), staleTime: Infinity, refetchOnWindowFocus: false });
  const access = useQuery(trpc.workspaces.get.queryOptions({ workspace }));

  if (journey.isPending || access.isPending) return <div className="h-[70vh] animate-pulse rounded-card bg-zinc-100" aria-busy="true" />;
  if (journey.isError) {
    return (
      <EmptyState
        icon={<Workflow />}
        title={errorCode(journey.error) === "NOT_FOUND" ? "Journey not found" : "Could not load this journey"}
        action={
          <Link href={`/${workspace}/agents/${agent}/journeys`} className={buttonVariants({ variant: "secondary" })}>
            Back to journeys
          </Link>
        }
      >
        {errorCode(journey.error) === "NOT_FOUND" ? "It may have been deleted." : errorMessage(journey.error)}
      </EmptyState>
    );
  }
  return (
    <ReactFlowProvider>
      <LoadedEditor key={journey.data.id} workspace={workspace} agent={agent} journey={journey.data} />
    </ReactFlowProvider>
  );
}

interface LoadedJourney {
  id: string;
  name: string;
  enabled: boolean;
  revision: number;
  graph: JourneyGraph;
  issues: JourneyIssue[];
}

function LoadedEditor({ workspace, agent, journey }: { workspace: string; agent: string; journey: LoadedJourney }) {
  const trpc = useTRPC();
  const can = useCan(workspace);
  const readOnly = !can("journeys:write");
  const catalog = useQuery(trpc.journeys.catalog.queryOptions({ workspace, agent }));
  const agentInfo = useQuery(trpc.agents.get.queryOptions({ workspace, agent }));

  // Restore unsaved work from this browser. If the server moved on meanwhile, that is a conflict to resolve.
  const [boot] = useState(() => {
    const local = readOnly ? null : readLocalDraft(journey.id);
    const differs = local && JSON.stringify(local.graph) !== JSON.stringify(journey.graph);
    const store = new CanvasStore(differs ? local.graph : journey.graph);
    const status: SaveStatus = !differs ? "saved" : local.baseRevision === journey.revision ? "unsaved" : "conflict";
    return { store, status, restored: Boolean(differs), serverGraph: differs ? journey.graph : store.getState().history.present };
  });
  const store = boot.store;
  const [, setServerIssues] = useState(journey.issues);
  const autosave = useJourneyAutosave({
    workspace,
    journeyId: journey.id,
    store,
    revision: journey.revision,
    serverGraph: boot.serverGraph,
    initialStatus: boot.status,
    readOnly,
    onIssues: setServerIssues,
  });

  return (
    <CanvasStoreContext.Provider value={store}>
      <EditorBody workspace={workspace} agent={agent} journey={journey} readOnly={readOnly} restored={boot.restored} autosave={autosave} catalog={catalog.data} agentName={agentInfo.data?.persona.agentName} />
    </CanvasStoreContext.Provider>
  );
}

const statusText: Record<SaveStatus, string> = { saved: "All changes saved", unsaved: "Unsaved changes", saving: "Saving…", conflict: "Conflict", error: "Not saved" };
const statusClass: Record<SaveStatus, string> = {
  saved: "text-emerald-700",
  unsaved: "text-zinc-500",
  saving: "text-zinc-500",
  conflict: "text-red-700",
  error: "text-red-700",
};

function EditorBody({
  workspace,
  agent,
  journey,
  readOnly,
  restored,
  autosave,
  catalog,
  agentName,
}: {
  workspace: string;
  agent: string;
  journey: LoadedJourney;
  readOnly: boolean;
  restored: boolean;
  autosave: ReturnType<typeof useJourneyAutosave>;
  catalog: Parameters<typeof Inspector>[0]["catalog"];
  agentName?: string;
}) {
  const trpc = useTRPC();
  const store = useCanvasStore();
  const flow = useReactFlow();
  const fit = useFitJourney();
  const graph = useCanvas((s) => s.history.present);
  const nodes = useCanvas((s) => s.nodes);
  const history = useCanvas((s) => s.history);
  // The canvas needs the room: it opens over the whole window; the toggle shows the studio's frame again.
  const [full, setFull] = useState(true);
  const [showTraffic, setShowTraffic] = useState(false);
  const [notice, setNotice] = useState<string | null>(restored ? "Restored changes from this browser that were not saved yet." : null);
  const [importErrors, setImportErrors] = useState<string[] | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const dropOff = useQuery({ ...trpc.journeys.dropOff.queryOptions({ workspace, journeyId: journey.id }), enabled: showTraffic });

  // Issues are computed live from the canvas; the server computes the same on save and read.
  const issues = useMemo(() => computeJourneyIssues(graph, catalog ? toIssueCatalog(catalog) : undefined), [graph, catalog]);
  const selected = nodes.filter((n) => n.selected);
  const selectedNode = selected.length === 1 ? graph.nodes.find((n) => n.id === selected[0]!.id) : undefined;
  const scope = useMemo(() => sampleScope(graph, agentName), [graph, agentName]);

  const trafficData = dropOff.data;
  const overlay = useMemo<NodeOverlay>(() => {
    const errors = new Map<string, number>();
    for (const i of issues) if (i.nodeId && i.severity === "error") errors.set(i.nodeId, (errors.get(i.nodeId) ?? 0) + 1);
    const edgeLabels = new Map<string, string[]>();
    for (const n of graph.nodes) {
      const standard = new Set(sourceHandles(n));
      const extra = graph.edges.filter((e) => e.source === n.id && e.label && !standard.has(e.label)).map((e) => e.label!);
      if (extra.length) edgeLabels.set(n.id, extra);
    }
    const traffic = showTraffic && trafficData ? new Map(trafficData.nodes.map((t) => [t.nodeId, t])) : null;
    return { readOnly, errors, traffic, edgeLabels };
  }, [issues, graph, showTraffic, trafficData, readOnly]);

  const focusNode = useCallback(
    (id: string) => {
      store.select([id]);
      const n = store.getState().nodes.find((x) => x.id === id);
      if (n) void flow.setCenter(n.position.x + (n.measured?.width ?? 240) / 2, n.position.y + (n.measured?.height ?? 80) / 2, { zoom: 1, duration: 300 });
    },
    [flow, store],
  );

  // In the middle of the view; the store moves it to the nearest free spot so it never hides another step.
  const addAtCenter = (type: JourneyNodeType) => {
    const box = document.querySelector('[data-testid="journey-canvas"]')?.getBoundingClientRect();
    store.addNode(type, box ? flow.screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 }) : { x: 0, y: 0 });
  };

  const onExport = () => {
    const blob = new Blob([exportJourney({ name: journey.name, graph })], { type: "application/json" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = `${journey.name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}.journey.json`;
    a.click();
    URL.revokeObjectURL(a.href);
  };

  const onImport = async (file: File) => {
    const result = parseJourneyImport(await file.text());
    if (!result.ok) return setImportErrors(result.errors);
    store.replaceGraph(result.graph, true);
    setNotice(`Imported ${result.graph.nodes.length} steps from ${file.name}. Undo (Ctrl+Z) brings back the previous version.`);
    requestAnimationFrame(() => fit());
  };

  return (
    <div
      className={cn("flex flex-col gap-2", full ? "fixed inset-0 z-40 bg-zinc-50 p-3" : "h-[calc(100vh-7rem)] min-h-[600px]")}
      data-testid="journey-editor"
      data-read-only={readOnly ? "true" : "false"}
    >
      <div className="flex flex-wrap items-center gap-2">
        <Link href={`/${workspace}/agents/${agent}/journeys`} className="inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-800">
          <ArrowLeft className="size-4" />
          Journeys
        </Link>
        <h1 className="text-lg font-semibold tracking-tight">{journey.name}</h1>
        <Badge>{journey.enabled ? "Enabled" : "Disabled"}</Badge>
        {readOnly ? null : (
          <span data-testid="save-status" data-state={autosave.status} className={cn("text-sm", statusClass[autosave.status])} role="status">
            {statusText[autosave.status]}
          </span>
        )}
        <div className="ml-auto flex flex-wrap items-center gap-1">
          {readOnly ? null : (
            <>
              <Button variant="ghost" size="icon" aria-label="Undo" title="Undo (Ctrl+Z)" disabled={history.past.length === 0} onClick={store.undo}>
                <Undo2 />
              </Button>
              <Button variant="ghost" size="icon" aria-label="Redo" title="Redo (Ctrl+Shift+Z)" disabled={history.future.length === 0} onClick={store.redo}>
                <Redo2 />
              </Button>
              <Button variant="secondary" size="sm" onClick={() => { store.autoLayout(); requestAnimationFrame(() => fit()); }}>
                <LayoutGrid />
                Auto-layout
              </Button>
              <Button variant="secondary" size="sm" onClick={() => fileInput.current?.click()}>
                <Upload />
                Import
              </Button>
              <input ref={fileInput} type="file" accept="application/json,.json" className="hidden" data-testid="import-file" onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ""; if (f) void onImport(f); }} />
            </>
          )}
          <Button variant="secondary" size="sm" onClick={onExport}>
            <Download />
            Export
          </Button>
          <Button variant={showTraffic ? "primary" : "secondary"} size="sm" aria-pressed={showTraffic} onClick={() => setShowTraffic((v) => !v)}>
            <BarChart3 />
            Drop-off
          </Button>
          <Link href={`/${workspace}/agents/${agent}/playground`} className={buttonVariants({ variant: "secondary", size: "sm" })}>
            <FlaskConical />
            Run in playground
          </Link>
          <Button variant="ghost" size="icon" aria-label={full ? "Exit full screen" : "Full screen"} onClick={() => setFull((v) => !v)}>
            {full ? <Minimize2 /> : <Maximize2 />}
          </Button>
        </div>
      </div>

      {autosave.status === "conflict" ? (
        <div role="alert" data-testid="save-conflict" className="flex flex-wrap items-center gap-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          Someone else saved this journey while you were editing. Your changes are kept here and in this browser.
          <Button size="sm" variant="secondary" onClick={() => void autosave.reloadTheirs()}>
            Reload theirs
          </Button>
          <Button size="sm" variant="destructive" onClick={() => void autosave.overwrite()}>
            Overwrite with mine
          </Button>
        </div>
      ) : null}
      {autosave.status === "error" ? (
        <div role="alert" className="flex items-center gap-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          Could not save: {autosave.error} Your changes are kept in this browser.
          <Button size="sm" variant="secondary" onClick={() => void autosave.saveNow()}>
            Try again
          </Button>
        </div>
      ) : null}
      {readOnly ? (
        <p className="flex items-center gap-2 rounded-md border border-zinc-200 bg-zinc-100 px-3 py-2 text-sm text-zinc-600" data-testid="read-only-notice">
          <Lock className="size-4" />
          Your role can view this journey but not change it.
        </p>
      ) : null}
      {notice ? (
        <p className="flex items-center justify-between rounded-md border border-brand-100 bg-brand-50 px-3 py-1.5 text-sm text-brand-700" data-testid="editor-notice">
          {notice}
          <button type="button" className="text-xs underline" onClick={() => setNotice(null)}>
            Dismiss
          </button>
        </p>
      ) : null}
      {showTraffic && dropOff.data ? (
        <p className="text-xs text-zinc-500" data-testid="drop-off-summary">
          {dropOff.data.conversations} conversation{dropOff.data.conversations === 1 ? "" : "s"} entered this journey. Each step shows how many passed through it and how many went no further.
        </p>
      ) : null}

      <div className={cn("grid min-h-0 flex-1 gap-2", readOnly ? "grid-cols-[1fr_20rem]" : "grid-cols-[8.5rem_1fr_20rem]")}>
        {readOnly ? null : (
          <div className="overflow-y-auto">
            <Palette onAdd={addAtCenter} />
          </div>
        )}
        <div className="min-h-0 overflow-hidden rounded-card border border-zinc-200 bg-white">
          <NodeOverlayContext.Provider value={overlay}>
            <JourneyCanvas readOnly={readOnly} onNotice={setNotice} />
          </NodeOverlayContext.Provider>
        </div>
        <aside className="flex min-h-0 flex-col gap-3 overflow-y-auto rounded-card border border-zinc-200 bg-white p-3">
          {selectedNode ? (
            <Inspector
              key={selectedNode.id}
              node={selectedNode}
              graph={graph}
              catalog={catalog}
              issues={issues.filter((i) => i.nodeId === selectedNode.id)}
              readOnly={readOnly}
              scope={scope}
              onChange={(next, field) => store.updateNode(selectedNode.id, next, field)}
              onTrigger={(trigger, field) => store.setTrigger(trigger, field)}
              onConnect={(handle, target) => store.setConnection(selectedNode.id, handle, target)}
            />
          ) : (
            <p className="text-sm text-zinc-500" data-testid="inspector-empty">
              {selected.length > 1 ? `${selected.length} steps selected: Ctrl+C copies them, Delete removes them.` : "Select a step to edit its settings. Drag from a step's dots to connect it to the next one."}
            </p>
          )}
          <div className="mt-auto border-t border-zinc-100 pt-3">
            <ValidationPanel issues={issues} onFocus={focusNode} />
          </div>
        </aside>
      </div>

      <Dialog open={importErrors !== null} onClose={() => setImportErrors(null)} title="This file cannot be imported" description="Nothing was changed. Fix these and try again:">
        <ul className="list-disc space-y-1 pl-5 text-sm text-red-700" data-testid="import-errors">
          {(importErrors ?? []).map((e, i) => (
            <li key={i}>{e}</li>
          ))}
        </ul>
      </Dialog>
    </div>
  );
}
