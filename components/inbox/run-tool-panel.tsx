"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { Wrench } from "lucide-react";
import { useState } from "react";
import { ArgsSchemaForm } from "@/components/tools/args-schema-form";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { FormError, FormField } from "@/components/ui/form-field";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { errorMessage } from "@/lib/form-errors";
import { type ArgErrors, initialArgs, type JsonSchema, validateArgs } from "@/lib/tools/args-schema";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";
import { briefValue } from "./handoff-brief";

const decisionStyles: Record<string, string> = {
  allow: "border-emerald-200 bg-emerald-50 text-emerald-900",
  overridden: "border-amber-300 bg-amber-50 text-amber-900",
  deny: "border-red-200 bg-red-50 text-red-900",
};

/**
 * Runs one of the conversation's agent's tools for the customer (e.g. a refund). The same policy gate and
 * ledger as the AI's calls decide; a denial shows its rule and reason, and an admin may override it with a
 * reason of their own (audited).
 */
export function RunToolPanel({ workspace, conversationId, agentId, onRan }: { workspace: string; conversationId: string; agentId: string; onRan: () => Promise<void> }) {
  const trpc = useTRPC();
  const can = useCan(workspace);
  // The agent's tools as drafted; the service runs the conversation's release and names its tools if one is missing.
  const list = useQuery(trpc.tools.list.queryOptions({ workspace, agent: agentId }));
  const tools = { data: list.data?.map((t) => ({ name: t.name, description: t.definition.description, args: t.definition.args })) };
  const [name, setName] = useState("");
  const [args, setArgs] = useState<Record<string, unknown>>({});
  const [errors, setErrors] = useState<ArgErrors>({});
  const [overrideReason, setOverrideReason] = useState("");
  const run = useMutation(trpc.inbox.runTool.mutationOptions({ onSuccess: onRan }));
  const tool = tools.data?.find((t) => t.name === name);
  const schema = (tool?.args ?? { type: "object", properties: {} }) as JsonSchema;
  const result = run.data;

  function pick(next: string) {
    setName(next);
    const picked = tools.data?.find((t) => t.name === next);
    setArgs(picked ? initialArgs(picked.args as JsonSchema) : {});
    setErrors({});
    run.reset();
  }
  function submit(override?: string) {
    const found = validateArgs(schema, args);
    setErrors(found);
    if (Object.keys(found).length) return;
    run.mutate({ workspace, conversationId, tool: name, args, ...(override ? { override: { reason: override } } : {}) });
  }

  return (
    <section aria-label="Run a tool" data-testid="run-tool" className="flex flex-col gap-3 rounded-card border border-zinc-200 bg-white p-3">
      <h4 className="flex items-center gap-2 text-sm font-semibold text-zinc-900">
        <Wrench className="size-4" /> Run a tool for the customer
      </h4>
      <p className="text-xs text-zinc-500">The policy gate checks it as it checks the AI: a denied action does not run.</p>
      <FormField label="Tool">
        {(field) => (
          <Select {...field} value={name} onChange={(e) => pick(e.target.value)}>
            <option value="">Pick one of the agent&apos;s tools</option>
            {(tools.data ?? []).map((t) => (
              <option key={t.name} value={t.name}>
                {t.name}
              </option>
            ))}
          </Select>
        )}
      </FormField>
      {tool ? (
        <form
          className="flex flex-col gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          {tool.description ? <p className="text-sm text-zinc-600">{tool.description}</p> : null}
          <ArgsSchemaForm schema={schema} value={args} onChange={setArgs} errors={errors} />
          <Button type="submit" disabled={run.isPending} className="self-start">
            Run {tool.name}
          </Button>
        </form>
      ) : null}
      <FormError>{run.isError ? errorMessage(run.error) : null}</FormError>
      {result ? <RunToolResult result={result} canOverride={can("inbox:override")} reason={overrideReason} setReason={setOverrideReason} pending={run.isPending} onOverride={() => submit(overrideReason)} /> : null}
    </section>
  );
}

type RunResult =
  | { status: "ok"; result: unknown; replayed: boolean; overridden: boolean }
  | { status: "error"; message: string; overridden: boolean }
  | { status: "needs_confirmation" | "denied" | "escalate"; decision: { decision: string; reason: string; ruleId: string | null }; overridden: boolean };

/** The gate's decision and what happened; a denial offers an admin the override, with a reason. */
function RunToolResult({ result, canOverride, reason, setReason, pending, onOverride }: { result: RunResult; canOverride: boolean; reason: string; setReason: (v: string) => void; pending: boolean; onOverride: () => void }) {
  const decision = result.status === "ok" || result.status === "error" ? (result.overridden ? "overridden" : "allow") : result.decision.decision;
  return (
    <div data-testid="run-tool-result" data-decision={decision} data-status={result.status} className={cn("rounded-md border p-3 text-sm", decisionStyles[decision] ?? "border-orange-200 bg-orange-50 text-orange-900")}>
      <p className="font-medium">
        Gate: {decision === "overridden" ? "denied, overridden by an admin" : decision}
        {"decision" in result && result.decision.ruleId ? ` (rule ${result.decision.ruleId})` : ""}
      </p>
      {"decision" in result && result.decision.reason ? <p>{result.decision.reason}</p> : null}
      {result.status === "ok" ? (
        <p className="mt-1">
          {result.replayed ? "Already done earlier (the ledger returned the first result): " : "Done: "}
          {briefValue(result.result)}
        </p>
      ) : result.status === "error" ? (
        <p className="mt-1">The tool failed: {result.message}</p>
      ) : (
        <p className="mt-1">Not run.</p>
      )}
      {result.status !== "ok" && result.status !== "error" && canOverride ? (
        <form
          className="mt-3 flex flex-col gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            onOverride();
          }}
        >
          <FormField label="Override reason" hint="Admins only: the action runs despite the gate, and the reason is audited.">
            {(field) => <Textarea {...field} rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />}
          </FormField>
          <Button type="submit" variant="destructive" disabled={pending || !reason.trim()} className="self-start">
            Override and run
          </Button>
        </form>
      ) : null}
    </div>
  );
}
