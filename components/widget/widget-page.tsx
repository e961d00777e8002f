"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { MessageSquareCode } from "lucide-react";
import { useState } from "react";
import { CopyField } from "@/components/api-keys/copy-field";
import { IdentityDocs } from "@/components/customers/identity-docs";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { QueryView } from "@/components/ui/query-view";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { errorMessage } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";
import { useHydrated } from "@/lib/use-hydrated";
import { defaultWidgetTheme, type WidgetTheme } from "@/server/services/widget/theme";
import { WidgetPreview } from "./widget-preview";

interface WidgetKey {
  id: string;
  publicKey: string;
  allowedOrigins: string[];
  theme: WidgetTheme;
  enabled: boolean;
}

const lines = (text: string) => text.split("\n").map((l) => l.trim()).filter(Boolean);

export function WidgetPage({ workspace, agent }: { workspace: string; agent: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const can = useCan(workspace);
  const current = useQuery(trpc.agents.get.queryOptions({ workspace, agent }));
  const agentId = current.data?.id;
  const keys = useQuery({ ...trpc.widget.list.queryOptions({ workspace, agentId: agentId ?? "" }), enabled: !!agentId });
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.widget.list.queryKey() });
  const create = useMutation(trpc.widget.create.mutationOptions({ onSuccess: invalidate }));
  const manage = can("widget:manage");
  const ws = useQuery(trpc.workspaces.get.queryOptions({ workspace }));
  const studioOrigin = useHydrated() ? window.location.origin : "";

  return (
    <div className="space-y-8">
      <PageHeader
        title="Web widget"
        description="A chat bubble for your website with one script tag. It serves the live release and works only on the origins you allow."
        className="items-end"
        actions={
          manage && agentId && (keys.data?.length ?? 0) > 0 ? (
            <Button variant="secondary" disabled={create.isPending} onClick={() => create.mutate({ workspace, agentId })}>
              New widget key
            </Button>
          ) : null
        }
      />
      <FormError>{create.isError ? errorMessage(create.error) : null}</FormError>
      {/* Pending also while the agent loads: the keys query waits for its id. */}
      <QueryView
        query={keys}
        empty={
          <EmptyState
            icon={<MessageSquareCode />}
            title="No widget yet"
            action={
              manage && agentId ? (
                <Button disabled={create.isPending} onClick={() => create.mutate({ workspace, agentId })}>
                  Create widget
                </Button>
              ) : null
            }
          >
            Create a widget key, allow your site&apos;s origin, then paste the script tag into your pages.
          </EmptyState>
        }
      >
        {(widgetKeys) => (
          <>
            {widgetKeys.map((k) => (
              <WidgetEditor key={k.id} workspace={workspace} widget={k} agentName={current.data?.persona.agentName ?? ""} greeting={current.data?.persona.greeting ?? ""} canEdit={manage} onChanged={invalidate} />
            ))}
            {ws.data ? <IdentityDocs workspace={workspace} workspaceId={ws.data.id} publicKey={widgetKeys[0]!.publicKey} studioOrigin={studioOrigin} /> : null}
          </>
        )}
      </QueryView>
    </div>
  );
}

function WidgetEditor({ workspace, widget, agentName, greeting, canEdit, onChanged }: { workspace: string; widget: WidgetKey; agentName: string; greeting: string; canEdit: boolean; onChanged: () => Promise<void> }) {
  const trpc = useTRPC();
  const [theme, setTheme] = useState<WidgetTheme>({ ...defaultWidgetTheme, ...widget.theme });
  const [origins, setOrigins] = useState(widget.allowedOrigins.join("\n"));
  const [prompts, setPrompts] = useState(widget.theme.starterPrompts.join("\n"));
  const [deleting, setDeleting] = useState(false);
  const studioOrigin = useHydrated() ? window.location.origin : "";
  const save = useMutation(trpc.widget.update.mutationOptions({ onSuccess: onChanged }));
  const remove = useMutation(trpc.widget.delete.mutationOptions({ onSuccess: onChanged }));
  const preview = { ...theme, starterPrompts: lines(prompts).slice(0, 4) };
  const snippet = `<script src="${studioOrigin}/widget.js" data-key="${widget.publicKey}" async></script>`;
  const set = <K extends keyof WidgetTheme>(k: K, v: WidgetTheme[K]) => setTheme((t) => ({ ...t, [k]: v }));

  return (
    <Card data-testid="widget-key" data-public-key={widget.publicKey}>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <code className="text-sm">{widget.publicKey}</code>
          {widget.enabled ? <Badge variant="brand">enabled</Badge> : <Badge>disabled</Badge>}
        </CardTitle>
        <CardDescription>Paste this before &lt;/body&gt; on your site:</CardDescription>
        <CopyField value={snippet} label="Embed snippet" />
      </CardHeader>
      <CardContent className="grid gap-6 lg:grid-cols-2">
        <form
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ workspace, widgetKeyId: widget.id, allowedOrigins: lines(origins), theme: preview });
          }}
        >
          <FormField label="Allowed origins" hint="One per line, e.g. https://shop.example.com. Other sites get no answers.">
            {(field) => <Textarea {...field} rows={3} value={origins} onChange={(e) => setOrigins(e.target.value)} disabled={!canEdit} />}
          </FormField>
          <div className="grid grid-cols-2 gap-3">
            <FormField label="Title">{(field) => <Input {...field} value={theme.title} onChange={(e) => set("title", e.target.value)} disabled={!canEdit} />}</FormField>
            <FormField label="Colour">
              {(field) => <Input {...field} type="color" value={theme.color} onChange={(e) => set("color", e.target.value)} disabled={!canEdit} className="h-9 p-1" />}
            </FormField>
            <FormField label="Avatar URL">
              {(field) => <Input {...field} type="url" value={theme.avatarUrl} placeholder="https://…/avatar.png" onChange={(e) => set("avatarUrl", e.target.value)} disabled={!canEdit} />}
            </FormField>
            <FormField label="Position">
              {(field) => (
                <Select {...field} value={theme.position} onChange={(e) => set("position", e.target.value as WidgetTheme["position"])} disabled={!canEdit}>
                  <option value="right">Bottom right</option>
                  <option value="left">Bottom left</option>
                </Select>
              )}
            </FormField>
          </div>
          <FormField label="Starter prompts" hint="Up to 4, one per line: buttons visitors can tap to start">
            {(field) => <Textarea {...field} rows={3} value={prompts} onChange={(e) => setPrompts(e.target.value)} disabled={!canEdit} />}
          </FormField>
          <FormError>{save.isError ? errorMessage(save.error) : null}</FormError>
          {save.isSuccess && !save.isPending ? (
            <p role="status" className="text-sm text-emerald-700">
              Saved.
            </p>
          ) : null}
          {canEdit ? (
            <div className="flex flex-wrap gap-2">
              <Button type="submit" disabled={save.isPending}>
                Save widget
              </Button>
              <Button variant="secondary" disabled={save.isPending} onClick={() => save.mutate({ workspace, widgetKeyId: widget.id, enabled: !widget.enabled })}>
                {widget.enabled ? "Disable" : "Enable"}
              </Button>
              <Button variant="ghost" className="text-red-700" onClick={() => setDeleting(true)}>
                Delete
              </Button>
            </div>
          ) : null}
        </form>
        <WidgetPreview theme={preview} agentName={agentName} greeting={greeting} />
      </CardContent>
      <ConfirmDialog
        open={deleting}
        onClose={() => setDeleting(false)}
        title="Delete this widget key?"
        description="Sites using it stop showing the chat at once. Past conversations stay."
        confirmLabel="Delete widget key"
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onConfirm={() => remove.mutate({ workspace, widgetKeyId: widget.id })}
      />
    </Card>
  );
}
