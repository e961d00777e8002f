import type { JourneyGraph, Slot } from "@/lib/schemas/journey";
import { journeyScope } from "../journey/run-journey";
import { toRequest } from "../journey/slots";
import type { SlotRequest } from "../models/types";
import { prefetchQuestionEmbedding } from "./knowledge";
import type { TurnRun } from "./turn-run";
import { slotKey } from "./understood";

export const CONFIRM_SLOT: SlotRequest = { name: "confirm", type: "yes_no" };

/** The answer to last turn's "shall I go ahead?" is read this turn; an older question has lapsed. */
export const awaitsConfirmation = (run: TurnRun) => run.session.confirmation?.turn === run.turn - 1;

/** Typed slots a journey can fill from any message, before it asks ("return order #W2378156"). */
export const prefillSlots = (graph: JourneyGraph): Slot[] =>
  graph.nodes.flatMap((n) => (n.type === "collect" && n.slot.type !== "text" && n.slot.type !== "yes_no" && !n.slot.optionsFrom ? [n.slot] : []));

export const prefillRequest = (s: Slot): SlotRequest => ({ name: s.name, type: s.type, ...(s.options ? { options: s.options } : {}) });

/**
 * Asks the models, once, for everything this turn may read from the message: the intent (unless the
 * active journey waits for something other than a slot), the answer to a pending confirmation, the
 * awaited slot, and every journey's typed slots. Route and journey steps read the result.
 */
export async function understand(run: TurnRun): Promise<void> {
  const { journeys } = run.config;
  const active = run.session.journey;
  const current = active ? journeys.find((j) => j.id === active.id) : undefined;
  const awaited = current && active?.waiting === "collect" ? current.graph.nodes.find((n) => n.id === active.nodeId) : undefined;

  const requests = new Map<string, SlotRequest>();
  const ask = (r: SlotRequest) => requests.set(slotKey(r), r);
  if (awaitsConfirmation(run)) ask(CONFIRM_SLOT);
  if (awaited?.type === "collect") ask(toRequest(awaited.slot, journeyScope(run, active!)));
  for (const journey of journeys) prefillSlots(journey.graph).forEach((s) => ask(prefillRequest(s)));

  // A journey that waits for a yes or an AI step's turn takes the message as it is: no routing.
  const classifies = !current || awaited?.type === "collect";
  const intents = classifies ? journeys.map((j) => ({ id: j.id, description: j.graph.trigger.description, examples: j.graph.trigger.examples })) : [];

  // Names are unique in one request: the same name asked differently gets a suffix on the wire.
  const keys = [...requests.keys()];
  const taken = new Set<string>();
  const wire = [...requests.values()].map((r) => {
    let name = r.name;
    for (let n = 2; taken.has(name); n++) name = `${r.name}_${n}`;
    taken.add(name);
    return { ...r, name };
  });
  prefetchQuestionEmbedding(run);
  const result = await run.ctx.models.understand(run.text, { intents, slots: wire, now: run.now });
  const byName = new Map(result.slots.map((s) => [s.name, s]));
  run.understood = { intent: classifies ? result.intent : null, slots: new Map(keys.map((key, i) => [key, byName.get(wire[i]!.name) ?? null])) };
}
