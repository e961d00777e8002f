"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { notify } from "@/components/ui/toaster";
import { errorMessage, serverFieldErrors } from "@/lib/form-errors";
import type { HandoffSettings } from "@/lib/schemas/inbox";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";

const weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
// Monday first, as most teams plan their week.
const weekOrder = [1, 2, 3, 4, 5, 6, 0];

/** Business hours and the maximum wait: what a customer waiting for a person is told (server/services/handoff/queue-status.ts). */
export function HandoffSettingsPage({ workspace }: { workspace: string }) {
  const trpc = useTRPC();
  const settings = useQuery(trpc.inbox.settings.queryOptions({ workspace }));
  if (settings.isPending) return <div className="h-64 animate-pulse rounded-card bg-zinc-100" aria-busy="true" />;
  if (settings.isError) return <FormError>{errorMessage(settings.error)}</FormError>;
  return <Loaded workspace={workspace} saved={settings.data} />;
}

function Loaded({ workspace, saved }: { workspace: string; saved: HandoffSettings }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const manage = useCan(workspace)("settings:manage");
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const [limited, setLimited] = useState(saved.businessHours !== null);
  const [hours, setHours] = useState(saved.businessHours ?? { timezone: browserZone, days: [1, 2, 3, 4, 5], open: "09:00", close: "17:00" });
  const [maxWait, setMaxWait] = useState(String(saved.maxWaitMinutes));
  const save = useMutation(
    trpc.inbox.saveSettings.mutationOptions({
      onSuccess: async () => {
        notify.success("Handoff hours saved");
        await queryClient.invalidateQueries({ queryKey: trpc.inbox.settings.queryKey() });
      },
    }),
  );
  const fieldErrors = save.isError ? serverFieldErrors(save.error) : {};
  const toggleDay = (day: number) => setHours({ ...hours, days: hours.days.includes(day) ? hours.days.filter((d) => d !== day) : [...hours.days, day].sort() });

  return (
    <div className="space-y-6">
      <PageHeader
        title="Handoff hours"
        description="When people answer conversations handed off by the AI, and how long a customer should wait at most. A customer waiting outside these hours is told when the team is back; the conversation stays in the inbox."
      />
      <fieldset disabled={!manage} className="space-y-6">
        <Card>
          <CardHeader>
            <CardTitle>Business hours</CardTitle>
            <CardDescription>Without hours the team is taken to be always available.</CardDescription>
          </CardHeader>
          <CardContent className="space-y-4">
            <label className="flex items-center gap-2 text-sm text-zinc-800">
              <input type="checkbox" checked={limited} onChange={(e) => setLimited(e.target.checked)} />
              People answer only during business hours
            </label>
            {limited ? (
              <>
                <fieldset className="space-y-2">
                  <legend className="text-sm font-medium text-zinc-800">Days</legend>
                  <div className="flex flex-wrap gap-3">
                    {weekOrder.map((day) => (
                      <label key={day} className="flex items-center gap-1.5 text-sm text-zinc-700">
                        <input type="checkbox" checked={hours.days.includes(day)} onChange={() => toggleDay(day)} />
                        {weekdays[day]}
                      </label>
                    ))}
                  </div>
                </fieldset>
                <div className="grid gap-4 sm:grid-cols-3">
                  <FormField label="Opens at">{(p) => <Input {...p} type="time" value={hours.open} onChange={(e) => setHours({ ...hours, open: e.target.value })} />}</FormField>
                  <FormField label="Closes at">{(p) => <Input {...p} type="time" value={hours.close} onChange={(e) => setHours({ ...hours, close: e.target.value })} />}</FormField>
                  <FormField label="Time zone" hint="An IANA time zone, e.g. Europe/Berlin">
                    {(p) => <Input {...p} value={hours.timezone} onChange={(e) => setHours({ ...hours, timezone: e.target.value })} />}
                  </FormField>
                </div>
              </>
            ) : null}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Maximum wait</CardTitle>
            <CardDescription>During business hours a waiting customer is told to expect an answer within this time.</CardDescription>
          </CardHeader>
          <CardContent className="max-w-xs">
            <FormField label="Minutes" error={fieldErrors.maxWaitMinutes}>
              {(p) => <Input {...p} type="number" min={1} value={maxWait} onChange={(e) => setMaxWait(e.target.value)} />}
            </FormField>
          </CardContent>
        </Card>
      </fieldset>
      <FormError>{save.isError ? errorMessage(save.error) : null}</FormError>
      {manage ? (
        <Button disabled={save.isPending} onClick={() => save.mutate({ workspace, businessHours: limited ? hours : null, maxWaitMinutes: Number(maxWait) })}>
          {save.isPending ? "Saving…" : "Save hours"}
        </Button>
      ) : null}
    </div>
  );
}
