import { extractSlotsLocal } from "../models/local/slots";
import type { ClassifyResult, ExtractedSlot, SlotRequest } from "../models/types";
import type { TurnRun } from "./turn-run";

/** What the turn's one `understand` call read from the message, by slot request. */
export interface Understood {
  /** Null when the turn had no reason to classify (the active journey waits for a yes or an AI step). */
  intent: ClassifyResult | null;
  slots: Map<string, ExtractedSlot | null>;
}

/** Two requests for the same slot name, type and options are the same question. */
export const slotKey = (r: SlotRequest) => JSON.stringify([r.name, r.type, r.options ?? null]);

/**
 * Slots from a message: the current message's from what the turn understood up front; anything it
 * did not ask (an earlier message, a slot whose options a step computed mid-turn) from the local
 * extractor, so a turn never waits on a second model call for them.
 */
export async function readSlots(run: TurnRun, text: string, requests: SlotRequest[]): Promise<ExtractedSlot[]> {
  const known = text === run.text ? run.understood?.slots : undefined;
  return requests.flatMap((r) => {
    const key = slotKey(r);
    const found = known?.has(key) ? known.get(key) : extractSlotsLocal(text, [r], run.now)[0];
    return found ? [{ ...found, name: r.name }] : [];
  });
}
