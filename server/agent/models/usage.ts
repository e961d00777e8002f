import "server-only";

import { AsyncLocalStorage } from "node:async_hooks";
import type { LanguageModelMiddleware } from "ai";

/** The model tokens a turn used: what the provider reported on each call, summed. */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

// The turn a model call belongs to. Models are built once per provider configuration and shared by every
// turn (resolve-models.ts), so the tally cannot live on them: each turn runs inside its own scope.
const scope = new AsyncLocalStorage<TokenUsage>();

/** Runs a turn with a tally that every language-model call inside it adds its reported usage to. */
export function countingUsage<T>(usage: TokenUsage, fn: () => Promise<T>): Promise<T> {
  return scope.run(usage, fn);
}

type ReportedUsage = { inputTokens: { total: number | undefined }; outputTokens: { total: number | undefined } };

function add(tally: TokenUsage | undefined, usage: ReportedUsage) {
  if (!tally) return;
  tally.inputTokens += usage.inputTokens.total ?? 0;
  tally.outputTokens += usage.outputTokens.total ?? 0;
}

/**
 * Reads the usage of every call of a wrapped language model (`wrapLanguageModel`): generated and streamed
 * calls alike, tool-calling steps included, whichever part of the runtime made them.
 */
export const usageMiddleware: LanguageModelMiddleware = {
  specificationVersion: "v3",
  async wrapGenerate({ doGenerate }) {
    const result = await doGenerate();
    add(scope.getStore(), result.usage);
    return result;
  },
  async wrapStream({ doStream }) {
    // Taken when the call starts: the stream's parts may be read from another async context.
    const tally = scope.getStore();
    const { stream, ...rest } = await doStream();
    const counted = stream.pipeThrough(
      new TransformStream({
        transform(part, controller) {
          if (part.type === "finish") add(tally, part.usage);
          controller.enqueue(part);
        },
      }),
    );
    return { stream: counted, ...rest };
  },
};
