import "server-only";

import * as chrono from "chrono-node";

import type { ExtractedSlot, SlotRequest } from "../types";

type Found = Omit<ExtractedSlot, "name">;

const ORDER_ID = /#?\s?\bW\s?(\d{7})\b/i;
const EMAIL = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/i;
const ZIP = /(?<![\d#W])\b(\d{5})(?:-\d{4})?\b/i;
const ITEM_ID = /\b\d{10}\b/g;

export function parseOrderId(text: string): Found | null {
  const m = ORDER_ID.exec(text);
  return m ? { value: `#W${m[1]}`, source: m[0].trim() } : null;
}

function parseEmail(text: string): Found | null {
  const m = EMAIL.exec(text);
  return m ? { value: m[0].toLowerCase(), source: m[0] } : null;
}

function parseZip(text: string): Found | null {
  const m = ZIP.exec(text.replace(ORDER_ID, " "));
  return m ? { value: m[1]!, source: m[0] } : null;
}

function parseItemIds(text: string): Found | null {
  const ids = text.match(ITEM_ID);
  return ids ? { value: ids, source: ids.join(", ") } : null;
}

const UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split(" ");
const TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split(" ");

function parseNumber(text: string): Found | null {
  // Ids, emails and dates are numbers of another kind; keep them out of amounts.
  const cleaned = text.replace(ORDER_ID, " ").replace(EMAIL, " ").replace(/\b\d{10}\b/g, " ");
  const money = /\$\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?/.exec(cleaned);
  const plain = /(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\w])/.exec(cleaned);
  const m = money ?? plain;
  if (m) return { value: Number(`${m[1]!.replace(/,/g, "")}${m[2] ? `.${m[2]}` : ""}`), source: m[0] };
  const words = /\b(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](one|two|three|four|five|six|seven|eight|nine))?\b|\b(zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)\b/i.exec(cleaned);
  if (!words) return null;
  const value = words[1] ? TENS.indexOf(words[1].toLowerCase()) * 10 + (words[2] ? UNITS.indexOf(words[2].toLowerCase()) : 0) : UNITS.indexOf(words[3]!.toLowerCase());
  return { value, source: words[0] };
}

function parseDate(text: string, now: Date): Found | null {
  const result = chrono.parse(text, now)[0];
  if (!result) return null;
  const pad = (n: number) => String(n).padStart(2, "0");
  const { start } = result;
  return { value: `${start.get("year")}-${pad(start.get("month")!)}-${pad(start.get("day")!)}`, source: result.text };
}

const NAME_WORD = "[A-Z][a-zA-Z'’-]+";
const NOT_NAMES = new Set(
  "looking trying calling writing having not just sorry here still very really the and yes no order zip email thank thanks you hello hi hey please cancel return exchange help great good fine sure okay".split(" "),
);

const INTRODUCED = new RegExp(`\\b(?:[Ii]['’]?m|[Ii] am|[Tt]his is)\\s+(${NAME_WORD}(?:\\s+${NAME_WORD}){1,2})`);
const BEFORE_ZIP = new RegExp(`(?:^|[.,;:]\\s*)(${NAME_WORD}\\s+${NAME_WORD})\\s*,?\\s*(?:zip\\s*(?:code)?\\s*:?\\s*)?\\d{5}\\b`);
const BARE_NAME = new RegExp(`^\\s*(${NAME_WORD}(?:\\s+${NAME_WORD}){1,2})\\s*[.!]?\\s*$`);

export function parseName(text: string): Found | null {
  const explicit = /\b(?:my name is|my name's|name is|name:)\s+([a-z][a-z'’-]+(?:\s+[a-z][a-z'’-]+){0,2})/i.exec(text);
  const introduced = INTRODUCED.exec(text);
  const beforeZip = BEFORE_ZIP.exec(text);
  const bare = BARE_NAME.exec(text);
  const m = explicit ?? introduced ?? beforeZip ?? bare;
  if (!m) return null;
  const words = m[1]!.split(/\s+/);
  // Stop at connective words a greedy match may have swallowed ("my name is yusuf rossi and ...").
  const cut = words.findIndex((w) => /^(and|from|zip|with|my|at|in|here|calling)$/i.test(w));
  const kept = cut === -1 ? words : words.slice(0, cut);
  if (kept.length === 0 || kept.some((w) => NOT_NAMES.has(w.toLowerCase()))) return null;
  return { value: kept.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(" "), source: m[0].trim() };
}

const NO = /\b(no|nope|nah|don'?t|do not|cancel that|wait|stop|hold on|not yet|never ?mind|negative|not really|wrong|incorrect)\b/i;
const YES = /\b(yes|yeah|yea|yep|yup|sure|confirm(?:ed)?|go ahead|please do|do it|correct|ok|okay|sounds good|that'?s right|right|absolutely|definitely|affirmative|proceed|of course)\b/i;

export function parseYesNo(text: string): Found | null {
  const t = text.replace(/[’]/g, "'");
  const no = NO.exec(t);
  const yes = YES.exec(t);
  if (yes) {
    const negation = /\bnot\s+$/i.exec(t.slice(0, yes.index));
    if (negation) return { value: false, source: `${negation[0]}${yes[0]}` };
    // Whichever comes first wins: "yes, cancel that order" is a yes, "wait, yes" a no.
    if (!no || yes.index < no.index) return { value: true, source: yes[0] };
  }
  return no ? { value: false, source: no[0] } : null;
}

const ORDINALS: [RegExp, (n: number) => number][] = [
  [/\b(first|1st)\b/i, () => 0],
  [/\b(second|2nd)\b/i, () => 1],
  [/\b(third|3rd)\b/i, () => 2],
  [/\b(fourth|4th)\b/i, () => 3],
  [/\b(fifth|5th)\b/i, () => 4],
  [/\b(last|latter)\b/i, (n) => n - 1],
];

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function parseChoice(text: string, options: NonNullable<SlotRequest["options"]>): Found | null {
  let best: { value: string; source: string; length: number } | null = null;
  for (const option of options) {
    for (const phrase of [option.value, ...(option.synonyms ?? [])]) {
      const m = new RegExp(`(?<![\\w])${escape(phrase)}(?![\\w])`, "i").exec(text);
      // The longest phrase wins, so "dark blue" beats "blue".
      if (m && (!best || phrase.length > best.length)) best = { value: option.value, source: m[0], length: phrase.length };
    }
  }
  if (best) return { value: best.value, source: best.source };
  for (const [re, index] of ORDINALS) {
    const m = re.exec(text);
    const option = m && options[index(options.length)];
    if (m && option) return { value: option.value, source: m[0] };
  }
  return null;
}

export function extractSlotsLocal(text: string, slots: SlotRequest[], now: Date = new Date()): ExtractedSlot[] {
  const found: ExtractedSlot[] = [];
  for (const slot of slots) {
    const hit = extractOne(text, slot, now);
    if (hit) found.push({ name: slot.name, ...hit });
  }
  return found;
}

function extractOne(text: string, slot: SlotRequest, now: Date): Found | null {
  switch (slot.type) {
    case "order_id":
      return parseOrderId(text);
    case "email":
      return parseEmail(text);
    case "number":
      return parseNumber(text);
    case "date":
      return parseDate(text, now);
    case "zip":
      return parseZip(text);
    case "name":
      return parseName(text);
    case "yes_no":
      return parseYesNo(text);
    case "choice":
      return parseChoice(text, slot.options ?? []);
    case "item_ids":
      return parseItemIds(text);
    case "text": {
      const trimmed = text.trim();
      return trimmed ? { value: trimmed, source: trimmed } : null;
    }
  }
}
