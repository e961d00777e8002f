"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Textarea } from "@/components/ui/textarea";
import { errorMessage } from "@/lib/form-errors";
import type { HttpTool } from "@/lib/schemas/tool";
import { initialArgs, type JsonSchema, validateArgs } from "@/lib/tools/args-schema";
import { inferSchema } from "@/lib/tools/response-facts";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";
import { type ArgRow, rowsFromSchema, schemaFromRows } from "./args-form";
import { ArgsSchemaForm } from "./args-schema-form";
import { LookupsEditor } from "./lookups-editor";

const blank: HttpTool = {
  name: "",
  description: "",
  method: "GET",
  url: "https://",
  headers: {},
  args: { type: "object", properties: {} },
  response: {},
  timeoutMs: 10_000,
  retries: 0,
  kind: "read",
  requiresConfirmation: false,
};

export function ToolEditor({ workspace, agent, name }: { workspace: string; agent: string; name: string | null }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.tools.list.queryOptions({ workspace, agent }));
  if (list.isPending) return <div className="h-64 animate-pulse rounded-card bg-zinc-100" />;
  if (list.isError) return <FormError>{errorMessage(list.error)}</FormError>;
  const row = name ? list.data.find((t) => t.name === name) : undefined;
  if (name && !row) return <FormError>Tool not found</FormError>;
  const readTools = list.data.filter((t) => t.definition.kind === "read").map((t) => t.definition);
  return <LoadedToolEditor key={row ? `${row.name}:${row.revision}` : "new"} workspace={workspace} agent={agent} saved={row ?? null} readTools={readTools} />;
}

function LoadedToolEditor({
  workspace,
  agent,
  saved,
  readTools,
}: {
  workspace: string;
  agent: string;
  saved: { name: string; revision: number; definition: HttpTool } | null;
  readTools: HttpTool[];
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const can = useCan(workspace);
  const editable = can("tools:write");
  const policies = useQuery(trpc.policies.list.queryOptions({ workspace, agent }));
  const [tool, setTool] = useState<HttpTool>(saved?.definition ?? blank);
  const [rows, setRows] = useState<ArgRow[]>(() => rowsFromSchema(tool.args));
  const [headers, setHeaders] = useState(() => Object.entries(tool.headers).map(([k, v]) => ({ k, v })));
  const [testing, setTesting] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const base = `/${workspace}/agents/${agent}/tools`;

  const current = (): HttpTool => ({
    ...tool,
    args: schemaFromRows(rows, tool.args),
    headers: Object.fromEntries(headers.filter((h) => h.k.trim()).map((h) => [h.k.trim(), h.v])),
    policyKey: tool.policyKey || undefined,
  });
  const done = async (to?: string) => {
    await queryClient.invalidateQueries({ queryKey: trpc.tools.list.queryKey() });
    if (to) router.push(to);
  };
  const save = useMutation(trpc.tools.save.mutationOptions({ onSuccess: (r) => done(`${base}/${r.name}`) }));
  const remove = useMutation(trpc.tools.delete.mutationOptions({ onSuccess: () => done(base) }));
  const set = <K extends keyof HttpTool>(k: K, v: HttpTool[K]) => setTool({ ...tool, [k]: v });

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <Link href={base} className="text-sm text-zinc-500 hover:text-zinc-800">
            ← Tools
          </Link>
          <h1 className="text-xl font-semibold tracking-tight">{saved ? saved.name : "New tool"}</h1>
        </div>
        <div className="flex gap-2">
          <Button variant="secondary" onClick={() => setTesting(true)}>
            Test call
          </Button>
          {editable && saved ? (
            <Button variant="destructive-outline" onClick={() => setDeleting(true)}>
              Delete
            </Button>
          ) : null}
          {editable ? (
            <Button disabled={save.isPending} onClick={() => save.mutate({ workspace, agent, name: saved?.name, tool: current(), baseRevision: saved?.revision })}>
              {save.isPending ? "Saving…" : "Save tool"}
            </Button>
          ) : null}
        </div>
      </div>
      <FormError>{save.isError ? errorMessage(save.error) : null}</FormError>

      <fieldset disabled={!editable} className="space-y-6">
        <Card>
          <CardContent className="grid gap-4 pt-4 sm:grid-cols-2">
            <FormField label="Name" hint="lower_snake_case; the model calls the tool by it.">{(p) => <Input {...p} value={tool.name} onChange={(e) => set("name", e.target.value)} />}</FormField>
            <FormField label="Kind">
              {(p) => (
                <Select
                  {...p}
                  value={tool.kind}
                  onChange={(e) => {
                    const kind = e.target.value as HttpTool["kind"];
                    setTool({ ...tool, kind, requiresConfirmation: kind === "write", factsFrom: kind === "write" ? tool.factsFrom : undefined });
                  }}
                >
                  <option value="read">Read (no side effects)</option>
                  <option value="write">Write (changes data)</option>
                </Select>
              )}
            </FormField>
            <div className="sm:col-span-2">
              <FormField label="Description" hint="The model reads this to decide when to call the tool.">{(p) => <Input {...p} value={tool.description} onChange={(e) => set("description", e.target.value)} />}</FormField>
            </div>
            <FormField label="Method">
              {(p) => (
                <Select {...p} value={tool.method} onChange={(e) => set("method", e.target.value as HttpTool["method"])}>
                  {["GET", "POST", "PUT", "PATCH", "DELETE"].map((m) => (
                    <option key={m}>{m}</option>
                  ))}
                </Select>
              )}
            </FormField>
            <FormField label="URL" hint="{order_id} takes an argument; {{appUrl}} is this app. Other arguments go to the query (GET, DELETE) or the JSON body.">
              {(p) => <Input {...p} className="font-mono text-xs" value={tool.url} onChange={(e) => set("url", e.target.value)} />}
            </FormField>
            <FormField label="Timeout (ms)">{(p) => <Input {...p} type="number" value={tool.timeoutMs} onChange={(e) => set("timeoutMs", Number(e.target.value))} />}</FormField>
            {tool.kind === "read" ? (
              <>
                <FormField label="Retries on network errors and 5xx">{(p) => <Input {...p} type="number" min={0} max={5} value={tool.retries} onChange={(e) => set("retries", Number(e.target.value))} />}</FormField>
                <div className="sm:col-span-2">
                  <FormField
                    label="Verifies the customer"
                    hint="When a successful call proves who the customer is (a lookup by email and code, say): where their user id is in the answer. Policies read session.authenticated_user_id only from such a call. Leave empty otherwise."
                  >
                    {(p) => (
                      <Input
                        {...p}
                        className="font-mono text-xs"
                        placeholder="user_id"
                        value={tool.authenticates?.userIdPath ?? ""}
                        onChange={(e) => set("authenticates", e.target.value.trim() ? { userIdPath: e.target.value.trim() } : undefined)}
                      />
                    )}
                  </FormField>
                </div>
              </>
            ) : (
              <>
                <FormField label="Bound policy" hint="A write without a policy is always denied.">
                  {(p) => (
                    <Select {...p} value={tool.policyKey ?? ""} onChange={(e) => set("policyKey", e.target.value || undefined)}>
                      <option value="">No policy (always denied)</option>
                      {(policies.data ?? []).map((x) => (
                        <option key={x.key} value={x.key}>
                          {x.name} ({x.key})
                        </option>
                      ))}
                    </Select>
                  )}
                </FormField>
                <label className="flex items-center gap-2 text-sm sm:col-span-2">
                  <input type="checkbox" checked={tool.requiresConfirmation} onChange={(e) => set("requiresConfirmation", e.target.checked)} />
                  Requires the customer&apos;s confirmation, even when the policy allows
                </label>
                <LookupsEditor write={tool} readTools={readTools.filter((t) => t.name !== tool.name)} onChange={(lookups) => set("factsFrom", lookups)} />
              </>
            )}
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Headers</CardTitle>
          </CardHeader>
          <CardContent className="space-y-2">
            <p className="text-xs text-zinc-500">Reference a workspace secret as {"{{secret.NAME}}"}; its value is filled in on the server and never shown.</p>
            {headers.map((h, i) => (
              <div key={i} className="flex gap-2">
                <Input aria-label={`Header ${i + 1} name`} className="w-56" value={h.k} onChange={(e) => setHeaders(headers.map((x, j) => (j === i ? { ...x, k: e.target.value } : x)))} />
                <Input aria-label={`Header ${i + 1} value`} className="font-mono text-xs" value={h.v} onChange={(e) => setHeaders(headers.map((x, j) => (j === i ? { ...x, v: e.target.value } : x)))} />
                <Button variant="ghost" size="icon" aria-label={`Remove header ${i + 1}`} onClick={() => setHeaders(headers.filter((_, j) => j !== i))}>
                  <Trash2 />
                </Button>
              </div>
            ))}
            <Button variant="ghost" size="sm" onClick={() => setHeaders([...headers, { k: "", v: "" }])}>
              <Plus /> Header
            </Button>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Arguments</CardTitle>
          </CardHeader>
          <CardContent className="space-y-2">
            {rows.map((r, i) => (
              <div key={i} className="flex flex-wrap items-center gap-2" data-testid="arg-row">
                <Input aria-label={`Argument ${i + 1} name`} className="w-48" value={r.name} onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))} />
                <Select aria-label={`Argument ${i + 1} type`} className="w-36" value={r.type} onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, type: e.target.value as ArgRow["type"] } : x)))}>
                  {["string", "number", "integer", "boolean", "string[]"].map((t) => (
                    <option key={t}>{t}</option>
                  ))}
                </Select>
                <Input aria-label={`Argument ${i + 1} description`} className="min-w-64 flex-1" placeholder="What the model should pass" value={r.description} onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, description: e.target.value } : x)))} />
                <label className="flex items-center gap-1 text-sm">
                  <input type="checkbox" checked={r.required} onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, required: e.target.checked } : x)))} /> required
                </label>
                <Button variant="ghost" size="icon" aria-label={`Remove argument ${i + 1}`} onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                  <Trash2 />
                </Button>
              </div>
            ))}
            <Button variant="ghost" size="sm" onClick={() => setRows([...rows, { name: "", type: "string", description: "", required: true }])}>
              <Plus /> Argument
            </Button>
            <details className="text-xs text-zinc-500">
              <summary className="cursor-pointer">JSON Schema</summary>
              <pre className="mt-2 overflow-x-auto rounded bg-zinc-50 p-2">{JSON.stringify(schemaFromRows(rows, tool.args), null, 2)}</pre>
            </details>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Response</CardTitle>
          </CardHeader>
          <CardContent>
            <FormField label="Fields to keep" hint="Dotted paths, one per line (e.g. status, items.0.name). Empty keeps the whole response.">
              {(p) => (
                <Textarea
                  {...p}
                  rows={3}
                  className="font-mono text-xs"
                  value={(tool.response.keep ?? []).join("\n")}
                  onChange={(e) => {
                    const keep = e.target.value.split("\n").map((s) => s.trim()).filter(Boolean);
                    set("response", keep.length ? { keep } : {});
                  }}
                />
              )}
            </FormField>
          </CardContent>
        </Card>
      </fieldset>

      <TestCallDialog open={testing} onClose={() => setTesting(false)} workspace={workspace} tool={current()} onAnswerShape={(responseSchema) => set("responseSchema", responseSchema)} />
      <ConfirmDialog
        open={deleting}
        onClose={() => setDeleting(false)}
        title={`Delete ${saved?.name}?`}
        description="Journeys and AI steps that call it will fail until you add it back."
        confirmLabel="Delete tool"
        pending={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onConfirm={() => remove.mutate({ workspace, agent, name: saved!.name })}
      />
    </div>
  );
}

function TestCallDialog({
  open,
  onClose,
  workspace,
  tool,
  onAnswerShape,
}: {
  open: boolean;
  onClose: () => void;
  workspace: string;
  tool: HttpTool;
  /** Keeps the shape of a read tool's answer as its response schema, which types the facts lookups give. */
  onAnswerShape: (schema: Record<string, unknown>) => void;
}) {
  const trpc = useTRPC();
  const schema = tool.args as JsonSchema;
  // One value, two views: the form generated from the argument schema, and the same arguments as JSON.
  const [args, setArgs] = useState<Record<string, unknown>>(() => initialArgs(schema));
  const [json, setJson] = useState(() => JSON.stringify(initialArgs(schema), null, 2));
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [mode, setMode] = useState<"form" | "json">("form");
  const [checked, setChecked] = useState(false);
  const [confirmWrite, setConfirmWrite] = useState(false);
  const [shapeKept, setShapeKept] = useState(false);
  const run = useMutation(trpc.tools.test.mutationOptions({ onSuccess: () => setShapeKept(false) }));
  const errors = checked ? validateArgs(schema, args) : {};
  const errorList = Object.entries(errors);

  const fromForm = (next: Record<string, unknown>) => {
    setArgs(next);
    setJson(JSON.stringify(next, null, 2));
    setJsonError(null);
  };
  const fromJson = (text: string) => {
    setJson(text);
    try {
      const parsed: unknown = JSON.parse(text);
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return setJsonError("The arguments must be a JSON object, e.g. {\"order_id\": \"#W123\"}");
      setArgs(parsed as Record<string, unknown>);
      setJsonError(null);
    } catch {
      setJsonError("The arguments are not valid JSON");
    }
  };
  const send = () => {
    setChecked(true);
    if (jsonError) return;
    if (Object.keys(validateArgs(schema, args)).length > 0) return;
    run.mutate({ workspace, tool, args, confirmWrite });
  };

  return (
    <Dialog open={open} onClose={onClose} title={`Test ${tool.name || "this tool"}`} description="Calls the tool as edited, with the same secrets and network rules as the runtime." className="max-w-2xl">
      <div className="space-y-3">
        <Tabs value={mode} onValueChange={(m) => (m === "form" && jsonError ? undefined : setMode(m as "form" | "json"))}>
          <TabsList aria-label="Edit the arguments as">
            <TabsTrigger value="form" disabled={jsonError !== null}>
              Form
            </TabsTrigger>
            <TabsTrigger value="json">JSON</TabsTrigger>
          </TabsList>
          <TabsContent value="form" data-testid="args-form">
            <ArgsSchemaForm schema={schema} value={args} onChange={fromForm} errors={errors} />
          </TabsContent>
          <TabsContent value="json">
            <FormField label="Arguments (JSON)" error={jsonError ?? undefined}>
              {(p) => <Textarea {...p} rows={8} className="font-mono text-xs" value={json} onChange={(e) => fromJson(e.target.value)} />}
            </FormField>
            {errorList.length ? (
              <ul className="mt-2 space-y-0.5 text-sm text-red-600" role="alert" data-testid="args-errors">
                {errorList.map(([path, message]) => (
                  <li key={path}>
                    <code>{path}</code>: {message}
                  </li>
                ))}
              </ul>
            ) : null}
          </TabsContent>
        </Tabs>
        {tool.kind === "write" ? (
          <label className="flex items-start gap-2 rounded-md border border-amber-200 bg-amber-50 p-2 text-sm text-amber-900">
            <input type="checkbox" checked={confirmWrite} onChange={(e) => setConfirmWrite(e.target.checked)} />
            This tool writes: I understand the test call changes real data and skips the policy.
          </label>
        ) : null}
        <Button disabled={run.isPending || (tool.kind === "write" && !confirmWrite)} onClick={send}>
          {run.isPending ? "Calling…" : "Send test call"}
        </Button>
        <FormError>{errorList.length ? "Fix the arguments marked above before sending." : run.isError ? errorMessage(run.error) : null}</FormError>
        {run.data ? (
          <div className="space-y-1 text-sm" data-testid="tool-test-result" data-ok={run.data.ok}>
            <p className="font-mono text-xs text-zinc-600">
              {run.data.request.method} {run.data.request.url} · {run.data.ms} ms
            </p>
            {run.data.ok ? null : (
              <p className="text-red-700">
                {run.data.error.code}: {run.data.error.message}
              </p>
            )}
            <pre className="max-h-72 overflow-auto rounded bg-zinc-50 p-2 text-xs">{JSON.stringify(run.data.ok ? run.data.result : run.data.error, null, 2)}</pre>
            {run.data.ok && tool.kind === "read" && run.data.result && typeof run.data.result === "object" ? (
              <div className="flex items-center gap-2">
                <Button
                  variant="secondary"
                  size="sm"
                  onClick={() => {
                    onAnswerShape(inferSchema(run.data.ok ? run.data.result : null));
                    setShapeKept(true);
                  }}
                >
                  Keep this answer&apos;s shape for policy facts
                </Button>
                {shapeKept ? <span className="text-xs text-zinc-600">Kept: save the tool to offer its fields to policies.</span> : null}
              </div>
            ) : null}
          </div>
        ) : null}
      </div>
    </Dialog>
  );
}
