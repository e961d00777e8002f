"use client";

import { z } from "zod";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import type { FieldErrors } from "@/lib/form-errors";
import { agentNameSchema } from "@/lib/schemas/agent";
import { type Persona, personaSchema } from "@/lib/schemas/persona";

export interface AgentFormValues {
  name: string;
  description: string;
  agentName: string;
  tone: Persona["tone"];
  greeting: string;
}

export const toneOptions: { value: Persona["tone"]; label: string }[] = [
  { value: "friendly", label: "Friendly" },
  { value: "professional", label: "Professional" },
  { value: "playful", label: "Playful" },
  { value: "concise", label: "Concise" },
];

const agentFormSchema = z.object({
  name: agentNameSchema,
  description: z.string().trim().max(500, "Use at most 500 characters"),
  agentName: personaSchema.shape.agentName,
  tone: personaSchema.shape.tone,
  greeting: personaSchema.shape.greeting,
});

/** Validates with the same schemas the API uses; field errors are keyed like the form. */
export function parseAgentForm(values: AgentFormValues) {
  const parsed = agentFormSchema.safeParse(values);
  if (!parsed.success) {
    const errors: FieldErrors = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0]);
      errors[field] ??= issue.message;
    }
    return { ok: false as const, errors };
  }
  const { name, description, agentName, tone, greeting } = parsed.data;
  return { ok: true as const, data: { name, description, persona: { agentName, tone, greeting } } };
}

interface AgentFieldsProps {
  values: AgentFormValues;
  onChange: (values: AgentFormValues) => void;
  errors: FieldErrors;
  readOnly?: boolean;
  agentNameHint?: string;
}

export function AgentFields({ values, onChange, errors, readOnly, agentNameHint = "The name customers see." }: AgentFieldsProps) {
  const set =
    <K extends keyof AgentFormValues>(field: K) =>
    (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) =>
      onChange({ ...values, [field]: e.target.value as AgentFormValues[K] });

  return (
    <div className="space-y-4">
      <FormField label="Name" error={errors.name} hint="Shown to your team in the studio.">
        {(p) => <Input {...p} name="name" value={values.name} onChange={set("name")} readOnly={readOnly} placeholder="Returns and refunds" />}
      </FormField>
      <FormField label="Description" error={errors.description}>
        {(p) => (
          <Textarea
            {...p}
            name="description"
            value={values.description}
            onChange={set("description")}
            readOnly={readOnly}
            placeholder="What this agent handles, for whom"
          />
        )}
      </FormField>
      <fieldset className="space-y-4 rounded-md border border-zinc-200 p-4">
        <legend className="px-1 text-sm font-medium text-zinc-800">Persona</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField label="Agent name" error={errors.agentName} hint={agentNameHint}>
            {(p) => <Input {...p} name="agentName" value={values.agentName} onChange={set("agentName")} readOnly={readOnly} placeholder="Riley" />}
          </FormField>
          <FormField label="Tone" error={errors.tone}>
            {(p) => (
              <Select {...p} name="tone" value={values.tone} onChange={set("tone")} disabled={readOnly}>
                {toneOptions.map((t) => (
                  <option key={t.value} value={t.value}>
                    {t.label}
                  </option>
                ))}
              </Select>
            )}
          </FormField>
        </div>
        <FormField label="Greeting" error={errors.greeting} hint="The first thing the agent says.">
          {(p) => <Textarea {...p} name="greeting" rows={2} value={values.greeting} onChange={set("greeting")} readOnly={readOnly} />}
        </FormField>
      </fieldset>
    </div>
  );
}
