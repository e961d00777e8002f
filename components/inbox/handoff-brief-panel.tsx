import { UserRound } from "lucide-react";
import type { TraceStep } from "@/components/trace/types";
import { cn } from "@/components/ui/cn";
import { briefValue, computeHandoffBrief, sentimentLabel } from "./handoff-brief";

const decisionStyles: Record<string, string> = {
  deny: "text-red-800",
  escalate: "text-orange-800",
  allow: "text-emerald-800",
};

/** The structured handoff summary above the transcript, so the person never asks the customer to repeat themselves. */
export function HandoffBriefPanel({ summary, state, trace }: { summary: unknown; state: unknown; trace: TraceStep[] }) {
  const brief = computeHandoffBrief({ summary, state, trace });
  return (
    <section data-testid="handoff-summary" aria-label="Handoff summary" className="rounded-card border border-orange-200 bg-orange-50 p-4 text-sm">
      <h3 className="mb-2 flex items-center gap-2 font-semibold text-orange-900">
        <UserRound className="size-4" /> Handoff summary
      </h3>
      <dl className="grid grid-cols-[7rem_1fr] gap-x-3 gap-y-1.5 text-orange-950">
        <dt className="font-medium text-orange-800">Wants</dt>
        <dd data-testid="handoff-wants">{brief.wants ?? "not stated"}</dd>
        <dt className="font-medium text-orange-800">Who</dt>
        <dd data-testid="handoff-who">{brief.who ?? "unknown"}</dd>
        <dt className="font-medium text-orange-800">Verified</dt>
        <dd data-testid="handoff-verified">
          {brief.verified ? `yes — ${brief.verified.email ?? brief.verified.userId}` : "no: the customer has not proved who they are"}
        </dd>
        <dt className="font-medium text-orange-800">Facts looked up</dt>
        <dd data-testid="handoff-facts">
          {brief.facts.length ? (
            <ul className="list-disc pl-4">
              {brief.facts.map((f, i) => (
                <li key={i}>
                  <code className="font-mono text-xs">{f.tool}</code> ({briefValue(f.args)}): {briefValue(f.result)}
                </li>
              ))}
            </ul>
          ) : (
            "none"
          )}
        </dd>
        <dt className="font-medium text-orange-800">AI tried</dt>
        <dd data-testid="handoff-tried">
          {brief.tried.length ? (
            <ul className="list-disc pl-4">
              {brief.tried.map((t, i) => (
                <li key={i}>{t}</li>
              ))}
            </ul>
          ) : (
            "nothing yet"
          )}
        </dd>
        <dt className="font-medium text-orange-800">Gate decisions</dt>
        <dd data-testid="handoff-decisions">
          {brief.decisions.length ? (
            <ul className="list-disc pl-4">
              {brief.decisions.map((d, i) => (
                <li key={i} className={cn(decisionStyles[d.decision])}>
                  {d.policy}: <strong>{d.decision}</strong>
                  {d.reason ? ` — ${d.reason}` : ""}
                </li>
              ))}
            </ul>
          ) : (
            "none"
          )}
        </dd>
        <dt className="font-medium text-orange-800">Why handed off</dt>
        <dd data-testid="handoff-why">{brief.why ?? "not stated"}</dd>
        <dt className="font-medium text-orange-800">Sentiment</dt>
        <dd data-testid="handoff-sentiment">{brief.sentiment
            ? `${sentimentLabel(brief.sentiment)} (${brief.sentiment.score.toFixed(2)})${brief.sentiment.negativeStreak ? `, upset for ${brief.sentiment.negativeStreak} message${brief.sentiment.negativeStreak === 1 ? "" : "s"} in a row` : ""}`
            : "unknown"}</dd>
      </dl>
    </section>
  );
}
