import type { Slot } from "@/lib/schemas/journey";
import type { ExtractedSlot, SlotRequest } from "../models/types";
import type { TurnRun } from "../pipeline/turn-run";
import { readSlots } from "../pipeline/understood";
import { getPath, listText, renderText, type Scope } from "./expressions";

/** A choice: its value, the words that name it, how the customer hears it, and its kind (optionsFrom.kinds). */
type Option = { value: string; synonyms?: string[]; label?: string; kind?: string };

const matches = (x: unknown, where: Record<string, unknown> | undefined) => !where || Object.entries(where).every(([k, v]) => getPath(x, k) === v);

/** Options of a choice or item slot: static, or computed from a result (`result.order.items`). */
export function slotOptions(slot: Slot, scope: Scope): Option[] | undefined {
  // Static option values may be templates ("{{result.order.payment_history.0.payment_method_id}}").
  const fixed = slot.options?.map((o) => ({ ...o, value: renderText(o.value, scope) })).filter((o) => o.value);
  const from = slot.optionsFrom;
  if (!from) return fixed;
  const source = getPath(scope, from.path);
  const list = Array.isArray(source) ? source : source && typeof source === "object" ? Object.values(source) : [];
  const computed: Option[] = list
    .filter((x) => matches(x, from.where))
    .map((x) => {
      const label = from.labels?.find((l) => matches(x, l.where));
      const text = label ? renderText(label.text, x as Scope).trim() : "";
      const kind = from.kinds ? getPath(x, from.kinds.field) : undefined;
      return {
        value: String(getPath(x, from.value)),
        synonyms: [...from.synonyms.flatMap((path) => synonymsOf(getPath(x, path))), ...(text ? [text] : [])],
        ...(text ? { label: text } : {}),
        ...(kind !== undefined ? { kind: String(kind) } : {}),
      };
    })
    .filter((o) => o.value !== "undefined");
  // A static option that is one of the computed ones ("the original payment method") is heard and typed as it.
  const known = new Map(computed.map((o) => [o.value, o]));
  const statics = (fixed ?? []).map((o) => ({ ...o, label: known.get(o.value)?.label, kind: known.get(o.value)?.kind }));
  return [...computed, ...statics];
}

/** How the customer hears a slot's value (or values): its option's label, else the value itself. */
export function describeValue(slot: Slot, scope: Scope, value: unknown): unknown {
  const options = slotOptions(slot, scope) ?? [];
  const one = (v: unknown) => options.find((o) => o.value === String(v) && o.label)?.label ?? v;
  return Array.isArray(value) ? value.map(one) : value === undefined ? undefined : one(value);
}

/** Every option as the customer hears it, each once ("Mastercard ending 2478 and gift card, balance $17.00"). */
export function describeOptions(slot: Slot, scope: Scope): string[] {
  const byValue = new Map((slotOptions(slot, scope) ?? []).map((o) => [o.value, o.label ?? o.value] as const));
  return [...new Set(byValue.values())];
}

/**
 * The kinds of option the text names ("gift card"), longest words first so "gift card" is not also
 * "card". Undefined when the slot declares no kinds or the text names none.
 */
export function namedKinds(slot: Slot, text: string): Set<string> | undefined {
  const kinds = slot.optionsFrom?.kinds;
  if (!kinds) return undefined;
  const phrases = Object.entries(kinds.names)
    .flatMap(([kind, words]) => words.map((word) => ({ kind, word })))
    .sort((a, b) => b.word.length - a.word.length);
  const taken: [number, number][] = [];
  const named = new Set<string>();
  for (const { kind, word } of phrases) {
    const re = new RegExp(`(?<![\\w])${escape(word)}(?![\\w])`, "gi");
    for (const m of text.matchAll(re)) {
      const span: [number, number] = [m.index, m.index + m[0].length];
      if (taken.some(([a, b]) => span[0] < b && a < span[1])) continue;
      taken.push(span);
      named.add(kind);
    }
  }
  return named.size ? named : undefined;
}

/** The refusal for a kind the customer named but has no option of (a refund to a gift card they do not own), or null. */
export function refuseUnavailableKind(slot: Slot, scope: Scope, text: string): string | null {
  const kinds = slot.optionsFrom?.kinds;
  const named = namedKinds(slot, text);
  if (!kinds || !named) return null;
  const have = new Set((slotOptions(slot, scope) ?? []).map((o) => o.kind));
  const missing = [...named].find((k) => !have.has(k));
  if (!missing) return null;
  return renderText(kinds.refusal, { kind: kinds.names[missing]![0], options: listText(describeOptions(slot, scope)) });
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
  // Naming a kind ("gift card") narrows the choice to options of that kind: never another kind's option.
  const named = namedKinds(slot, text);
  if (named && request.options) {
    const all = slotOptions(slot, scope) ?? [];
    const allowed = new Set(all.filter((o) => o.kind !== undefined && named.has(o.kind)).map((o) => o.value));
    request.options = request.options.filter((o) => allowed.has(o.value));
    if (request.options.length === 0) return undefined;
  }
  const [found] = await readSlots(run, text, [request]);
  const options = request.options;
  if (named && found && options && !options.some((o) => o.value === found.value)) return undefined;
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
