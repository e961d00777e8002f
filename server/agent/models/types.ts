// The model constellation (DESIGN §3). The pipeline calls these small interfaces; `local` implements
// them deterministically with no network, `llm` through the AI SDK against an OpenAI-compatible API.

export type SlotType = "text" | "number" | "email" | "date" | "order_id" | "choice" | "yes_no" | "item_ids" | "zip" | "name";

export interface IntentCandidate {
  /** A journey id (or any label the caller uses). */
  id: string;
  description: string;
  examples: string[];
}

export interface IntentScore {
  id: string;
  score: number; // 0..1
}

export interface ClassifyResult {
  best: IntentScore | null; // null when nothing clears the model's own floor
  scores: IntentScore[]; // every candidate, best first
}

export interface SlotRequest {
  name: string;
  type: SlotType;
  /** For `choice`: the allowed values (with optional synonyms). */
  options?: { value: string; synonyms?: string[] }[];
  description?: string;
}

export interface ExtractedSlot {
  name: string;
  value: string | number | boolean | string[];
  /** The text the value was read from, for the trace. */
  source: string;
}

/** Everything a turn may read from the customer's message, asked for at once (one model call on the llm path). */
export interface UnderstandRequest {
  /** Intents the message may start or switch to; none → no classification. */
  intents: IntentCandidate[];
  /** Slots to read from the message; names are unique within the request. */
  slots: SlotRequest[];
  now?: Date;
}

export interface Understanding {
  intent: ClassifyResult;
  slots: ExtractedSlot[];
}

export interface Sentiment {
  score: number; // -1 (very negative) .. 1 (very positive)
  label: "negative" | "neutral" | "positive";
}

export interface Persona {
  agentName: string;
  tone: "friendly" | "professional" | "playful" | "concise";
  greeting: string;
  signOff?: string;
  wordsToUse?: string[];
  wordsToAvoid?: string[];
}

export interface ComposeInput {
  persona: Persona;
  /** What the journey wants said, already filled with variables (the local composer uses it verbatim). */
  draft: string;
  /** The customer's last message, for llm composition. */
  customerMessage: string;
  kind: "message" | "question" | "confirmation" | "refusal" | "handoff" | "answer" | "clarify" | "resolution";
}

export interface KnowledgeChunk {
  id: string;
  documentTitle: string;
  section: string;
  text: string;
  score: number;
}

export interface KnowledgeAnswer {
  text: string;
  citations: { chunkId: string; documentTitle: string; section: string }[];
  grounded: boolean;
  /** Written in the given persona's voice, so the reply needs no second call to compose it. */
  voiced?: boolean;
}

export interface HandoffSummaryInput {
  customer: { id?: string; name?: string; email?: string } | null;
  transcript: { role: "customer" | "agent"; text: string }[];
  journey: string | null;
  attempted: string[]; // tools called and decisions, in plain words
  reason: string; // why it escalates
}

export interface HandoffSummary {
  who: string;
  wants: string;
  tried: string[];
  why: string;
}

export interface JudgeInput {
  rubric: string;
  transcript: { role: "customer" | "agent"; text: string }[];
}

export interface JudgeVerdict {
  pass: boolean;
  score: number; // 0..1
  reasoning: string;
  /** The judge could not grade this rubric (local models read only `contains:` / `not_contains:` lines): pass and score mean nothing. */
  undecided?: boolean;
}

export interface Models {
  kind: "local" | "llm";
  /** Intent and slots together: what the turn pipeline calls once, near the start of a turn. */
  understand(text: string, request: UnderstandRequest): Promise<Understanding>;
  classifyIntent(text: string, candidates: IntentCandidate[]): Promise<ClassifyResult>;
  extractSlots(text: string, slots: SlotRequest[], opts?: { now?: Date }): Promise<ExtractedSlot[]>;
  detectSentiment(text: string): Promise<Sentiment>;
  composeReply(input: ComposeInput): Promise<string>;
  /** The same reply as it is generated (llm only): text pieces in order, stopped early by `signal`. */
  streamReply?(input: ComposeInput, signal: AbortSignal): AsyncIterable<string>;
  /** With a persona, an llm writes the answer in its voice (one round trip for the reply, not two). */
  answerFromKnowledge(question: string, chunks: KnowledgeChunk[], opts?: { persona?: Persona }): Promise<KnowledgeAnswer>;
  summarizeForHandoff(input: HandoffSummaryInput): Promise<HandoffSummary>;
  judge(input: JudgeInput): Promise<JudgeVerdict>;
  embed(texts: string[]): Promise<number[][]>;
}

/** The fixed dimension of every embedding index. */
export const EMBEDDING_DIMENSIONS = 384;
