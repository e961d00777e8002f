import "server-only";
import { createOpenAI } from "@ai-sdk/openai";
import type { LanguageModel } from "ai";
import type { ModelSettings } from "@/lib/schemas/workspace-settings";
import { createModels, localModels, type Models } from "@/server/agent/models";
import { invalid } from "@/server/errors";
import { guardedFetch } from "@/server/net/outbound";

export interface ResolvedModels {
  models: Models;
  languageModel?: LanguageModel;
}

/**
 * Models for a workspace's settings; the API key comes from the named secret, never from the settings.
 * The provider is called through the guarded client: a private address only when it is an allowed host.
 */
export async function resolveModels(
  settings: ModelSettings,
  resolveSecret: (name: string) => Promise<string | undefined>,
  opts: { maxRetries?: number; allowHosts?: readonly string[] } = {},
): Promise<ResolvedModels> {
  if (settings.kind === "local") return { models: localModels };
  const apiKey = await resolveSecret(settings.apiKeySecret);
  if (apiKey === undefined) throw invalid(`The model provider's API key secret ${settings.apiKeySecret} is not set: add it under Settings → Secrets`);
  const fetch = guardedFetch({ allowHosts: opts.allowHosts });
  const config = { baseURL: settings.baseURL, apiKey, chatModel: settings.chatModel, embeddingModel: settings.embeddingModel, maxRetries: opts.maxRetries, fetch };
  return {
    models: createModels({ kind: "llm", ...config }),
    languageModel: createOpenAI({ baseURL: config.baseURL, apiKey, fetch }).chat(config.chatModel),
  };
}
