import "server-only";
import { computeJourneyIssues, hasErrors, type JourneyCatalog } from "@/lib/journey/issues";
import type { JourneyGraph, JourneyIssue } from "@/lib/schemas/journey";

/**
 * Everything wrong with a journey, errors first, each naming its node. A journey with no error is valid:
 * drafts may be saved invalid, releases must not ship them. Pass the agent's catalog (loadJourneyCatalog)
 * to also check tool names, tool arguments and policy keys.
 */
export function journeyIssues(graph: JourneyGraph, catalog?: JourneyCatalog): JourneyIssue[] {
  return computeJourneyIssues(graph, catalog);
}

export function isJourneyValid(graph: JourneyGraph, catalog?: JourneyCatalog): boolean {
  return !hasErrors(journeyIssues(graph, catalog));
}
