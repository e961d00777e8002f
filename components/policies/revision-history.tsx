"use client";

import { useMemo, useState } from "react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Select } from "@/components/ui/select";
import { diffPolicy } from "@/lib/policy/diff";
import type { FactTypeOf } from "@/lib/policy/render";
import type { Policy } from "@/lib/schemas/policy";
import { PolicyDiff } from "./policy-diff";

export interface PolicyRevision {
  revision: number;
  definition: Policy;
  createdAt: Date;
  author: string | null;
}

const when = (d: Date) => new Date(d).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
const label = (r: PolicyRevision) => `Revision ${r.revision} · ${when(r.createdAt)}${r.author ? ` · ${r.author}` : ""}`;

/** Every saved revision of a policy, newest first, and the diff between any two (by default the last change). */
export function RevisionHistory({ revisions, typeOf }: { revisions: PolicyRevision[]; typeOf: FactTypeOf }) {
  const [from, setFrom] = useState(revisions[1]?.revision ?? revisions[0]?.revision ?? 0);
  const [to, setTo] = useState(revisions[0]?.revision ?? 0);
  const byRevision = useMemo(() => new Map(revisions.map((r) => [r.revision, r])), [revisions]);
  const [before, after] = [byRevision.get(from), byRevision.get(to)];
  const changes = useMemo(() => (before && after ? diffPolicy(before.definition, after.definition, typeOf) : []), [before, after, typeOf]);

  return (
    <Card data-testid="revision-history">
      <CardHeader>
        <CardTitle>Revisions</CardTitle>
        <CardDescription>
          {revisions.length === 1 ? "This policy has not been edited since it was created." : `${revisions.length} saved revisions. Pick any two to see what changed between them.`}
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        <ol className="divide-y divide-zinc-100 rounded-md border border-zinc-200 text-sm" data-testid="revision-list">
          {revisions.map((r) => (
            <li key={r.revision} className="flex flex-wrap items-center justify-between gap-2 px-3 py-1.5" data-testid="revision-row" data-revision={r.revision}>
              <span className="font-medium text-zinc-800">Revision {r.revision}</span>
              <span className="text-zinc-500">
                {when(r.createdAt)}
                {r.author ? ` · ${r.author}` : ""}
              </span>
            </li>
          ))}
        </ol>
        {revisions.length > 1 ? (
          <>
            <div className="grid gap-3 sm:grid-cols-2">
              <FormField label="Compare from">
                {(p) => (
                  <Select {...p} value={from} onChange={(e) => setFrom(Number(e.target.value))}>
                    {revisions.map((r) => (
                      <option key={r.revision} value={r.revision}>
                        {label(r)}
                      </option>
                    ))}
                  </Select>
                )}
              </FormField>
              <FormField label="Compare to">
                {(p) => (
                  <Select {...p} value={to} onChange={(e) => setTo(Number(e.target.value))}>
                    {revisions.map((r) => (
                      <option key={r.revision} value={r.revision}>
                        {label(r)}
                      </option>
                    ))}
                  </Select>
                )}
              </FormField>
            </div>
            <div data-testid="revision-diff">
              <PolicyDiff changes={changes} empty={from === to ? "Pick two different revisions to compare." : `Revisions ${from} and ${to} are the same.`} />
            </div>
          </>
        ) : null}
      </CardContent>
    </Card>
  );
}
