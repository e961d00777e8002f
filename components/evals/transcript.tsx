import { cn } from "@/components/ui/cn";

export interface TranscriptTool {
  tool: string;
  args: unknown;
  decision: string | null;
}

export interface TranscriptTurn {
  customer: string;
  reply: string;
  tools: TranscriptTool[];
}

const decisionStyles: Record<string, string> = {
  ok: "bg-emerald-50 text-emerald-800",
  allow: "bg-emerald-50 text-emerald-800",
  replayed: "bg-zinc-100 text-zinc-700",
  deny: "bg-red-50 text-red-800",
  denied: "bg-red-50 text-red-800",
  error: "bg-red-50 text-red-800",
  require_confirmation: "bg-amber-50 text-amber-900",
  escalate: "bg-amber-50 text-amber-900",
};

const args = (v: unknown) => (v === undefined || v === null ? "" : JSON.stringify(v));

/** A tool call as one line: its name, arguments and the decision it got. */
export function ToolCall({ call }: { call: TranscriptTool }) {
  return (
    <li className="flex flex-wrap items-baseline gap-2 font-mono text-xs text-zinc-800" data-testid="transcript-tool">
      <span className="font-semibold">{call.tool}</span>
      <span className="break-all text-zinc-700">{args(call.args)}</span>
      {call.decision ? <span className={cn("rounded px-1.5 py-0.5 font-sans", decisionStyles[call.decision] ?? "bg-zinc-100 text-zinc-700")}>{call.decision}</span> : null}
    </li>
  );
}

/** A case's conversation, turn by turn: what the customer said, the tools the agent called, what it replied. */
export function Transcript({ turns }: { turns: TranscriptTurn[] }) {
  return (
    <ol className="space-y-3" aria-label="Transcript" data-testid="run-transcript">
      {turns.map((t, i) => (
        <li key={i} className="space-y-1.5 rounded-md border border-zinc-200 bg-white p-3">
          <p className="text-sm text-zinc-900">
            <span className="mr-2 text-xs font-semibold tracking-wide text-zinc-600 uppercase">Customer</span>
            {t.customer}
          </p>
          {t.tools.length > 0 ? (
            <div>
              <p className="text-xs font-semibold tracking-wide text-zinc-600 uppercase">Tool calls</p>
              <ul className="mt-1 space-y-1">
                {t.tools.map((call, j) => (
                  <ToolCall key={j} call={call} />
                ))}
              </ul>
            </div>
          ) : null}
          <p className="text-sm whitespace-pre-wrap text-zinc-900">
            <span className="mr-2 text-xs font-semibold tracking-wide text-brand-700 uppercase">Agent</span>
            {t.reply || <span className="text-zinc-600 italic">no reply</span>}
          </p>
        </li>
      ))}
    </ol>
  );
}
