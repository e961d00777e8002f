"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/form-field";
import { notify } from "@/components/ui/toaster";
import { errorMessage, type FieldErrors, serverFieldErrors } from "@/lib/form-errors";
import { defaultPersona } from "@/lib/schemas/persona";
import { useTRPC } from "@/lib/trpc/client";
import { AgentFields, type AgentFormValues, parseAgentForm } from "./agent-form";

const emptyAgent: AgentFormValues = { name: "", description: "", agentName: "", tone: defaultPersona.tone, greeting: defaultPersona.greeting };

export function NewAgentDialog({ workspace, open, onClose }: { workspace: string; open: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.agents.create.mutationOptions());
  const [values, setValues] = useState(emptyAgent);
  const [errors, setErrors] = useState<FieldErrors>({});

  function close() {
    setValues(emptyAgent);
    setErrors({});
    create.reset();
    onClose();
  }

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    // The customer-facing name defaults to the agent's name.
    const result = parseAgentForm({ ...values, agentName: values.agentName.trim() || values.name });
    if (!result.ok) {
      // A blank customer-facing name follows the agent's name: report the problem once, on the name.
      setErrors(values.agentName.trim() ? result.errors : { ...result.errors, agentName: undefined });
      return;
    }
    setErrors({});
    try {
      const agent = await create.mutateAsync({ workspace, ...result.data });
      notify.success(`${agent.name} created`);
    } catch (err) {
      setErrors(serverFieldErrors(err));
      return;
    }
    await queryClient.invalidateQueries({ queryKey: trpc.agents.list.queryKey() });
    close();
  }

  return (
    <Dialog open={open} onClose={close} title="New agent" description="Start with a name and a persona; you can change everything later.">
      <form onSubmit={onSubmit} noValidate className="space-y-5" data-testid="new-agent-form">
        <FormError>{create.isError && Object.values(serverFieldErrors(create.error)).every((m) => !m) ? errorMessage(create.error) : null}</FormError>
        <AgentFields values={values} onChange={setValues} errors={errors} agentNameHint="The name customers see. Leave empty to use the agent's name." />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create agent"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
