import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import type { ChangeKind, ReleaseDiff } from "@/server/services/releases/diff";

const kindStyle: Record<ChangeKind, string> = {
  added: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  removed: "bg-red-50 text-red-800 ring-red-200",
  changed: "bg-amber-50 text-amber-900 ring-amber-200",
};

function Kind({ kind }: { kind: ChangeKind }) {
  return <span className={cn("rounded px-1.5 py-0.5 text-[11px] font-medium uppercase ring-1", kindStyle[kind])}>{kind}</span>;
}

const show = (v: unknown) => (v === undefined ? "—" : typeof v === "string" ? v : JSON.stringify(v));

function Section({ title, count, children }: { title: string; count: number; children: React.ReactNode }) {
  if (count === 0) return null;
  return (
    <section className="space-y-2">
      <h3 className="text-sm font-semibold text-zinc-900">
        {title} <Badge>{count}</Badge>
      </h3>
      <ul className="space-y-2">{children}</ul>
    </section>
  );
}

/** A release diff as lists: journeys node by node, policies rule by rule, tools, persona, settings, knowledge. */
export function DiffView({ diff }: { diff: ReleaseDiff }) {
  if (diff.empty) return <p className="text-sm text-zinc-500" data-testid="diff-empty">No differences.</p>;
  return (
    <div className="space-y-5" data-testid="release-diff">
      <Section title="Journeys" count={diff.journeys.length}>
        {diff.journeys.map((j) => (
          <li key={j.id} className="rounded-md border border-zinc-200 p-3" data-testid="diff-journey">
            <div className="flex items-center gap-2 text-sm font-medium">
              <Kind kind={j.kind} /> {j.name}
              {j.fields.length ? <span className="text-xs font-normal text-zinc-500">({j.fields.join(", ")})</span> : null}
            </div>
            {j.nodes.length || j.edges.length ? (
              <ul className="mt-2 space-y-1 pl-2 text-sm">
                {j.nodes.map((n) => (
                  <li key={n.nodeId} className="flex flex-wrap items-center gap-2">
                    <Kind kind={n.kind} />
                    <span className="font-medium">{n.label}</span>
                    <span className="text-xs text-zinc-500">{n.type}</span>
                    {n.fields.length ? <span className="text-xs text-zinc-600">changed: {n.fields.join(", ")}</span> : null}
                  </li>
                ))}
                {j.edges.map((e) => (
                  <li key={`${e.kind}${e.edge}`} className="flex items-center gap-2 text-xs text-zinc-600">
                    <Kind kind={e.kind} /> edge {e.edge}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </Section>
      <Section title="Policies" count={diff.policies.length}>
        {diff.policies.map((p) => (
          <li key={p.key} className="rounded-md border border-zinc-200 p-3" data-testid="diff-policy">
            <div className="flex items-center gap-2 text-sm font-medium">
              <Kind kind={p.kind} /> {p.name} <code className="text-xs text-zinc-500">{p.key}</code>
            </div>
            <ul className="mt-1 space-y-1 pl-2 text-sm">
              {p.fields.length ? <li className="text-xs text-zinc-600">changed: {p.fields.join(", ")}</li> : null}
              {p.reordered ? <li className="text-xs text-amber-800">Rule order changed (the first matching rule decides)</li> : null}
              {p.rules.map((r) => (
                <li key={r.ruleId} className="flex items-center gap-2">
                  <Kind kind={r.kind} /> rule <code className="text-xs">{r.ruleId}</code>
                  {r.fields.length ? <span className="text-xs text-zinc-600">changed: {r.fields.join(", ")}</span> : null}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </Section>
      <Section title="Tools" count={diff.tools.length}>
        {diff.tools.map((t) => (
          <li key={t.name} className="flex items-center gap-2 text-sm">
            <Kind kind={t.kind} /> <code>{t.name}</code>
            {t.fields.length ? <span className="text-xs text-zinc-600">changed: {t.fields.join(", ")}</span> : null}
          </li>
        ))}
      </Section>
      <Section title="Persona" count={diff.persona.length}>
        {diff.persona.map((f) => (
          <li key={f.path} className="text-sm" data-testid="diff-persona">
            <span className="font-medium">{f.path}</span>: <del className="text-red-700">{show(f.before)}</del> → <ins className="text-emerald-800 no-underline">{show(f.after)}</ins>
          </li>
        ))}
      </Section>
      <Section title="Settings and guardrails" count={diff.settings.length}>
        {diff.settings.map((f) => (
          <li key={f.path} className="text-sm">
            <span className="font-medium">{f.path}</span>: <del className="text-red-700">{show(f.before)}</del> → <ins className="text-emerald-800 no-underline">{show(f.after)}</ins>
          </li>
        ))}
      </Section>
      <Section title="Knowledge documents" count={diff.knowledge.length}>
        {diff.knowledge.map((d) => (
          <li key={d.id} className="flex items-center gap-2 text-sm">
            <Kind kind={d.kind} /> {d.title}
            {d.kind === "changed" ? <span className="text-xs text-zinc-600">version {d.before} → {d.after}</span> : null}
          </li>
        ))}
      </Section>
    </div>
  );
}
