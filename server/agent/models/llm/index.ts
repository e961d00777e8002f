import "server-only";

import { createOpenAI } from "@ai-sdk/openai";
import { embedMany, generateText, Output, streamText, type LanguageModel, wrapLanguageModel } from "ai";
import { z } from "zod";

import { detectSentimentLocal } from "../local/sentiment";
import { EMBEDDING_DIMENSIONS, type ClassifyResult, type ExtractedSlot, type IntentCandidate, type Models, type SlotRequest } from "../types";
import { usageMiddleware } from "../usage";
import { composeSystemPrompt, voiceLines } from "./prompts";

export interface LlmModelsConfig {
  /** Any OpenAI-compatible API, e.g. https://api.openai.com/v1 or http://localhost:11434/v1. */
  baseURL: string;
  apiKey: string;
  chatModel: string;
  embeddingModel: string;
  /** Retries on 429/5xx; the AI SDK default is 2. */
  maxRetries?: number;
  /** How requests are sent: the guarded client (server/net/outbound), so a provider URL cannot reach a private address. */
  fetch?: typeof fetch;
}

/** Below this the llm's own score does not count as a match. */
export const LLM_INTENT_SCORE_FLOOR = 0.5;

const classifySchema = z.object({
  scores: z.array(z.object({ id: z.string(), score: z.number().describe("0..1, how well the message fits this intent") })),
});
const slotValueSchema = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);
const slotsSchema = z.object({
  slots: z.array(z.object({ name: z.string(), value: slotValueSchema, source: z.string().describe("the exact words the value was read from") })),
});
const understandSchema = z.object({ scores: classifySchema.shape.scores, slots: slotsSchema.shape.slots });
const answerSchema = z.object({
  answer: z.string(),
  citedChunkIds: z.array(z.string()),
  grounded: z.boolean().describe("false when the sources do not contain the answer"),
});
const handoffSchema = z.object({ who: z.string(), wants: z.string(), tried: z.array(z.string()), why: z.string() });
const verdictSchema = z.object({ pass: z.boolean(), score: z.number().describe("0..1"), reasoning: z.string() });

// Built once: an Output converts its zod schema to the JSON schema sent as response_format when it is
// created, and doing that on every call was CPU on every turn (bench/servers).
const outputs = {
  understand: Output.object({ schema: understandSchema, name: "understand" }),
  classifyIntent: Output.object({ schema: classifySchema, name: "classifyIntent" }),
  extractSlots: Output.object({ schema: slotsSchema, name: "extractSlots" }),
  answerFromKnowledge: Output.object({ schema: answerSchema, name: "answerFromKnowledge" }),
  summarizeForHandoff: Output.object({ schema: handoffSchema, name: "summarizeForHandoff" }),
  judge: Output.object({ schema: verdictSchema, name: "judge" }),
};

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

function transcriptText(transcript: { role: string; text: string }[]): string {
  return transcript.map((t) => `${t.role}: ${t.text}`).join("\n");
}

/** Errors keep their cause but say which model call failed, so a 401 reads as more than "Unauthorized". */
async function call<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`llm ${operation} failed: ${message}`, { cause: error });
  }
}

const CLASSIFY_INSTRUCTIONS =
  "Score every intent from 0 to 1 for how well the message fits it. Use only the given ids. A message that fits none gets low scores everywhere.";
const EXTRACT_INSTRUCTIONS =
  "Return only slots the message actually states; never guess. " +
  "Formats: order_id like #W2378156; date as YYYY-MM-DD; number as a number; yes_no as a boolean; item_ids as an array of 10-digit strings; choice as one option value exactly; name as the person's full name.";

const intentList = (candidates: IntentCandidate[]) => candidates.map((c) => `- id: ${c.id}\n  description: ${c.description}\n  examples: ${c.examples.join(" | ")}`).join("\n");
const slotList = (slots: SlotRequest[]) =>
  slots
    .map((s) => `- ${s.name} (${s.type})${s.description ? `: ${s.description}` : ""}${s.options ? ` options: ${s.options.map((o) => [o.value, ...(o.synonyms ?? [])].join(" / ")).join("; ")}` : ""}`)
    .join("\n");

/** The model's scores for every candidate (missing ones score 0), best first. */
function toClassifyResult(candidates: IntentCandidate[], scores: { id: string; score: number }[]): ClassifyResult {
  if (candidates.length === 0) return { best: null, scores: [] };
  const byId = new Map(scores.map((s) => [s.id, clamp(s.score, 0, 1)]));
  const all = candidates.map((c) => ({ id: c.id, score: byId.get(c.id) ?? 0 })).sort((a, b) => b.score - a.score);
  const top = all[0]!;
  return { best: top.score >= LLM_INTENT_SCORE_FLOOR ? top : null, scores: all };
}

function toSlots(slots: SlotRequest[], found: { name: string; value: unknown; source: string }[]): ExtractedSlot[] {
  const bySlot = new Map(slots.map((s) => [s.name, s]));
  return found.flatMap((f) => {
    const slot = bySlot.get(f.name);
    const extracted = slot && coerceSlot(slot, f.value, f.source);
    return extracted ? [extracted] : [];
  });
}

/** Keeps requested slots only and coerces values to their declared type; drops what does not fit. */
function coerceSlot(slot: SlotRequest, value: unknown, source: string): ExtractedSlot | null {
  const text = Array.isArray(value) ? value.join(" ") : String(value).trim();
  if (text === "" || value === null) return null;
  switch (slot.type) {
    case "number": {
      const n = typeof value === "number" ? value : Number(text.replace(/[$,\s]/g, ""));
      return Number.isFinite(n) ? { name: slot.name, value: n, source } : null;
    }
    case "yes_no":
      if (typeof value === "boolean") return { name: slot.name, value, source };
      return /^(true|yes)$/i.test(text) ? { name: slot.name, value: true, source } : /^(false|no)$/i.test(text) ? { name: slot.name, value: false, source } : null;
    case "item_ids": {
      const ids = (Array.isArray(value) ? value.map(String) : text.split(/[\s,]+/)).filter((id) => /^\d{10}$/.test(id));
      return ids.length > 0 ? { name: slot.name, value: ids, source } : null;
    }
    case "order_id": {
      const m = /W?\s?(\d{7})/i.exec(text);
      return m ? { name: slot.name, value: `#W${m[1]}`, source } : null;
    }
    case "choice": {
      const option = slot.options?.find((o) => o.value.toLowerCase() === text.toLowerCase());
      return option ? { name: slot.name, value: option.value, source } : null;
    }
    default:
      return { name: slot.name, value: text, source };
  }
}

export function createLlmModels(config: LlmModelsConfig): Models {
  const provider = createOpenAI({ baseURL: config.baseURL, apiKey: config.apiKey, fetch: config.fetch });
  // Chat Completions, not the Responses API: it is what OpenAI-compatible servers implement.
  // Wrapped so each call's reported tokens count towards the turn that made it (../usage.ts).
  const model: LanguageModel = wrapLanguageModel({ model: provider.chat(config.chatModel), middleware: usageMiddleware });
  const embeddingModel = provider.embedding(config.embeddingModel);
  const settings = { model, maxRetries: config.maxRetries, temperature: 0 };

  async function object<K extends keyof typeof outputs>(operation: K, system: string, prompt: string) {
    return call(operation, async () => {
      const result = await generateText({ ...settings, system, prompt, output: outputs[operation] });
      return result.output;
    });
  }

  return {
    kind: "llm",

    // One structured call for everything the turn reads from the message: one round trip, not one per question.
    async understand(text, { intents, slots, now = new Date() }) {
      if (intents.length === 0 && slots.length === 0) return { intent: { best: null, scores: [] }, slots: [] };
      const result = await object(
        "understand",
        `You read customer-service messages. Intents: ${intents.length ? CLASSIFY_INSTRUCTIONS : "there are none; return no scores."} Slots: extract values from the message. ${EXTRACT_INSTRUCTIONS}`,
        `Today is ${now.toISOString().slice(0, 10)}.\nIntents:\n${intentList(intents) || "- none"}\nSlots:\n${slotList(slots) || "- none"}\n\nCustomer message: ${text}`,
      );
      return { intent: toClassifyResult(intents, result.scores), slots: toSlots(slots, result.slots) };
    },

    async classifyIntent(text, candidates) {
      if (candidates.length === 0) return { best: null, scores: [] };
      const { scores } = await object(
        "classifyIntent",
        `You route customer-service messages to intents. ${CLASSIFY_INSTRUCTIONS}`,
        `Intents:\n${intentList(candidates)}\n\nCustomer message: ${text}`,
      );
      return toClassifyResult(candidates, scores);
    },

    async extractSlots(text, slots, opts) {
      if (slots.length === 0) return [];
      const now = opts?.now ?? new Date();
      const { slots: found } = await object(
        "extractSlots",
        `You extract values from a customer's message. ${EXTRACT_INSTRUCTIONS}`,
        `Today is ${now.toISOString().slice(0, 10)}.\nSlots:\n${slotList(slots)}\n\nCustomer message: ${text}`,
      );
      return toSlots(slots, found);
    },

    // There is no setting for model sentiment: a round trip per turn for what a lexicon does well enough.
    detectSentiment: async (text) => detectSentimentLocal(text),

    async composeReply(input) {
      const text = await call("composeReply", async () => {
        const result = await generateText({
          ...settings,
          system: composeSystemPrompt(input.persona, input.kind),
          prompt: `Customer's last message: ${input.customerMessage}\n\nDraft to rephrase:\n${input.draft}`,
        });
        return result.text.trim();
      });
      if (!text) throw new Error("llm composeReply failed: the model returned an empty reply");
      return text;
    },

    // Starts the request at once (pieces of one reply are composed side by side) and reads it when iterated.
    streamReply(input, signal) {
      const result = streamText({
        ...settings,
        system: composeSystemPrompt(input.persona, input.kind),
        prompt: `Customer's last message: ${input.customerMessage}\n\nDraft to rephrase:\n${input.draft}`,
        abortSignal: signal,
        // Errors arrive as `error` parts below and are thrown from there, not logged twice.
        onError: () => {},
      });
      return (async function* () {
        let empty = true;
        for await (const part of result.fullStream) {
          if (part.type === "error") throw new Error(`llm streamReply failed: ${part.error instanceof Error ? part.error.message : String(part.error)}`, { cause: part.error });
          if (part.type === "text-delta" && part.text) {
            empty &&= !part.text.trim();
            yield part.text;
          }
        }
        if (empty && !signal.aborted) throw new Error("llm streamReply failed: the model returned an empty reply");
      })();
    },

    async answerFromKnowledge(question, chunks, opts) {
      if (chunks.length === 0) return { text: "I'm sorry, I don't know the answer to that from our help articles.", citations: [], grounded: false };
      const sources = chunks.map((c) => `[${c.id}] ${c.documentTitle} — ${c.section}\n${c.text}`).join("\n\n");
      // In the persona's voice when there is one: the answer is then the reply, with no call to rephrase it.
      const voice = opts?.persona ? `${voiceLines(opts.persona).join(" ")} Write the answer to the customer in that voice, with no sign-off. ` : "";
      const result = await object(
        "answerFromKnowledge",
        voice +
          "Answer the customer's question using only the sources below, citing the ids of the sources you used. " +
          "If the sources do not contain the answer, say you don't know and set grounded to false. Never add facts, prices or promises that are not in the sources.",
        `Sources:\n${sources}\n\nQuestion: ${question}`,
      );
      const byId = new Map(chunks.map((c) => [c.id, c]));
      const citations = [...new Set(result.citedChunkIds)].flatMap((id) => {
        const chunk = byId.get(id);
        return chunk ? [{ chunkId: chunk.id, documentTitle: chunk.documentTitle, section: chunk.section }] : [];
      });
      // An answer that cites nothing we gave it is not grounded, whatever the model claims.
      return { text: result.answer, citations, grounded: result.grounded && citations.length > 0, ...(opts?.persona ? { voiced: true } : {}) };
    },

    async summarizeForHandoff(input) {
      const customer = input.customer ? JSON.stringify(input.customer) : "not identified";
      return object(
        "summarizeForHandoff",
        "Summarise a customer-service conversation for the human agent taking over. who: the customer (or \"an unidentified customer\"); wants: their request in one sentence; tried: what was attempted; why: why it escalates. Use only facts from the input.",
        `Customer: ${customer}\nJourney: ${input.journey ?? "none"}\nAttempted:\n${input.attempted.map((a) => `- ${a}`).join("\n") || "- nothing"}\nReason: ${input.reason}\n\nTranscript:\n${transcriptText(input.transcript)}`,
      );
    },

    async judge(input) {
      const verdict = await object(
        "judge",
        "You grade a customer-service agent's conversation against a rubric. Pass only if every rubric point is met. Explain briefly.",
        `Rubric:\n${input.rubric}\n\nTranscript:\n${transcriptText(input.transcript)}`,
      );
      return { ...verdict, score: clamp(verdict.score, 0, 1) };
    },

    async embed(texts) {
      if (texts.length === 0) return [];
      const { embeddings } = await call("embed", () =>
        embedMany({
          model: embeddingModel,
          values: texts,
          maxRetries: config.maxRetries,
          providerOptions: { openai: { dimensions: EMBEDDING_DIMENSIONS } },
        }),
      );
      const wrong = embeddings.find((e) => e.length !== EMBEDDING_DIMENSIONS);
      if (wrong) throw new Error(`llm embed failed: the model returned ${wrong.length} dimensions, expected ${EMBEDDING_DIMENSIONS}`);
      return embeddings;
    },
  };
}
