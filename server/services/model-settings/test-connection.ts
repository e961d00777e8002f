import "server-only";
import { createOpenAI } from "@ai-sdk/openai";
import { embed, generateText } from "ai";
import { type ModelSettings, modelSettingsSchema } from "@/lib/schemas/workspace-settings";
import { invalid } from "@/server/errors";
import { checkOutboundUrl, guardedFetch } from "@/server/net/outbound";
import type { WorkspaceCtx } from "@/server/services/context";
import { secretResolver } from "@/server/services/secrets/secrets";
import { readWorkspaceSettings } from "./workspace-settings";

export interface ConnectionCheck {
  ok: boolean;
  chat: { ok: boolean; ms: number; text?: string; error?: string };
  embedding: { ok: boolean; ms: number; dimensions?: number; error?: string };
}

const message = (e: unknown) => {
  const err = e as { message?: string; statusCode?: number; cause?: { message?: string } };
  const detail = err.cause?.message && !err.message?.includes(err.cause.message) ? ` (${err.cause.message})` : "";
  return `${err.statusCode ? `HTTP ${err.statusCode}: ` : ""}${err.message ?? String(e)}${detail}`;
};

/** One tiny chat completion and one embedding against the settings being edited (or the saved ones). */
export async function testModelConnection(ctx: WorkspaceCtx, input: { model?: ModelSettings; allowedHosts?: string[] }): Promise<ConnectionCheck> {
  const saved = await readWorkspaceSettings(ctx.db, ctx.workspace.id);
  const model = modelSettingsSchema.parse(input.model ?? saved.model);
  if (model.kind === "local") return { ok: true, chat: { ok: true, ms: 0, text: "Local models need no connection." }, embedding: { ok: true, ms: 0, dimensions: 384 } };
  const allowHosts = input.allowedHosts ?? saved.allowedHosts;
  await checkOutboundUrl(model.baseURL, { allowHosts });
  const apiKey = await secretResolver(ctx.db, ctx.workspace.id)(model.apiKeySecret);
  if (apiKey === undefined) throw invalid(`There is no secret named ${model.apiKeySecret}: add it under Settings → Secrets first`);
  const provider = createOpenAI({ baseURL: model.baseURL, apiKey, fetch: guardedFetch({ allowHosts }) });

  const timed = async <T>(run: () => Promise<T>): Promise<{ ms: number; value?: T; error?: string }> => {
    const started = performance.now();
    try {
      const value = await run();
      return { ms: Math.round(performance.now() - started), value };
    } catch (e) {
      return { ms: Math.round(performance.now() - started), error: message(e) };
    }
  };
  const signal = () => AbortSignal.timeout(15_000);
  const chat = await timed(() => generateText({ model: provider.chat(model.chatModel), prompt: "Reply with the word OK.", maxOutputTokens: 5, maxRetries: 0, abortSignal: signal() }));
  const emb = await timed(() => embed({ model: provider.embedding(model.embeddingModel), value: "connection test", maxRetries: 0, abortSignal: signal() }));
  return {
    ok: !chat.error && !emb.error,
    chat: chat.error ? { ok: false, ms: chat.ms, error: chat.error } : { ok: true, ms: chat.ms, text: chat.value!.text },
    embedding: emb.error ? { ok: false, ms: emb.ms, error: emb.error } : { ok: true, ms: emb.ms, dimensions: emb.value!.embedding.length },
  };
}
