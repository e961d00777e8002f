import { auditChanges, displayValue } from "@/lib/audit/changes";

/** An entry's changes as "field: before → after" lines; creations and deletions show only one side. */
export function AuditChanges({ before, after }: { before: unknown; after: unknown }) {
  const changes = auditChanges(before, after);
  if (changes.length === 0) return <span className="text-zinc-500">No field changes recorded</span>;
  return (
    <dl className="space-y-1" data-testid="audit-changes">
      {changes.map((c) => (
        <div key={c.field} className="flex flex-wrap items-baseline gap-x-1.5">
          <dt className="font-medium text-zinc-800">{c.field}:</dt>
          <dd className="flex flex-wrap items-baseline gap-x-1.5 break-all">
            {c.before !== undefined ? (
              <del className="rounded bg-red-50 px-1 text-red-800 decoration-red-300" title={JSON.stringify(c.before)}>
                {displayValue(c.before)}
              </del>
            ) : null}
            {c.before !== undefined && c.after !== undefined ? <span aria-hidden>→</span> : null}
            {c.after !== undefined ? (
              <ins className="rounded bg-emerald-50 px-1 text-emerald-800 no-underline" title={JSON.stringify(c.after)}>
                {displayValue(c.after)}
              </ins>
            ) : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}
