import type { JourneyGraph } from "@/lib/schemas/journey";
import { journeyScope } from "../journey/run-journey";
import { extractSlot, namedKinds } from "../journey/slots";
import type { ActiveJourney } from "../types";
import { NO_ANSWER_REASON, NO_ANSWER_TEXT, answerFromKnowledge } from "./knowledge";
import { say, type TurnRun } from "./turn-run";
import { awaitsConfirmation, CONFIRM_SLOT, prefillRequest, prefillSlots } from "./understand";
import { readSlots } from "./understood";

// Below this the classifier's best guess is a guess: ask instead of starting a journey.
const START_SCORE = 0.3;
// Leaving a journey mid-way needs a clearer signal than starting one.
const SWITCH_SCORE = 0.5;
const MAX_TEXTS = 10;

export type Route = { journey: { id: string; name: string; graph: JourneyGraph }; active: ActiveJourney } | null;

/** Reads the answer to last turn's "shall I go ahead?" — the only way an action becomes confirmed. */
export async function readConfirmation(run: TurnRun): Promise<void> {
  const pending = run.session.confirmation;
  if (!pending) return;
  if (!awaitsConfirmation(run)) {
    run.session.confirmation = null;
    return;
  }
  const [answer] = await readSlots(run, run.text, [CONFIRM_SLOT]);
  run.confirmationAnswer = answer ? (answer.value === true ? "yes" : "no") : null;
  if (run.confirmationAnswer === "yes") run.confirmedThisTurn = pending.hash;
  run.trace.record({ type: "guardrail", name: "confirmation", input: { tool: pending.tool }, output: { answer: run.confirmationAnswer }, decision: run.confirmationAnswer ?? "unclear" });
}

function startJourney(journey: { id: string; graph: JourneyGraph }): ActiveJourney {
  const trigger = journey.graph.nodes.find((n) => n.type === "trigger");
  return { id: journey.id, nodeId: trigger?.id ?? "", slots: {}, results: {}, attempts: {}, waiting: null, texts: [] };
}

/** Fills typed slots the customer already gave ("order #W2378156") so the journey does not ask again. */
async function prefill(run: TurnRun, graph: JourneyGraph, active: ActiveJourney): Promise<void> {
  const wanted = prefillSlots(graph).filter((s) => active.slots[s.name] === undefined);
  if (wanted.length === 0) return;
  for (const found of await readSlots(run, run.text, wanted.map(prefillRequest))) active.slots[found.name] ??= found.value;
}

async function classify(run: TurnRun) {
  const candidates = run.config.journeys.map((j) => ({ id: j.id, description: j.graph.trigger.description, examples: j.graph.trigger.examples }));
  // Read from the turn's one understanding; asking the model here again would be a second round trip.
  const understood = run.understood?.intent;
  // The trace names journeys as the builder does; the id stays for links and old readers.
  const named = (id: string) => run.config.journeys.find((j) => j.id === id)?.name ?? id;
  return run.trace.step("route", "classify", { candidates: candidates.length }, async () => understood ?? run.ctx.models.classifyIntent(run.text, candidates), (r) => ({
    output: r.scores.slice(0, 3).map((s) => ({ ...s, name: named(s.id) })),
    decision: r.best ? named(r.best.id) : "none",
  }));
}

/** Does this message give the journey something it asks for (the awaited slot, or any typed slot)? */
async function feedsJourney(run: TurnRun, journey: { graph: JourneyGraph }, active: ActiveJourney): Promise<boolean> {
  if (active.waiting !== "collect") return true;
  const node = journey.graph.nodes.find((n) => n.id === active.nodeId);
  if (node?.type !== "collect") return true;
  if ((await extractSlot(run, node.slot, run.text, journeyScope(run, active))) !== undefined) return true;
  // Naming a kind of option ("to my gift card") answers the question even when it cannot be chosen.
  if (namedKinds(node.slot, run.text)) return true;
  const requests = prefillSlots(journey.graph).map(prefillRequest);
  return requests.length > 0 && (await readSlots(run, run.text, requests)).length > 0;
}

/** Continues the active journey, or picks one by its trigger examples, or asks what the customer needs. */
export async function route(run: TurnRun): Promise<Route> {
  const { journeys } = run.config;
  const current = run.session.journey ? journeys.find((j) => j.id === run.session.journey!.id) : undefined;
  let chosen: Route = null;

  if (current && run.session.journey) {
    chosen = { journey: current, active: run.session.journey };
    if (!(await feedsJourney(run, current, run.session.journey))) {
      const result = await classify(run);
      const other = result.best && result.best.id !== current.id && result.best.score >= SWITCH_SCORE ? journeys.find((j) => j.id === result.best!.id) : undefined;
      if (other) chosen = { journey: other, active: startJourney(other) };
    }
  } else {
    const result = await classify(run);
    const best = result.best && result.best.score >= START_SCORE ? journeys.find((j) => j.id === result.best!.id) : undefined;
    if (best) chosen = { journey: best, active: startJourney(best) };
  }

  if (!chosen) {
    run.session.journey = null;
    // No journey fits: the help centre may answer it, cited; below the grounding threshold the agent
    // says it does not know (offering a person) or hands off, per the agent's setting.
    const knowledge = await answerFromKnowledge(run, run.text);
    if (knowledge.searched && knowledge.grounded) {
      run.session.counters.unrouted = 0;
      return null;
    }
    run.session.counters.unrouted += 1;
    if (knowledge.searched && knowledge.fallback === "escalate") {
      run.escalation = { reason: NO_ANSWER_REASON };
      return null;
    }
    if (knowledge.searched) say(run, "answer", NO_ANSWER_TEXT);
    const topics = journeys.map((j) => j.name.toLowerCase());
    say(run, "clarify", topics.length ? `I can help with ${topics.slice(0, -1).join(", ")}${topics.length > 1 ? " or " : ""}${topics.at(-1)}. What would you like to do?` : "Could you tell me a bit more about what you need?");
    run.trace.record({ type: "route", name: "clarify", input: { text: run.text }, decision: "clarify" });
    return null;
  }

  run.session.counters.unrouted = 0;
  run.journeyName = chosen.journey.name;
  run.journeyId = chosen.journey.id;
  chosen.active.texts = [...chosen.active.texts, run.text].slice(-MAX_TEXTS);
  await prefill(run, chosen.journey.graph, chosen.active);
  run.trace.record({
    type: "route",
    name: chosen.journey.name,
    input: { text: run.text },
    output: { journeyId: chosen.journey.id, nodeId: chosen.active.nodeId, slots: chosen.active.slots },
    decision: chosen.active.id === run.session.journey?.id ? "continue" : "start",
  });
  return chosen;
}
