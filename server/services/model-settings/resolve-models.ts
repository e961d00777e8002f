import "server-only";
import { createOpenAI } from "@ai-sdk/openai";
import { type LanguageModel, wrapLanguageModel } from "ai";
import type { ModelSettings } from "@/lib/schemas/workspace-settings";
import { createModels, localModels, type Models } from "@/server/agent/models";
import { usageMiddleware } from "@/server/agent/models/usage";
import { invalid } from "@/server/errors";
import { guardedFetch } from "@/server/net/outbound";

export interface ResolvedModels {
  models: Models;
  languageModel?: LanguageModel;
}

// Built once per provider configuration, not per turn: the provider and its models hold no state but
// their settings, so every turn with the same settings, key and allowed hosts can share them.
const MAX_CACHED = 500;
const cache = new Map<string, ResolvedModels>();

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
  const key = JSON.stringify([settings, apiKey, opts.maxRetries ?? null, opts.allowHosts ?? []]);
  const cached = cache.get(key);
  if (cached) return cached;
  const fetch = guardedFetch({ allowHosts: opts.allowHosts });
  const config = { baseURL: settings.baseURL, apiKey, chatModel: settings.chatModel, embeddingModel: settings.embeddingModel, maxRetries: opts.maxRetries, fetch };
  const resolved = {
    models: createModels({ kind: "llm", ...config }),
    // ai_step nodes' model: its tokens count towards the turn as the other calls' do.
    languageModel: wrapLanguageModel({ model: createOpenAI({ baseURL: config.baseURL, apiKey, fetch }).chat(config.chatModel), middleware: usageMiddleware }),
  };
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!); // the oldest entry
  cache.set(key, resolved);
  return resolved;
}
