import { runJourney } from "../journey/run-journey";
import type { Route } from "./route";
import type { TurnRun } from "./turn-run";

/** Runs the routed journey and records where the session stands afterwards. */
export async function execute(run: TurnRun, routed: NonNullable<Route>): Promise<void> {
  const { journey, active } = routed;
  const outcome = await runJourney(run, journey, active);
  if (outcome.kind === "waiting") {
    run.session.journey = active;
    return;
  }
  run.session.journey = null;
  if (outcome.kind === "end") {
    run.ended = outcome.outcome;
    run.session.outcome = { journey: journey.name, result: outcome.outcome };
    return;
  }
  run.escalation = { reason: outcome.reason };
}
