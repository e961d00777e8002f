import type { Slot } from "@/lib/schemas/journey";
import type { ExtractedSlot, SlotRequest } from "../models/types";
import type { TurnRun } from "../pipeline/turn-run";
import { readSlots } from "../pipeline/understood";
import { getPath, renderText, type Scope } from "./expressions";

type Option = { value: string; synonyms?: string[] };

/** Options of a choice or item slot: static, or computed from a result (`result.order.items`). */
export function slotOptions(slot: Slot, scope: Scope): Option[] | undefined {
  // Static option values may be templates ("{{result.order.payment_history.0.payment_method_id}}").
  const fixed = slot.options?.map((o) => ({ ...o, value: renderText(o.value, scope) })).filter((o) => o.value);
  const from = slot.optionsFrom;
  if (!from) return fixed;
  const source = getPath(scope, from.path);
  const list = Array.isArray(source) ? source : source && typeof source === "object" ? Object.values(source) : [];
  const computed: Option[] = list
    .filter((x) => !from.where || Object.entries(from.where).every(([k, v]) => getPath(x, k) === v))
    .map((x) => ({
      value: String(getPath(x, from.value)),
      synonyms: from.synonyms.flatMap((path) => synonymsOf(getPath(x, path))),
    }))
    .filter((o) => o.value !== "undefined");
  return [...computed, ...(fixed ?? [])];
}

function synonymsOf(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === "object") return Object.values(value as Record<string, unknown>).flatMap(synonymsOf);
  const text = String(value).replace(/_/g, " ").trim();
  if (!text) return [];
  // "Mechanical Keyboard" is also "keyboard"; "credit card" also "card".
  const words = text.split(/\s+/);
  return words.length > 1 ? [text, words.at(-1)!] : [text];
}

export function toRequest(slot: Slot, scope: Scope): SlotRequest {
  const options = slotOptions(slot, scope);
  return { name: slot.name, type: slot.type, ...(options ? { options } : {}) };
}

/**
 * Extracts one slot from a message. Item slots with options also match names and option words
 * ("the keyboard", "the blue one"): customers rarely quote ten-digit item ids.
 */
export async function extractSlot(run: TurnRun, slot: Slot, text: string, scope: Scope): Promise<ExtractedSlot | undefined> {
  const request = toRequest(slot, scope);
  const [found] = await readSlots(run, text, [request]);
  const options = request.options;
  if (slot.type === "item_ids" && options) {
    const ids = found && Array.isArray(found.value) ? found.value.filter((id) => options.some((o) => o.value === id)) : [];
    if (ids.length > 0) return { name: slot.name, value: ids, source: found!.source };
    const named = matchOptions(text, options);
    return named.length > 0 ? { name: slot.name, value: named, source: text } : undefined;
  }
  if (found && !isValid(slot, found.value)) return undefined;
  return found;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Every option any of whose phrases appears in the text; the most specific phrase per option wins. */
export function matchOptions(text: string, options: Option[]): string[] {
  const scored = options
    .map((o) => {
      const hits = [o.value, ...(o.synonyms ?? [])].filter((p) => p.length > 1 && new RegExp(`(?<![\\w])${escape(p)}(?![\\w])`, "i").test(text));
      return { value: o.value, hits: hits.length, longest: Math.max(0, ...hits.map((h) => h.length)) };
    })
    .filter((o) => o.hits > 0);
  if (scored.length === 0) return [];
  // Variants share the product name; the ones matching more option words are the ones meant.
  const best = Math.max(...scored.map((o) => o.hits));
  return [...new Set(scored.filter((o) => o.hits === best).map((o) => o.value))];
}

export function isValid(slot: Slot, value: unknown): boolean {
  const v = slot.validation;
  if (!v) return true;
  if (v.pattern && typeof value === "string" && !new RegExp(v.pattern).test(value)) return false;
  if (typeof value === "number" && ((v.min !== undefined && value < v.min) || (v.max !== undefined && value > v.max))) return false;
  return true;
}
