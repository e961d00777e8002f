import "server-only";

import type { HandoffSummary, HandoffSummaryInput, JudgeInput, JudgeVerdict } from "../types";
import { contentTerms } from "./text";
import { parseName, parseYesNo } from "./slots";

const GREETING_ONLY = /^(hi|hello|hey|good (morning|afternoon|evening)|thanks|thank you)\b[\s!.,]*$/i;

function describeCustomer(customer: HandoffSummaryInput["customer"]): string {
  if (!customer || (!customer.name && !customer.email && !customer.id)) return "an unidentified customer";
  const contact = [customer.email, customer.id && `user ${customer.id}`].filter(Boolean).join(", ");
  return customer.name ? (contact ? `${customer.name} (${contact})` : customer.name) : contact;
}

const IDENTITY_WORDS = new Set(["name", "zip", "code", "email", "user", "id", "#num", "#email"]);

/** The first customer message that asks for something: not a greeting, a yes/no or only who they are. */
function firstRequest(transcript: HandoffSummaryInput["transcript"]): string | null {
  for (const turn of transcript) {
    if (turn.role !== "customer") continue;
    const text = turn.text.trim();
    if (GREETING_ONLY.test(text)) continue;
    const name = parseName(text);
    const nameWords = new Set(typeof name?.value === "string" ? contentTerms(name.value) : []);
    const rest = contentTerms(text).filter((t) => !IDENTITY_WORDS.has(t) && !nameWords.has(t));
    if (rest.length < 2 && (rest.length === 0 || parseYesNo(text) || name || /@/.test(text))) continue;
    return text;
  }
  return null;
}

export function summarizeForHandoffLocal(input: HandoffSummaryInput): HandoffSummary {
  const request = firstRequest(input.transcript);
  return {
    who: describeCustomer(input.customer),
    wants: request ?? (input.journey ? `help with ${input.journey}` : "not stated"),
    tried: [...input.attempted],
    why: input.reason,
  };
}

/** Deterministic rubric lines (`contains: x`, `not_contains: x`) checked against what the agent said. */
export function judgeLocal({ rubric, transcript }: JudgeInput): JudgeVerdict {
  const said = transcript
    .filter((t) => t.role === "agent")
    .map((t) => t.text)
    .join("\n")
    .toLowerCase();
  const lines = rubric.split("\n").map((l) => l.trim()).filter(Boolean);
  if (lines.length === 0) return { pass: false, score: 0, reasoning: "empty rubric", undecided: true };
  const failures: string[] = [];
  for (const line of lines) {
    const m = /^(contains|not_contains)\s*:\s*(.+)$/i.exec(line);
    if (!m) return { pass: false, score: 0, reasoning: `needs an llm judge: "${line}"`, undecided: true };
    const needle = m[2]!.trim().replace(/^["']|["']$/g, "").toLowerCase();
    const present = said.includes(needle);
    if (m[1]!.toLowerCase() === "contains" ? !present : present) failures.push(line);
  }
  const score = (lines.length - failures.length) / lines.length;
  return {
    pass: failures.length === 0,
    score,
    reasoning: failures.length === 0 ? `all ${lines.length} checks passed` : `failed: ${failures.join("; ")}`,
  };
}
