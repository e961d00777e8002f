import "server-only";
import { createOpenAI } from "@ai-sdk/openai";
import type { LanguageModel } from "ai";
import type { ModelSettings } from "@/lib/schemas/workspace-settings";
import { createModels, localModels, type Models } from "@/server/agent/models";
import { invalid } from "@/server/errors";

export interface ResolvedModels {
  models: Models;
  languageModel?: LanguageModel;
}

/** Models for a workspace's settings; the API key comes from the named secret, never from the settings. */
export async function resolveModels(
  settings: ModelSettings,
  resolveSecret: (name: string) => Promise<string | undefined>,
  opts: { maxRetries?: number } = {},
): Promise<ResolvedModels> {
  if (settings.kind === "local") return { models: localModels };
  const apiKey = await resolveSecret(settings.apiKeySecret);
  if (apiKey === undefined) throw invalid(`The model provider's API key secret ${settings.apiKeySecret} is not set: add it under Settings → Secrets`);
  const config = { baseURL: settings.baseURL, apiKey, chatModel: settings.chatModel, embeddingModel: settings.embeddingModel, maxRetries: opts.maxRetries };
  return {
    models: createModels({ kind: "llm", ...config }),
    languageModel: createOpenAI({ baseURL: config.baseURL, apiKey }).chat(config.chatModel),
  };
}
