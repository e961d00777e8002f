"use client";

import { Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { DEFAULT_HANDLE, sourceHandles } from "@/lib/journey/handles";
import { declaredArgs } from "@/lib/journey/issues";
import { nodeTitles } from "@/lib/journey/node-defaults";
import { previewText } from "@/lib/journey/preview";
import { expressionOps, type Expression, type JourneyGraph, type JourneyIssue, type JourneyNode, type NodeOf, slotTypes } from "@/lib/schemas/journey";
import type { JourneyCatalogData } from "@/server/services/journeys/load-catalog";

interface InspectorProps {
  node: JourneyNode;
  graph: JourneyGraph;
  catalog: JourneyCatalogData | undefined;
  issues: JourneyIssue[];
  readOnly: boolean;
  scope: Record<string, unknown>;
  onChange: (next: JourneyNode, field: string) => void;
  onTrigger: (trigger: JourneyGraph["trigger"], field: string) => void;
  onConnect: (handle: string, target: string | null) => void;
}

const lines = (s: string) => s.split("\n").map((l) => l.trim()).filter(Boolean);

/** The settings form of the selected step, with its problems, a live preview and its connections. */
export function Inspector(props: InspectorProps) {
  const { node, issues, readOnly, onChange } = props;
  const set = <K extends string>(field: K, value: unknown) => onChange({ ...node, [field]: value } as JourneyNode, field);

  return (
    <fieldset disabled={readOnly} className="space-y-4" data-testid="inspector" data-node-id={node.id}>
      <div>
        <p className="text-xs font-medium tracking-wide text-zinc-500 uppercase">{nodeTitles[node.type]}</p>
        <p className="font-mono text-xs text-zinc-500">{node.id}</p>
      </div>
      {issues.length ? (
        <ul className="space-y-1" data-testid="inspector-issues">
          {issues.map((i, k) => (
            <li key={k} role={i.severity === "error" ? "alert" : undefined} className={i.severity === "error" ? "text-sm text-red-600" : "text-sm text-amber-700"}>
              {i.message}
            </li>
          ))}
        </ul>
      ) : null}
      <FormField label="Label">{(c) => <Input {...c} value={node.label ?? ""} placeholder={node.id} onChange={(e) => set("label", e.target.value || undefined)} />}</FormField>
      <NodeFields {...props} set={set} />
      <Connections {...props} />
    </fieldset>
  );
}

function NodeFields(props: InspectorProps & { set: (field: string, value: unknown) => void }) {
  const { node, set, graph, catalog, scope, onTrigger } = props;
  switch (node.type) {
    case "trigger":
      return (
        <>
          <FormField label="When does this journey start?" hint="Describe what the customer wants.">
            {(c) => <Textarea {...c} value={graph.trigger.description} onChange={(e) => onTrigger({ ...graph.trigger, description: e.target.value }, "description")} />}
          </FormField>
          <FormField label="Example customer messages" hint="One per line; the router matches new messages against these.">
            {(c) => <Textarea {...c} rows={5} value={graph.trigger.examples.join("\n")} onChange={(e) => onTrigger({ ...graph.trigger, examples: e.target.value.split("\n") }, "examples")} onBlur={(e) => onTrigger({ ...graph.trigger, examples: lines(e.target.value) }, "examples")} />}
          </FormField>
        </>
      );
    case "message":
      return (
        <>
          <FormField label="Text" error={node.text.trim() ? undefined : "Write what the agent says"} hint="Use {{slots.name}} or {{result.order.status}} for values.">
            {(c) => <Textarea {...c} rows={4} value={node.text} onChange={(e) => set("text", e.target.value)} />}
          </FormField>
          <Preview text={node.text} scope={scope} />
          <FormField label="Forget these slots afterwards" hint="Comma-separated; e.g. to ask again after a failed lookup.">
            {(c) => <Input {...c} value={(node.clearSlots ?? []).join(", ")} onChange={(e) => set("clearSlots", e.target.value.split(",").map((s) => s.trim()).filter(Boolean))} />}
          </FormField>
        </>
      );
    case "collect":
      return <CollectFields {...props} node={node} />;
    case "tool_call":
      return (
        <>
          <ToolPicker node={node} catalog={catalog} set={set} graph={graph} />
          <FormField label="Keep the result as" hint={node.resultAs ? `Read it as {{result.${node.resultAs}.…}}` : "Name it to use the result later."}>
            {(c) => <Input {...c} value={node.resultAs ?? ""} onChange={(e) => set("resultAs", e.target.value || undefined)} />}
          </FormField>
          {catalog?.tools.find((t) => t.name === node.tool)?.kind === "write" ? (
            <FormField label="What to confirm with the customer" hint="Listed before asking for a yes.">
              {(c) => <Textarea {...c} value={node.confirmText ?? ""} onChange={(e) => set("confirmText", e.target.value || undefined)} />}
            </FormField>
          ) : null}
        </>
      );
    case "policy_check":
      return (
        <>
          <FormField label="Policy" error={node.policy ? undefined : "Choose the policy this step consults"}>
            {(c) => (
              <Select {...c} value={node.policy} onChange={(e) => set("policy", e.target.value)}>
                <option value="">Choose a policy…</option>
                {(catalog?.policies ?? []).map((p) => (
                  <option key={p.key} value={p.key}>
                    {p.name} ({p.key})
                  </option>
                ))}
              </Select>
            )}
          </FormField>
          <ToolPicker node={node} catalog={catalog} set={set} graph={graph} label="For the action (tool)" />
        </>
      );
    case "condition":
      return <ConditionFields node={node} set={set} />;
    case "knowledge_answer":
      return (
        <>
          <FormField label="Knowledge base" hint={catalog && catalog.knowledgeBases.length === 0 ? "No knowledge bases yet: add one under Knowledge." : undefined}>
            {(c) => (
              <Select {...c} value={node.knowledgeBaseId ?? ""} onChange={(e) => set("knowledgeBaseId", e.target.value || undefined)}>
                <option value="">All of the workspace&apos;s knowledge</option>
                {(catalog?.knowledgeBases ?? []).map((k) => (
                  <option key={k.id} value={k.id}>
                    {k.name}
                  </option>
                ))}
              </Select>
            )}
          </FormField>
          <FormField label="Question to look up" hint="Empty: the customer's own message.">
            {(c) => <Input {...c} value={node.query ?? ""} onChange={(e) => set("query", e.target.value || undefined)} />}
          </FormField>
          <FormField label="When nothing is found, say">{(c) => <Textarea {...c} value={node.fallback} onChange={(e) => set("fallback", e.target.value)} />}</FormField>
        </>
      );
    case "ai_step":
      return (
        <>
          <p className="rounded-md bg-amber-50 px-2 py-1 text-xs text-amber-800">An AI step needs an LLM provider configured for the workspace; without one it hands off.</p>
          <FormField label="Instructions" error={node.instructions.trim() ? undefined : "Say what the model should do"}>
            {(c) => <Textarea {...c} rows={4} value={node.instructions} onChange={(e) => set("instructions", e.target.value)} />}
          </FormField>
          <fieldset className="space-y-1">
            <legend className="text-sm font-medium text-zinc-800">Tools it may use</legend>
            {(catalog?.tools ?? []).map((t) => (
              <label key={t.name} className="flex items-center gap-2 text-sm">
                <input type="checkbox" checked={node.tools.includes(t.name)} onChange={(e) => set("tools", e.target.checked ? [...node.tools, t.name] : node.tools.filter((x) => x !== t.name))} />
                {t.name}
              </label>
            ))}
          </fieldset>
        </>
      );
    case "handoff":
      return (
        <>
          <FormField label="Reason (for the human agent)">{(c) => <Input {...c} value={node.reason} onChange={(e) => set("reason", e.target.value)} />}</FormField>
          <FormField label="Message to the customer">{(c) => <Textarea {...c} value={node.message ?? ""} onChange={(e) => set("message", e.target.value || undefined)} />}</FormField>
          <Preview text={node.message ?? ""} scope={scope} />
        </>
      );
    case "end":
      return (
        <>
          <FormField label="Outcome">
            {(c) => (
              <Select {...c} value={node.outcome} onChange={(e) => set("outcome", e.target.value)}>
                <option value="resolved">Resolved</option>
                <option value="unresolved">Unresolved</option>
              </Select>
            )}
          </FormField>
          <FormField label="Closing message">{(c) => <Textarea {...c} value={node.message ?? ""} onChange={(e) => set("message", e.target.value || undefined)} />}</FormField>
          <Preview text={node.message ?? ""} scope={scope} />
        </>
      );
  }
}

function CollectFields({ node, graph, scope, onChange }: InspectorProps & { node: NodeOf<"collect"> }) {
  const slot = node.slot;
  const setSlot = (patch: Partial<typeof slot>, field: string) => onChange({ ...node, slot: { ...slot, ...patch } }, field);
  const known = [...new Set(graph.nodes.flatMap((n) => (n.type === "collect" ? [n.slot.name] : [])))];
  const nameOk = /^[a-z][a-z0-9_]*$/.test(slot.name);
  return (
    <>
      <FormField label="Slot it fills" error={nameOk ? undefined : "Slot names are lower-case words joined by _"} hint={`Read it as {{slots.${slot.name}}}`}>
        {(c) => (
          <>
            <Input {...c} list={`slots-${node.id}`} value={slot.name} onChange={(e) => setSlot({ name: e.target.value }, "slot.name")} />
            <datalist id={`slots-${node.id}`}>
              {known.map((s) => (
                <option key={s} value={s} />
              ))}
            </datalist>
          </>
        )}
      </FormField>
      <FormField label="Type">
        {(c) => (
          <Select {...c} value={slot.type} onChange={(e) => setSlot({ type: e.target.value as typeof slot.type }, "slot.type")}>
            {slotTypes.map((t) => (
              <option key={t} value={t}>
                {t.replace("_", " ")}
              </option>
            ))}
          </Select>
        )}
      </FormField>
      <FormField label="Question" error={slot.prompt.trim() ? undefined : "Write the question that asks for this"}>
        {(c) => <Textarea {...c} value={slot.prompt} onChange={(e) => setSlot({ prompt: e.target.value }, "slot.prompt")} />}
      </FormField>
      <Preview text={slot.prompt} scope={scope} />
      {slot.type === "choice" ? (
        <FormField label="Options" hint="One per line: value, then synonyms after a colon (refund: money back, reimburse)." error={slot.options?.length || slot.optionsFrom ? undefined : "A choice needs options"}>
          {(c) => (
            <Textarea
              {...c}
              rows={4}
              defaultValue={(slot.options ?? []).map((o) => `${o.value}${o.synonyms?.length ? `: ${o.synonyms.join(", ")}` : ""}`).join("\n")}
              onBlur={(e) =>
                setSlot(
                  {
                    options: lines(e.target.value).map((l) => {
                      const [value, syn] = l.split(":");
                      return { value: value!.trim(), synonyms: (syn ?? "").split(",").map((s) => s.trim()).filter(Boolean) };
                    }),
                  },
                  "slot.options",
                )
              }
            />
          )}
        </FormField>
      ) : null}
      <FormField label="Re-asks before giving up" hint='After that, the "failed" branch (or a handoff).'>
        {(c) => <Input {...c} type="number" min={0} max={10} value={slot.retries} onChange={(e) => setSlot({ retries: Math.max(0, Math.min(10, Number(e.target.value) || 0)) }, "slot.retries")} />}
      </FormField>
    </>
  );
}

function ToolPicker({ node, catalog, set, graph, label = "Tool" }: { node: NodeOf<"tool_call"> | NodeOf<"policy_check">; catalog: JourneyCatalogData | undefined; set: (field: string, value: unknown) => void; graph: JourneyGraph; label?: string }) {
  const tool = catalog?.tools.find((t) => t.name === node.tool);
  const args = declaredArgs(tool?.args);
  const variables = [
    ...new Set(graph.nodes.flatMap((n) => (n.type === "collect" ? [`{{slots.${n.slot.name}}}`] : n.type === "tool_call" && n.resultAs ? [`{{result.${n.resultAs}}}`] : []))),
    "{{session.authenticatedUserId}}",
  ];
  return (
    <>
      <FormField label={label} error={node.tool ? undefined : "Choose the tool to call"} hint={tool?.description}>
        {(c) => (
          <Select {...c} value={node.tool} onChange={(e) => set("tool", e.target.value)}>
            <option value="">Choose a tool…</option>
            {(catalog?.tools ?? []).map((t) => (
              <option key={t.name} value={t.name}>
                {t.name} ({t.kind})
              </option>
            ))}
          </Select>
        )}
      </FormField>
      {args.length ? (
        <div className="space-y-2 rounded-md border border-zinc-200 p-2">
          <p className="text-xs font-medium text-zinc-600">Arguments</p>
          <datalist id={`vars-${node.id}`}>
            {variables.map((v) => (
              <option key={v} value={v} />
            ))}
          </datalist>
          {args.map((a) => {
            const value = node.args[a.name];
            const missing = a.required && (value === undefined || value === null || value === "");
            return (
              <FormField key={a.name} label={`${a.name}${a.required ? " *" : ""}`} hint={a.description} error={missing ? `Map ${a.name} to a slot or a value` : undefined}>
                {(c) => <Input {...c} list={`vars-${node.id}`} value={value === undefined || value === null ? "" : String(value)} onChange={(e) => set("args", { ...node.args, [a.name]: e.target.value })} />}
              </FormField>
            );
          })}
        </div>
      ) : null}
    </>
  );
}

function ConditionFields({ node, set }: { node: NodeOf<"condition">; set: (field: string, value: unknown) => void }) {
  const setBranches = (branches: typeof node.branches) => set("branches", branches);
  const setExpr = (b: number, k: number, patch: Partial<Expression>) =>
    setBranches(node.branches.map((br, i) => (i === b ? { ...br, all: br.all.map((ex, j) => (j === k ? { ...ex, ...patch } : ex)) } : br)));
  return (
    <div className="space-y-3">
      {node.branches.map((br, b) => (
        <div key={b} className="space-y-2 rounded-md border border-zinc-200 p-2">
          <div className="flex items-end gap-2">
            <div className="flex-1">
              <FormField label={`Branch ${b + 1}`} error={br.label.trim() ? undefined : "Name the branch"}>
                {(c) => <Input {...c} value={br.label} onChange={(e) => setBranches(node.branches.map((x, i) => (i === b ? { ...x, label: e.target.value } : x)))} />}
              </FormField>
            </div>
            <Button variant="ghost" size="icon" aria-label={`Remove branch ${br.label}`} onClick={() => setBranches(node.branches.filter((_, i) => i !== b))}>
              <Trash2 />
            </Button>
          </div>
          {br.all.map((ex, k) => (
            <div key={k} className="grid grid-cols-[1fr_5.5rem_1fr] gap-1">
              <Input aria-label="Value to test" value={ex.left} placeholder="slots.x" onChange={(e) => setExpr(b, k, { left: e.target.value })} />
              <Select aria-label="Comparison" value={ex.op} onChange={(e) => setExpr(b, k, { op: e.target.value as Expression["op"] })}>
                {expressionOps.map((op) => (
                  <option key={op} value={op}>
                    {op}
                  </option>
                ))}
              </Select>
              <Input aria-label="Compared with" value={ex.right === undefined ? "" : String(ex.right)} disabled={ex.op === "exists" || ex.op === "not_exists"} onChange={(e) => setExpr(b, k, { right: e.target.value })} />
            </div>
          ))}
        </div>
      ))}
      <Button variant="secondary" size="sm" onClick={() => setBranches([...node.branches, { label: `branch_${node.branches.length + 1}`, all: [{ left: "slots.answer", op: "exists" }] }])}>
        <Plus />
        Add branch
      </Button>
      <p className="text-xs text-zinc-500">When no branch matches, the journey follows &quot;else&quot;.</p>
    </div>
  );
}

function Preview({ text, scope }: { text: string; scope: Record<string, unknown> }) {
  if (!text.includes("{{")) return null;
  const { text: rendered, missing } = previewText(text, scope);
  return (
    <div className="rounded-md border border-dashed border-zinc-300 bg-zinc-50 p-2" data-testid="message-preview">
      <p className="text-[11px] font-medium tracking-wide text-zinc-500 uppercase">Preview with sample values</p>
      <p className="text-sm text-zinc-800">{rendered}</p>
      {missing.length ? <p className="mt-1 text-xs text-amber-700">No sample value for {missing.join(", ")}</p> : null}
    </div>
  );
}

/** Where each way out leads: the keyboard-friendly twin of drawing an edge. */
function Connections({ node, graph, onConnect }: InspectorProps) {
  const handles = sourceHandles(node, graph.edges);
  if (handles.length === 0) return null;
  const targets = graph.nodes.filter((n) => n.id !== node.id && n.type !== "trigger");
  return (
    <div className="space-y-2 border-t border-zinc-100 pt-3">
      <p className="text-sm font-medium text-zinc-800">Next steps</p>
      {handles.map((h) => {
        const edge = graph.edges.find((e) => e.source === node.id && (e.label || DEFAULT_HANDLE) === h);
        return (
          <label key={h} className="grid grid-cols-[7rem_1fr] items-center gap-2 text-sm">
            <span className="truncate text-zinc-600">{h === DEFAULT_HANDLE ? "then" : h}</span>
            <Select aria-label={`Next step for ${h}`} value={edge?.target ?? ""} onChange={(e) => onConnect(h, e.target.value || null)}>
              <option value="">Not connected</option>
              {targets.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.label ?? t.id}
                </option>
              ))}
            </Select>
          </label>
        );
      })}
    </div>
  );
}
