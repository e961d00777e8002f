"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Select } from "@/components/ui/select";
import { notify } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/form-errors";
import type { PrivacySettings, RetentionMode } from "@/lib/schemas/privacy";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";

/** Settings › Privacy: retention of old conversations and redaction of stored traces (server/services/privacy). */
export function PrivacySettingsPage({ workspace }: { workspace: string }) {
  const trpc = useTRPC();
  const settings = useQuery(trpc.privacy.settings.queryOptions({ workspace }));
  if (settings.isPending) return <div className="h-64 animate-pulse rounded-card bg-zinc-100" aria-busy="true" />;
  if (settings.isError) return <FormError>{errorMessage(settings.error)}</FormError>;
  return <Loaded workspace={workspace} saved={settings.data} />;
}

function Loaded({ workspace, saved }: { workspace: string; saved: PrivacySettings }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const manage = useCan(workspace)("privacy:manage");
  const [mode, setMode] = useState<RetentionMode>(saved.retention.mode);
  const [days, setDays] = useState(saved.retention.mode === "off" ? "365" : String(saved.retention.days));
  const [redactPii, setRedactPii] = useState(saved.redactPii);
  const save = useMutation(
    trpc.privacy.saveSettings.mutationOptions({
      onSuccess: async () => {
        notify.success("Privacy settings saved");
        await queryClient.invalidateQueries({ queryKey: trpc.privacy.settings.queryKey() });
      },
    }),
  );
  const submit = () => save.mutate({ workspace, retention: mode === "off" ? { mode } : { mode, days: Number(days) }, redactPii });

  return (
    <div className="space-y-6">
      <PageHeader
        title="Privacy"
        description="How long conversations are kept, and what personal data stays out of stored traces. To forget one customer or export their data, open them under Customers."
      />
      <fieldset disabled={!manage} className="space-y-6">
        <Card>
          <CardHeader>
            <CardTitle>Retention</CardTitle>
            <CardDescription>
              Once a day, conversations whose last message is older than this are deleted (with their messages, traces, tool calls and annotations; insights keep the counts) or
              anonymized (kept, with every message redacted and the customer unlinked).
            </CardDescription>
          </CardHeader>
          <CardContent className="grid max-w-xl gap-4 sm:grid-cols-2">
            <FormField label="Old conversations">
              {(p) => (
                <Select {...p} value={mode} onChange={(e) => setMode(e.target.value as RetentionMode)} data-testid="retention-mode">
                  <option value="off">Keep for ever</option>
                  <option value="delete">Delete</option>
                  <option value="anonymize">Anonymize</option>
                </Select>
              )}
            </FormField>
            {mode !== "off" ? (
              <FormField label="After days" hint="Counted from the conversation's last message">
                {(p) => <Input {...p} type="number" min={1} max={3650} value={days} onChange={(e) => setDays(e.target.value)} data-testid="retention-days" />}
              </FormField>
            ) : null}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Redaction</CardTitle>
            <CardDescription>
              Replace email addresses, phone numbers and card numbers (Luhn-checked) with [email], [phone] and [card number] in what is stored of each turn&apos;s trace and of
              tool calls (arguments, results, errors). Applies to new turns. The customer&apos;s messages are masked by each agent&apos;s guardrails (Mask PII).
            </CardDescription>
          </CardHeader>
          <CardContent>
            <label className="flex items-center gap-2 text-sm text-zinc-800">
              <input type="checkbox" checked={redactPii} onChange={(e) => setRedactPii(e.target.checked)} data-testid="redact-pii" />
              Redact personal data in stored traces and tool calls
            </label>
          </CardContent>
        </Card>
      </fieldset>
      <FormError>{save.isError ? errorMessage(save.error) : null}</FormError>
      {manage ? (
        <Button disabled={save.isPending} onClick={submit}>
          {save.isPending ? "Saving…" : "Save privacy settings"}
        </Button>
      ) : (
        <p className="text-sm text-zinc-500">Only owners and admins change these settings.</p>
      )}
    </div>
  );
}
