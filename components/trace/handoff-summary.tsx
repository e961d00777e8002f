import { UserRound } from "lucide-react";
import type { HandoffSummaryData } from "./types";

/** The structured summary a person picks the conversation up from: who, what they want, what was tried, why. */
export function HandoffSummary({ handoff }: { handoff: HandoffSummaryData }) {
  return (
    <section data-testid="handoff-summary" aria-label="Handoff summary" className="rounded-card border border-orange-200 bg-orange-50 p-4 text-sm">
      <h3 className="mb-2 flex items-center gap-2 font-semibold text-orange-900">
        <UserRound className="size-4" /> Handed off to a person
      </h3>
      <dl className="grid grid-cols-[5rem_1fr] gap-x-3 gap-y-1.5 text-orange-950">
        <dt className="font-medium text-orange-800">Who</dt>
        <dd data-testid="handoff-who">{handoff.who ?? "unknown"}</dd>
        <dt className="font-medium text-orange-800">Wants</dt>
        <dd data-testid="handoff-wants">{handoff.wants ?? "not stated"}</dd>
        <dt className="font-medium text-orange-800">Tried</dt>
        <dd data-testid="handoff-tried">
          {handoff.tried?.length ? (
            <ul className="list-disc pl-4">
              {handoff.tried.map((t, i) => (
                <li key={i}>{t}</li>
              ))}
            </ul>
          ) : (
            "nothing yet"
          )}
        </dd>
        <dt className="font-medium text-orange-800">Why</dt>
        <dd data-testid="handoff-why">{handoff.why ?? handoff.reason ?? "not stated"}</dd>
      </dl>
    </section>
  );
}
