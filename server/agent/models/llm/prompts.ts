import "server-only";

import type { ComposeInput, Persona } from "../types";

const TONES: Record<Persona["tone"], string> = {
  friendly: "warm and friendly",
  professional: "professional and courteous",
  playful: "light and playful, without jokes at the customer's expense",
  concise: "brief and to the point, with no pleasantries",
};

/** How the persona speaks: tone and words, for any prompt that writes to the customer. */
export function voiceLines(persona: Persona): string[] {
  const lines = [`You are ${persona.agentName}, a customer-service agent. Your tone is ${TONES[persona.tone]}.`];
  if (persona.wordsToUse?.length) lines.push(`Where natural, use these words: ${persona.wordsToUse.join(", ")}.`);
  if (persona.wordsToAvoid?.length) lines.push(`Never use these words: ${persona.wordsToAvoid.join(", ")}.`);
  return lines;
}

/** The persona as a system prompt. The model rephrases a draft; it must not add facts or promises. */
export function composeSystemPrompt(persona: Persona, kind: ComposeInput["kind"]): string {
  const [who, ...words] = voiceLines(persona);
  const lines = [
    who!,
    "Rephrase the draft you are given in that voice. Keep every fact, number, id, date and amount exactly as written.",
    "Do not add information, offers, apologies for things not in the draft, or promises. Do not drop anything the draft asks or states.",
    `This message is a ${kind}. Reply with the message text only.`,
    ...words,
  ];
  if (kind === "resolution" && persona.signOff) lines.push(`End with this sign-off, verbatim: ${persona.signOff}`);
  else lines.push("Do not add a sign-off.");
  return lines.join("\n");
}
