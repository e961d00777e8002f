"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { notify } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/form-errors";
import type { ModelSettings } from "@/lib/schemas/workspace-settings";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";

export function ModelSettingsPage({ workspace }: { workspace: string }) {
  const trpc = useTRPC();
  const settings = useQuery(trpc.settings.get.queryOptions({ workspace }));
  if (settings.isPending) return <div className="h-64 animate-pulse rounded-card bg-zinc-100" />;
  if (settings.isError) return <FormError>{errorMessage(settings.error)}</FormError>;
  return <Loaded workspace={workspace} saved={settings.data} />;
}

type LlmForm = { baseURL: string; apiKeySecret: string; chatModel: string; embeddingModel: string; inputPricePerMillion: string; outputPricePerMillion: string };

const llmForm = (m: Extract<ModelSettings, { kind: "llm" }>): LlmForm => ({ ...m, inputPricePerMillion: String(m.inputPricePerMillion ?? 0), outputPricePerMillion: String(m.outputPricePerMillion ?? 0) });
// An empty price is 0 (not priced); anything else goes to the server as typed, which says what is wrong with it.
const priceOf = (v: string) => (v.trim() === "" ? 0 : Number(v));

function Loaded({ workspace, saved }: { workspace: string; saved: { model: ModelSettings; allowedHosts: string[] } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const can = useCan(workspace);
  const manage = can("settings:manage");
  const secrets = useQuery({ ...trpc.secrets.list.queryOptions({ workspace }), enabled: manage });
  const [kind, setKind] = useState(saved.model.kind);
  const [llm, setLlm] = useState<LlmForm>(
    saved.model.kind === "llm"
      ? llmForm(saved.model)
      : { baseURL: "https://api.openai.com/v1", apiKeySecret: "", chatModel: "gpt-4o-mini", embeddingModel: "text-embedding-3-small", inputPricePerMillion: "0", outputPricePerMillion: "0" },
  );
  const [hosts, setHosts] = useState(saved.allowedHosts.join("\n"));
  const model: ModelSettings =
    kind === "local" ? { kind: "local" } : { kind: "llm", ...llm, inputPricePerMillion: priceOf(llm.inputPricePerMillion), outputPricePerMillion: priceOf(llm.outputPricePerMillion) };
  const allowedHosts = hosts.split(/[\n,]/).map((h) => h.trim()).filter(Boolean);
  const save = useMutation(
    trpc.settings.save.mutationOptions({
      onSuccess: async () => {
        notify.success("Model settings saved");
        await queryClient.invalidateQueries({ queryKey: trpc.settings.get.queryKey() });
      },
    }),
  );
  const test = useMutation(trpc.settings.testConnection.mutationOptions());

  return (
    <div className="space-y-6">
      <PageHeader
        title="Model and network"
        description="Local models work offline with no key. An OpenAI-compatible provider (OpenAI, Azure OpenAI, Ollama, vLLM) enables AI steps and llm composition."
      />
      <fieldset disabled={!manage} className="space-y-6">
        <Card>
          <CardHeader>
            <CardTitle>Model provider</CardTitle>
          </CardHeader>
          <CardContent className="grid gap-4 sm:grid-cols-2">
            <FormField label="Provider">
              {(p) => (
                <Select {...p} value={kind} onChange={(e) => setKind(e.target.value as ModelSettings["kind"])}>
                  <option value="local">Local (offline, deterministic)</option>
                  <option value="llm">OpenAI-compatible API</option>
                </Select>
              )}
            </FormField>
            {kind === "llm" ? (
              <>
                <FormField label="Base URL">{(p) => <Input {...p} value={llm.baseURL} onChange={(e) => setLlm({ ...llm, baseURL: e.target.value })} />}</FormField>
                <FormField label="API key secret" hint="The name of a workspace secret; add it under Secrets.">
                  {(p) => (
                    <Select {...p} value={llm.apiKeySecret} onChange={(e) => setLlm({ ...llm, apiKeySecret: e.target.value })}>
                      <option value="">Choose a secret…</option>
                      {(secrets.data ?? []).map((s) => (
                        <option key={s.name}>{s.name}</option>
                      ))}
                    </Select>
                  )}
                </FormField>
                <FormField label="Chat model">{(p) => <Input {...p} value={llm.chatModel} onChange={(e) => setLlm({ ...llm, chatModel: e.target.value })} />}</FormField>
                <FormField label="Embedding model">{(p) => <Input {...p} value={llm.embeddingModel} onChange={(e) => setLlm({ ...llm, embeddingModel: e.target.value })} />}</FormField>
                <FormField label="Input price (USD per 1M tokens)" hint="The chat model's price, for the cost shown in Insights; 0 leaves it unpriced.">
                  {(p) => <Input {...p} type="number" min={0} step="any" inputMode="decimal" value={llm.inputPricePerMillion} onChange={(e) => setLlm({ ...llm, inputPricePerMillion: e.target.value })} />}
                </FormField>
                <FormField label="Output price (USD per 1M tokens)">
                  {(p) => <Input {...p} type="number" min={0} step="any" inputMode="decimal" value={llm.outputPricePerMillion} onChange={(e) => setLlm({ ...llm, outputPricePerMillion: e.target.value })} />}
                </FormField>
              </>
            ) : null}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Allowed private hosts</CardTitle>
            <CardDescription>Tools and the model provider may only reach public addresses, except these hosts (e.g. an internal API or a local Ollama). One per line, host or host:port.</CardDescription>
          </CardHeader>
          <CardContent>
            <Textarea aria-label="Allowed hosts" rows={3} className="font-mono text-xs" value={hosts} onChange={(e) => setHosts(e.target.value)} />
          </CardContent>
        </Card>
      </fieldset>
      <FormError>{save.isError ? errorMessage(save.error) : test.isError ? errorMessage(test.error) : null}</FormError>
      {manage ? (
        <div className="flex gap-2">
          <Button disabled={save.isPending} onClick={() => save.mutate({ workspace, model, allowedHosts })}>
            {save.isPending ? "Saving…" : "Save settings"}
          </Button>
          <Button variant="secondary" disabled={test.isPending} onClick={() => test.mutate({ workspace, model, allowedHosts })}>
            {test.isPending ? "Testing…" : "Test connection"}
          </Button>
        </div>
      ) : null}
      {test.data ? (
        <div className="space-y-1 text-sm" data-testid="connection-result" data-ok={test.data.ok}>
          <p className={test.data.chat.ok ? "text-emerald-700" : "text-red-700"}>
            Chat: {test.data.chat.ok ? `OK in ${test.data.chat.ms} ms (“${test.data.chat.text}”)` : test.data.chat.error}
          </p>
          <p className={test.data.embedding.ok ? "text-emerald-700" : "text-red-700"}>
            Embeddings: {test.data.embedding.ok ? `OK in ${test.data.embedding.ms} ms (${test.data.embedding.dimensions} dimensions)` : test.data.embedding.error}
          </p>
        </div>
      ) : null}
    </div>
  );
}
