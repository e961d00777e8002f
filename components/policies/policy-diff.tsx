import type { PolicyChange } from "@/lib/policy/diff";

/** A policy diff in plain language: what a reviewer reads before saving. */
export function PolicyDiff({ changes, empty }: { changes: PolicyChange[]; empty: string }) {
  if (changes.length === 0) return <p className="text-sm text-zinc-500">{empty}</p>;
  return (
    <ul className="space-y-2 text-sm" data-testid="policy-diff">
      {changes.map((c, i) => (
        <li key={i} data-kind={c.kind} className="rounded-md border border-zinc-200 bg-white px-3 py-2">
          {c.kind === "added" ? (
            <p className="text-emerald-800">+ Rule {c.ruleId}: {c.after}</p>
          ) : c.kind === "removed" ? (
            <p className="text-red-700 line-through">− Rule {c.ruleId}: {c.before}</p>
          ) : c.kind === "fact" ? (
            <>
              <p className="font-medium text-zinc-800">{c.before === null ? "+ Computed fact" : c.after === null ? "− Computed fact" : "Computed fact changed"}</p>
              {c.before !== null ? <p className="text-red-700">− {c.before}</p> : null}
              {c.after !== null ? <p className="text-emerald-800">+ {c.after}</p> : null}
            </>
          ) : c.kind === "moved" ? (
            <p className="text-zinc-700">
              Rule {c.ruleId} moved from position {c.from} to {c.to}
            </p>
          ) : (
            <>
              <p className="font-medium text-zinc-800">{c.kind === "changed" ? `Rule ${c.ruleId} changed` : c.kind === "default" ? "Default decision changed" : "Name changed"}</p>
              <p className="text-red-700">− {c.before}</p>
              <p className="text-emerald-800">+ {c.after}</p>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
