import type { TurnRun } from "./turn-run";

const ORDER_ID = /#?\bW\d{7}\b/g;
const EMAIL = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/gi;
const AMOUNT = /\$\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?/g;

export interface OutputCheck {
  ok: boolean;
  violations: string[];
  replacement?: string;
}

const norm = (s: string) => s.toLowerCase().replace(/^#/, "");

/** Identifiers the customer may see: their own (from verified tool results) and what they typed. */
function allowedIdentifiers(run: TurnRun): Set<string> {
  const own = [run.session.customer?.email, ...(run.session.customer?.orderIds ?? []), ...run.session.mentioned];
  return new Set(own.filter((x): x is string => !!x).map(norm));
}

/** Checks one piece of the reply before the customer sees it. */
export function checkOutput(run: TurnRun, text: string): OutputCheck {
  const g = run.config.guardrails;
  const lower = text.toLowerCase();
  const violations: string[] = [];

  for (const phrase of g.bannedPhrases) if (phrase && lower.includes(phrase.toLowerCase())) violations.push(`banned phrase "${phrase}"`);

  const allowed = allowedIdentifiers(run);
  for (const id of [...(text.match(ORDER_ID) ?? []), ...(text.match(EMAIL) ?? [])]) {
    if (!allowed.has(norm(id))) violations.push(`another customer's data (${id})`);
  }

  for (const sentence of text.split(/(?<=[.!?])\s+/)) {
    const s = sentence.toLowerCase();
    for (const cap of g.caps) {
      if (!cap.keywords.some((k) => s.includes(k.toLowerCase()))) continue;
      for (const m of sentence.matchAll(AMOUNT)) {
        const amount = Number(`${m[1]!.replace(/,/g, "")}.${m[2] ?? "0"}`);
        const stated = run.grounded.amounts.some((a) => Math.abs(a - amount) < 0.005);
        if (amount > cap.max && !stated) violations.push(`${cap.label} of $${amount} above the cap of $${cap.max}`);
      }
    }
  }

  const allowedText = run.grounded.policyText.join(" ").toLowerCase();
  for (const promise of g.neverPromise) {
    const p = promise.toLowerCase();
    if (p && lower.includes(p) && !allowedText.includes(p)) violations.push(`a promise the policy did not make ("${promise}")`);
  }

  if (violations.length === 0) return { ok: true, violations };
  const leak = violations.some((v) => v.startsWith("another customer's"));
  return {
    ok: false,
    violations,
    replacement: leak
      ? "Sorry, I can only share details of your own account and orders."
      : "Sorry, I can't promise that. Let me know what else I can help with, or I can bring in a member of our team.",
  };
}
