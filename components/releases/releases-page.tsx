"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Rocket, ShieldAlert } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { QueryView } from "@/components/ui/query-view";
import { Select } from "@/components/ui/select";
import { TBody, THead, Table, Td, Th } from "@/components/ui/table";
import { Textarea } from "@/components/ui/textarea";
import { notify } from "@/components/ui/toaster";
import { errorCode, errorMessage } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";
import { DiffView } from "./diff-view";
import { WebhookCard } from "./webhook-card";

interface ReleaseRow {
  id: string;
  number: number;
  notes: string;
  authorName: string | null;
  createdAt: Date;
  state: "live" | "canary" | "archived";
}

export function ReleasesPage({ workspace, agent }: { workspace: string; agent: string }) {
  const trpc = useTRPC();
  const current = useQuery(trpc.agents.get.queryOptions({ workspace, agent }));
  return <QueryView query={current}>{({ id }) => <Releases workspace={workspace} agent={agent} agentId={id} />}</QueryView>;
}

function Releases({ workspace, agent, agentId }: { workspace: string; agent: string; agentId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const can = useCan(workspace);
  const releases = useQuery(trpc.releases.list.queryOptions({ workspace, agentId }));
  const [restoring, setRestoring] = useState<ReleaseRow | null>(null);
  const [promoting, setPromoting] = useState<ReleaseRow | null>(null);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.releases.pathKey() });
  const rows = (releases.data?.releases ?? []) as ReleaseRow[];
  const live = rows.find((r) => r.state === "live");
  const isRollback = (r: ReleaseRow | null) => !!(r && live && r.number < live.number);
  const setLive = useMutation(
    trpc.releases.setLive.mutationOptions({
      onSuccess: async () => {
        notify.success(isRollback(promoting) ? `Rolled back to release ${promoting?.number}` : `Release ${promoting?.number} is live`);
        setPromoting(null);
        await invalidate();
      },
    }),
  );
  const restore = useMutation(
    trpc.releases.restore.mutationOptions({
      onSuccess: async () => {
        notify.success(`Release ${restoring?.number} restored into the draft`);
        setRestoring(null);
        await invalidate();
      },
    }),
  );

  return (
    <div className="space-y-8">
      <PageHeader
        title="Releases"
        description="Publishing freezes the draft into a numbered release that the hosted API and the widget serve. Conversations keep the release they started on."
      />

      {can("releases:publish") ? <PublishCard workspace={workspace} agent={agent} agentId={agentId} hasLive={!!live} canOverride={can("releases:override")} onPublished={invalidate} /> : null}

      <Card>
        <CardHeader>
          <CardTitle>History</CardTitle>
          <CardDescription>Make an earlier release live to roll back: only the pointer moves, nothing is deleted.</CardDescription>
        </CardHeader>
        <CardContent className="space-y-3">
          {releases.isPending ? (
            <div className="h-24 animate-pulse rounded-card bg-zinc-100" />
          ) : rows.length === 0 ? (
            <EmptyState icon={<Rocket />} title="Nothing published yet">
              Publish the draft to serve it through the hosted API and the widget.
            </EmptyState>
          ) : (
            <Table data-testid="releases-table">
              <THead>
                <tr>
                  <Th>#</Th>
                  <Th>Notes</Th>
                  <Th>Published</Th>
                  <Th>State</Th>
                  <Th className="w-px" />
                </tr>
              </THead>
              <TBody>
                {rows.map((r) => (
                  <tr key={r.id} data-testid="release-row" data-state={r.state}>
                    <Td className="font-mono font-semibold">{r.number}</Td>
                    <Td className="max-w-md text-zinc-700">{r.notes || <span className="text-zinc-500">—</span>}</Td>
                    <Td className="text-zinc-600">
                      {new Date(r.createdAt).toLocaleString()}
                      <span className="block text-xs text-zinc-500">by {r.authorName ?? "someone"}</span>
                    </Td>
                    <Td>
                      {r.state === "live" ? (
                        <Badge variant="brand">live</Badge>
                      ) : r.state === "canary" ? (
                        <Badge className="bg-amber-50 text-amber-800">canary {releases.data?.canaryPercent}%</Badge>
                      ) : (
                        <Badge>archived</Badge>
                      )}
                    </Td>
                    <Td className="whitespace-nowrap text-right">
                      {can("releases:publish") && r.state !== "live" ? (
                        <Button variant="secondary" size="sm" onClick={() => setPromoting(r)}>
                          {isRollback(r) ? "Roll back to this" : "Make live"}
                        </Button>
                      ) : null}
                      {can("agents:write") ? (
                        <Button variant="ghost" size="sm" onClick={() => setRestoring(r)}>
                          Restore into draft
                        </Button>
                      ) : null}
                    </Td>
                  </tr>
                ))}
              </TBody>
            </Table>
          )}
        </CardContent>
      </Card>

      {rows.length > 1 && can("releases:publish") ? <CanaryCard workspace={workspace} agentId={agentId} rows={rows} percent={releases.data?.canaryPercent ?? 0} onSaved={invalidate} /> : null}
      {rows.length > 0 ? <CompareCard workspace={workspace} agentId={agentId} rows={rows} /> : null}
      <WebhookCard workspace={workspace} agentId={agentId} canEdit={can("releases:publish")} />

      <ConfirmDialog
        open={promoting !== null}
        onClose={() => {
          setPromoting(null);
          setLive.reset();
        }}
        title={isRollback(promoting) ? `Roll back to release ${promoting?.number ?? ""}?` : `Make release ${promoting?.number ?? ""} live?`}
        description={`New conversations in the hosted API and the widget get release ${promoting?.number ?? ""}${live ? ` instead of release ${live.number}` : ""}. Conversations already under way keep their release; nothing is deleted.`}
        confirmLabel={isRollback(promoting) ? "Roll back" : "Make live"}
        pending={setLive.isPending}
        error={setLive.isError ? errorMessage(setLive.error) : null}
        onConfirm={() => promoting && setLive.mutate({ workspace, agentId, releaseId: promoting.id })}
      />
      <ConfirmDialog
        open={restoring !== null}
        onClose={() => {
          setRestoring(null);
          restore.reset();
        }}
        title={`Restore release ${restoring?.number ?? ""} into the draft?`}
        description="The draft's journeys, policies, tools, persona and settings are replaced by this release's. What is live does not change until you publish."
        confirmLabel="Overwrite the draft"
        pending={restore.isPending}
        error={restore.isError ? errorMessage(restore.error) : null}
        onConfirm={() => restoring && restore.mutate({ workspace, agentId, releaseId: restoring.id })}
      />
    </div>
  );
}

function PublishCard({
  workspace,
  agent,
  agentId,
  hasLive,
  canOverride,
  onPublished,
}: {
  workspace: string;
  agent: string;
  agentId: string;
  hasLive: boolean;
  canOverride: boolean;
  onPublished: () => Promise<void>;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [notes, setNotes] = useState("");
  const [makeLive, setMakeLive] = useState(true);
  const [overriding, setOverriding] = useState(false);
  const [reason, setReason] = useState("");
  const check = useQuery(trpc.releases.check.queryOptions({ workspace, agentId }));
  const diff = useQuery({ ...trpc.releases.diff.queryOptions({ workspace, agentId, from: "live", to: "draft" }), enabled: hasLive });
  const publish = useMutation(
    trpc.releases.publish.mutationOptions({
      onSuccess: async (release, input) => {
        setNotes("");
        setOverriding(false);
        setReason("");
        notify.success(`Release ${release.number} published${release.live ? " and live" : ""}${input.override ? " over failing eval cases" : ""}`);
        await onPublished();
      },
      // Publishing may have just run the gating evals: the check now lists the cases that failed.
      onError: () => queryClient.invalidateQueries({ queryKey: trpc.releases.check.queryKey() }),
    }),
  );
  const blockers = check.data?.blockers ?? [];
  const evalBlockers = blockers.filter((b) => b.kind === "eval");
  // Only failing eval cases can be overridden; journey errors and policy tests must be fixed.
  const canPublishAnyway = canOverride && evalBlockers.length > 0 && evalBlockers.length === blockers.length;
  return (
    <Card data-testid="publish-card">
      <CardHeader>
        <CardTitle>Publish the draft</CardTitle>
        <CardDescription>{hasLive ? "What changes compared to the live release:" : "The first release goes live as soon as it is published."}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        {hasLive ? diff.data ? <DiffView diff={diff.data.diff} /> : <div className="h-10 animate-pulse rounded bg-zinc-100" /> : null}
        {blockers.length > 0 ? (
          <div role="alert" className="space-y-1 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800" data-testid="publish-blockers">
            <p className="font-medium">Fix these before publishing:</p>
            <ul className="list-disc pl-5">
              {blockers.map((b, i) => (
                <li key={i}>
                  <span className="font-medium">{blockerLabel(b)}</span>: {b.message}
                  {b.kind === "eval" && b.runId ? (
                    <>
                      {" "}
                      <Link href={`/${workspace}/agents/${agent}/evals/runs/${b.runId}`} className="font-medium text-red-900 underline underline-offset-2">
                        See the run
                      </Link>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            publish.mutate({ workspace, agentId, notes, makeLive });
          }}
        >
          <FormField label="Release notes" hint="What changed and why; reviewers see it next to the release">
            {(field) => <Textarea {...field} value={notes} onChange={(e) => setNotes(e.target.value)} rows={2} maxLength={2000} />}
          </FormField>
          {hasLive ? (
            <label className="flex items-center gap-2 text-sm text-zinc-700">
              <input type="checkbox" checked={makeLive} onChange={(e) => setMakeLive(e.target.checked)} />
              Make it live now (uncheck to start it as a canary below)
            </label>
          ) : null}
          {/* A blocked publish lists what blocked it; the list above says the same with links to the runs. */}
          <FormError>{publish.isError && !overriding && !(isBlocked(publish.error) && blockers.length > 0) ? errorMessage(publish.error) : null}</FormError>
          <div className="flex flex-wrap items-center gap-2">
            <Button type="submit" disabled={publish.isPending || blockers.length > 0 || check.isPending}>
              <Rocket />
              {publish.isPending && !overriding ? "Publishing…" : "Publish"}
            </Button>
            {canPublishAnyway ? (
              <Button
                variant="destructive-outline"
                disabled={publish.isPending}
                onClick={() => {
                  publish.reset();
                  setOverriding(true);
                }}
              >
                <ShieldAlert />
                Publish anyway
              </Button>
            ) : null}
          </div>
          <p className="text-xs text-zinc-600">When the agent has gating eval suites that have not run on this draft, publishing runs them first.</p>
        </form>
      </CardContent>
      <Dialog
        open={overriding}
        onClose={() => {
          if (publish.isPending) return;
          publish.reset();
          setOverriding(false);
        }}
        title="Publish although eval cases fail?"
        description={`${evalBlockers.length} gating case${evalBlockers.length === 1 ? "" : "s"} fail${evalBlockers.length === 1 ? "s" : ""} on this draft: ${evalBlockers.map((b) => b.subject).join(", ")}. The release is published anyway and your reason is recorded in the audit log.`}
      >
        <form
          className="space-y-3"
          data-testid="publish-anyway-form"
          onSubmit={(e) => {
            e.preventDefault();
            publish.mutate({ workspace, agentId, notes, makeLive, override: { reason } });
          }}
        >
          <FormField label="Reason" hint="Why this release ships with failing cases, e.g. a fix to the backend is coming.">
            {(field) => <Textarea {...field} required minLength={3} maxLength={500} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />}
          </FormField>
          <FormError>{publish.isError && overriding ? errorMessage(publish.error) : null}</FormError>
          <div className="flex justify-end gap-2">
            <Button
              variant="secondary"
              disabled={publish.isPending}
              onClick={() => {
                publish.reset();
                setOverriding(false);
              }}
            >
              Cancel
            </Button>
            <Button type="submit" variant="destructive" disabled={publish.isPending || reason.trim().length < 3}>
              {publish.isPending ? "Publishing…" : "Publish anyway"}
            </Button>
          </div>
        </form>
      </Dialog>
    </Card>
  );
}

// PublishBlockedError: a CONFLICT whose message lists the blockers (server/services/releases/publish-release.ts).
const isBlocked = (error: unknown) => errorCode(error) === "CONFLICT" && errorMessage(error).startsWith("Publishing is blocked");

function blockerLabel(b: { kind: string; subject: string }): string {
  if (b.kind === "journey") return `Journey “${b.subject}”`;
  if (b.kind === "eval") return `Eval case “${b.subject}”`;
  return `Policy test “${b.subject}”`;
}

function CanaryCard({ workspace, agentId, rows, percent, onSaved }: { workspace: string; agentId: string; rows: ReleaseRow[]; percent: number; onSaved: () => Promise<void> }) {
  const trpc = useTRPC();
  const current = rows.find((r) => r.state === "canary");
  const candidates = rows.filter((r) => r.state !== "live");
  const [releaseId, setReleaseId] = useState(current?.id ?? candidates[0]?.id ?? "");
  const [share, setShare] = useState(String(percent || 10));
  const save = useMutation(
    trpc.releases.setCanary.mutationOptions({
      onSuccess: async (_data, input) => {
        notify.success(input.releaseId ? `Canary started at ${input.percent}%` : "Canary stopped");
        await onSaved();
      },
    }),
  );
  return (
    <Card>
      <CardHeader>
        <CardTitle>Canary</CardTitle>
        <CardDescription>
          A second release takes a share of new conversations; the same customer id always gets the same release. {current ? `Release ${current.number} serves ${percent}% now.` : "No canary is running."}
        </CardDescription>
      </CardHeader>
      <CardContent>
        <form
          className="flex flex-wrap items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ workspace, agentId, releaseId, percent: Number(share) });
          }}
        >
          <FormField label="Release">
            {(field) => (
              <Select {...field} value={releaseId} onChange={(e) => setReleaseId(e.target.value)} className="w-40">
                {candidates.map((r) => (
                  <option key={r.id} value={r.id}>
                    Release {r.number}
                  </option>
                ))}
              </Select>
            )}
          </FormField>
          <FormField label="Share of new conversations (%)">
            {(field) => <Input {...field} type="number" min={0} max={100} value={share} onChange={(e) => setShare(e.target.value)} className="w-28" />}
          </FormField>
          <Button type="submit" variant="secondary" disabled={save.isPending || !releaseId}>
            Start canary
          </Button>
          {current ? (
            <Button variant="ghost" disabled={save.isPending} onClick={() => save.mutate({ workspace, agentId, releaseId: null })}>
              Stop canary
            </Button>
          ) : null}
        </form>
        <FormError>{save.isError ? errorMessage(save.error) : null}</FormError>
      </CardContent>
    </Card>
  );
}

function CompareCard({ workspace, agentId, rows }: { workspace: string; agentId: string; rows: ReleaseRow[] }) {
  const trpc = useTRPC();
  const [from, setFrom] = useState(rows[1]?.id ?? rows[0]!.id);
  const [to, setTo] = useState<string>(rows.length > 1 ? rows[0]!.id : "draft");
  const diff = useQuery(trpc.releases.diff.queryOptions({ workspace, agentId, from, to }));
  const options = [{ id: "draft", label: "Draft" }, ...rows.map((r) => ({ id: r.id, label: `Release ${r.number}${r.state === "live" ? " (live)" : ""}` }))];
  return (
    <Card data-testid="compare-card">
      <CardHeader>
        <CardTitle>Compare</CardTitle>
        <CardDescription>Any two releases, or a release and the draft.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        <div className="flex flex-wrap items-end gap-3">
          <FormField label="From">
            {(field) => (
              <Select {...field} value={from} onChange={(e) => setFrom(e.target.value)} className="w-48">
                {options.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.label}
                  </option>
                ))}
              </Select>
            )}
          </FormField>
          <FormField label="To">
            {(field) => (
              <Select {...field} value={to} onChange={(e) => setTo(e.target.value)} className="w-48">
                {options.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.label}
                  </option>
                ))}
              </Select>
            )}
          </FormField>
        </div>
        {diff.isError ? <FormError>{errorMessage(diff.error)}</FormError> : diff.data ? <DiffView diff={diff.data.diff} /> : <div className="h-10 animate-pulse rounded bg-zinc-100" />}
      </CardContent>
    </Card>
  );
}
