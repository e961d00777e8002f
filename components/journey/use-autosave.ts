"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { errorCode, errorMessage } from "@/lib/form-errors";
import type { JourneyGraph, JourneyIssue } from "@/lib/schemas/journey";
import { useTRPC } from "@/lib/trpc/client";
import { type CanvasStore, useStoreSlice } from "./canvas-store";

export type SaveStatus = "saved" | "unsaved" | "saving" | "conflict" | "error";

const AUTOSAVE_MS = 800;

// Unsaved work survives a reload or a crash: kept per journey until the server has it.
export const draftKey = (journeyId: string) => `switchback:journey-draft:${journeyId}`;

export interface LocalDraft {
  baseRevision: number;
  graph: JourneyGraph;
}

export function readLocalDraft(journeyId: string): LocalDraft | null {
  try {
    const raw = window.localStorage.getItem(draftKey(journeyId));
    return raw ? (JSON.parse(raw) as LocalDraft) : null;
  } catch {
    // Private mode or a corrupt entry: there is simply no local draft.
    return null;
  }
}

/**
 * Debounced autosave with optimistic concurrency. A save carries the revision the editor started from;
 * a CONFLICT stops autosaving until the builder chooses: reload theirs, or overwrite with theirs' revision.
 */
export function useJourneyAutosave(opts: {
  workspace: string;
  journeyId: string;
  store: CanvasStore;
  revision: number;
  /** The graph the server holds (differs from the store's when a local draft was restored). */
  serverGraph: JourneyGraph;
  initialStatus: SaveStatus;
  readOnly: boolean;
  onIssues: (issues: JourneyIssue[]) => void;
}) {
  const { workspace, journeyId, store, readOnly, onIssues } = opts;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const save = useMutation(trpc.journeys.save.mutationOptions());
  const present = useStoreSlice(store, (s) => s.history.present);
  const [status, setStatusState] = useState<SaveStatus>(opts.initialStatus);
  const [error, setError] = useState<string | null>(null);
  const revision = useRef(opts.revision);
  const saved = useRef<JourneyGraph>(opts.serverGraph);
  const inFlight = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // A save that finishes while newer edits wait schedules the next one through this ref.
  const again = useRef<() => void>(() => {});
  const statusRef = useRef(opts.initialStatus);
  const setStatus = useCallback((next: SaveStatus) => {
    statusRef.current = next;
    setStatusState(next);
  }, []);

  const run = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    if (inFlight.current || readOnly) return;
    const graph = store.getState().history.present;
    if (graph === saved.current) {
      window.localStorage.removeItem(draftKey(journeyId));
      return setStatus("saved");
    }
    inFlight.current = true;
    setStatus("saving");
    try {
      const result = await save.mutateAsync({ workspace, journeyId, revision: revision.current, graph });
      revision.current = result.revision;
      saved.current = graph;
      onIssues(result.issues);
      const current = store.getState().history.present;
      if (current === graph) {
        window.localStorage.removeItem(draftKey(journeyId));
        setStatus("saved");
      } else {
        setStatus("unsaved");
        timer.current = setTimeout(() => again.current(), AUTOSAVE_MS);
      }
      void queryClient.invalidateQueries({ queryKey: trpc.journeys.list.queryKey() });
    } catch (e) {
      if (errorCode(e) === "CONFLICT") setStatus("conflict");
      else {
        setStatus("error");
        setError(errorMessage(e));
      }
    } finally {
      inFlight.current = false;
    }
  }, [journeyId, onIssues, queryClient, readOnly, save, setStatus, store, trpc, workspace]);

  useEffect(() => {
    again.current = () => void run();
  }, [run]);

  useEffect(() => {
    if (readOnly) return;
    if (present === saved.current) {
      // Back to what the server has (e.g. undo then redo): nothing to save, and no stale local draft.
      if (timer.current) clearTimeout(timer.current);
      window.localStorage.removeItem(draftKey(journeyId));
      if (statusRef.current === "unsaved") setStatus("saved");
      return;
    }
    window.localStorage.setItem(draftKey(journeyId), JSON.stringify({ baseRevision: revision.current, graph: present } satisfies LocalDraft));
    if (statusRef.current === "conflict") return;
    setStatus("unsaved");
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void run(), AUTOSAVE_MS);
  }, [journeyId, present, readOnly, run, setStatus]);

  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  const latest = useCallback(
    () => queryClient.fetchQuery({ ...trpc.journeys.get.queryOptions({ workspace, journeyId }), staleTime: 0 }),
    [journeyId, queryClient, trpc, workspace],
  );

  /** Drops local changes and loads what the server has. */
  const reloadTheirs = useCallback(async () => {
    const theirs = await latest();
    store.replaceGraph(theirs.graph, false);
    revision.current = theirs.revision;
    saved.current = store.getState().history.present;
    window.localStorage.removeItem(draftKey(journeyId));
    onIssues(theirs.issues);
    setStatus("saved");
  }, [journeyId, latest, onIssues, setStatus, store]);

  /** Saves this canvas on top of the newest revision, replacing what someone else saved. */
  const overwrite = useCallback(async () => {
    const theirs = await latest();
    revision.current = theirs.revision;
    setStatus("unsaved");
    await run();
  }, [latest, run, setStatus]);

  return { status, error, saveNow: run, reloadTheirs, overwrite };
}
