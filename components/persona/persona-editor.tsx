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
import type { Persona } from "@/lib/schemas/persona";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";

const words = (s: string) => s.split(",").map((w) => w.trim()).filter(Boolean);

export function PersonaEditor({ workspace, agent }: { workspace: string; agent: string }) {
  const trpc = useTRPC();
  const current = useQuery(trpc.agents.get.queryOptions({ workspace, agent }));
  if (current.isPending) return <div className="h-64 animate-pulse rounded-card bg-zinc-100" />;
  if (current.isError) return <FormError>{errorMessage(current.error)}</FormError>;
  return <Loaded workspace={workspace} agent={agent} saved={current.data.persona} />;
}

function Loaded({ workspace, agent, saved }: { workspace: string; agent: string; saved: Persona }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const can = useCan(workspace);
  const editable = can("agents:write");
  const [p, setP] = useState<Persona>(saved);
  const [use, setUse] = useState((saved.wordsToUse ?? []).join(", "));
  const [avoid, setAvoid] = useState((saved.wordsToAvoid ?? []).join(", "));
  const [draft, setDraft] = useState("Unfortunately your order #W1234567 can't be cancelled because it has shipped.");
  const [kind, setKind] = useState<"resolution" | "refusal" | "message">("refusal");
  const persona: Persona = { ...p, wordsToUse: words(use), wordsToAvoid: words(avoid) };
  const save = useMutation(
    trpc.settings.savePersona.mutationOptions({
      onSuccess: async () => {
        notify.success("Persona saved");
        await queryClient.invalidateQueries({ queryKey: trpc.agents.get.queryKey() });
      },
    }),
  );
  const preview = useMutation(trpc.settings.previewPersona.mutationOptions());

  return (
    <div className="space-y-6">
      <PageHeader
        title="Persona and brand voice"
        description="How the agent sounds. The local composer and the llm prompt both use these."
        actions={
          editable ? (
            <Button disabled={save.isPending} onClick={() => save.mutate({ workspace, agent, persona })}>
              {save.isPending ? "Saving…" : "Save persona"}
            </Button>
          ) : null
        }
      />
      <FormError>{save.isError ? errorMessage(save.error) : null}</FormError>
      <fieldset disabled={!editable}>
        <Card>
          <CardContent className="grid gap-4 pt-4 sm:grid-cols-2">
            <FormField label="Agent name">{(f) => <Input {...f} value={p.agentName} onChange={(e) => setP({ ...p, agentName: e.target.value })} />}</FormField>
            <FormField label="Tone">
              {(f) => (
                <Select {...f} value={p.tone} onChange={(e) => setP({ ...p, tone: e.target.value as Persona["tone"] })}>
                  <option value="friendly">Friendly</option>
                  <option value="professional">Professional</option>
                  <option value="playful">Playful</option>
                  <option value="concise">Concise</option>
                </Select>
              )}
            </FormField>
            <div className="sm:col-span-2">
              <FormField label="Greeting">{(f) => <Textarea {...f} rows={2} value={p.greeting} onChange={(e) => setP({ ...p, greeting: e.target.value })} />}</FormField>
            </div>
            <FormField label="Sign-off" hint="Added when a conversation is resolved.">{(f) => <Input {...f} value={p.signOff ?? ""} onChange={(e) => setP({ ...p, signOff: e.target.value })} />}</FormField>
            <div />
            <FormField label="Words to use" hint="Comma separated.">{(f) => <Input {...f} value={use} onChange={(e) => setUse(e.target.value)} />}</FormField>
            <FormField label="Words to avoid" hint="Comma separated; the local composer rewrites or drops them.">{(f) => <Input {...f} value={avoid} onChange={(e) => setAvoid(e.target.value)} />}</FormField>
          </CardContent>
        </Card>
      </fieldset>
      <Card data-testid="persona-preview">
        <CardHeader>
          <CardTitle>Preview</CardTitle>
          <CardDescription>A draft reply as the local composer would send it in this voice.</CardDescription>
        </CardHeader>
        <CardContent className="space-y-3">
          <div className="grid gap-3 sm:grid-cols-[1fr_12rem]">
            <FormField label="Draft">{(f) => <Textarea {...f} rows={2} value={draft} onChange={(e) => setDraft(e.target.value)} />}</FormField>
            <FormField label="Kind of reply">
              {(f) => (
                <Select {...f} value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
                  <option value="refusal">Refusal</option>
                  <option value="resolution">Resolution (ends with sign-off)</option>
                  <option value="message">Message</option>
                </Select>
              )}
            </FormField>
          </div>
          <Button variant="secondary" disabled={preview.isPending} onClick={() => preview.mutate({ workspace, persona, draft, kind })}>
            Preview
          </Button>
          <FormError>{preview.isError ? errorMessage(preview.error) : null}</FormError>
          {preview.data ? <p className="whitespace-pre-wrap rounded-md bg-zinc-50 p-3 text-sm" data-testid="persona-preview-text">{preview.data.text}</p> : null}
        </CardContent>
      </Card>
    </div>
  );
}
