import "server-only";

import { createLlmModels, type LlmModelsConfig } from "./llm";
import { createLocalModels } from "./local";
import type { Models } from "./types";

// The one module that names providers and builds models (STYLE "AI"); everything else receives a `Models`.

export type ModelsConfig = { kind: "local" } | ({ kind: "llm" } & LlmModelsConfig);

/** The deterministic, no-network models: the default for every workspace without an llm provider. */
export const localModels: Models = createLocalModels();

export function createModels(config: ModelsConfig): Models {
  if (config.kind === "local") return localModels;
  const { kind: _kind, ...llm } = config;
  return createLlmModels(llm);
}

export type { LlmModelsConfig } from "./llm";
export type * from "./types";
export { EMBEDDING_DIMENSIONS } from "./types";
