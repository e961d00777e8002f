"use client";

import { ArrowUp, Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { type HttpTool, type Lookup, MAX_LOOKUPS } from "@/lib/schemas/tool";

/** A first name for a lookup's facts: get_order_details gives order. */
const factsName = (readTool: string) => readTool.replace(/^(get|find|lookup|load|fetch)_/, "").replace(/_(details|info)$/, "");

/** The arguments a tool takes: its URL's placeholders and its argument schema's properties. */
const argumentsOf = (tool: HttpTool) => [...new Set([...[...tool.url.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!), ...Object.keys((tool.args.properties ?? {}) as object)])];

/**
 * The read tools a write runs before its policy decides, in order: each one's facts name, the item list
 * it runs for (optional), where each of its arguments comes from, and where its answer names the customer.
 */
export function LookupsEditor({ write, readTools, onChange }: { write: HttpTool; readTools: HttpTool[]; onChange: (lookups: Lookup[] | undefined) => void }) {
  const lookups = write.factsFrom ?? [];
  const writeArgs = argumentsOf(write);
  const update = (i: number, lookup: Lookup) => onChange(lookups.map((l, j) => (j === i ? lookup : l)));
  const add = () => {
    const first = readTools[0];
    if (!first) return;
    let as = factsName(first.name);
    for (let n = 2; lookups.some((l) => l.as === as); n++) as = `${factsName(first.name)}_${n}`;
    onChange([...lookups, { tool: first.name, as }]);
  };
  const move = (i: number) => onChange(lookups.map((l, j) => (j === i - 1 ? lookups[i]! : j === i ? lookups[i - 1]! : l)));
  const remove = (i: number) => {
    const rest = lookups.filter((_, j) => j !== i);
    onChange(rest.length ? rest : undefined);
  };

  return (
    <section className="space-y-3 sm:col-span-2" aria-label="Facts from lookups">
      <div>
        <h3 className="text-sm font-medium">Facts from lookups</h3>
        <p className="text-xs text-zinc-500">
          Read tools run first, in order; their answers become facts for the policy. An argument takes the request&apos;s argument of the same name unless you say where it comes from: request.&lt;argument&gt;, an
          earlier lookup&apos;s field (order.customer_id), or item when the lookup runs for each item of a list.
        </p>
      </div>
      {lookups.map((lookup, i) => {
        const read = readTools.find((t) => t.name === lookup.tool);
        const label = `Lookup ${i + 1}`;
        return (
          <div key={i} className="space-y-3 rounded-md border border-zinc-200 p-3" data-testid="lookup">
            <div className="flex flex-wrap items-end gap-3">
              <FormField label={`${label}: read tool`}>
                {(p) => (
                  <Select {...p} value={lookup.tool} onChange={(e) => update(i, { ...lookup, tool: e.target.value, as: lookup.as === factsName(lookup.tool) ? factsName(e.target.value) : lookup.as, args: undefined })}>
                    {readTools.map((t) => (
                      <option key={t.name}>{t.name}</option>
                    ))}
                  </Select>
                )}
              </FormField>
              <FormField label={`${label}: name the facts`}>{(p) => <Input {...p} className="w-40" value={lookup.as} onChange={(e) => update(i, { ...lookup, as: e.target.value.trim() })} />}</FormField>
              <FormField label={`${label}: for each item of`} hint="Optional: a list, e.g. request.item_ids">
                {(p) => (
                  <Input
                    {...p}
                    className="w-48 font-mono text-xs"
                    placeholder="(once)"
                    value={lookup.forEach ?? ""}
                    onChange={(e) => update(i, { ...lookup, forEach: e.target.value.trim() || undefined })}
                  />
                )}
              </FormField>
              <div className="ml-auto flex gap-1">
                <Button variant="ghost" size="icon" aria-label={`Move ${label.toLowerCase()} up`} disabled={i === 0} onClick={() => move(i)}>
                  <ArrowUp />
                </Button>
                <Button variant="ghost" size="icon" aria-label={`Remove ${label.toLowerCase()}`} onClick={() => remove(i)}>
                  <Trash2 />
                </Button>
              </div>
            </div>
            {read ? (
              <div className="grid gap-2 sm:grid-cols-2">
                {argumentsOf(read).map((arg) => (
                  <FormField key={arg} label={`${label}: ${arg} from`}>
                    {(p) => (
                      <Input
                        {...p}
                        className="font-mono text-xs"
                        placeholder={writeArgs.includes(arg) ? `request.${arg}` : lookup.forEach ? "item" : "request.…"}
                        value={lookup.args?.[arg] ?? ""}
                        onChange={(e) => {
                          const { [arg]: _, ...others } = lookup.args ?? {};
                          const args = e.target.value.trim() ? { ...others, [arg]: e.target.value.trim() } : others;
                          update(i, { ...lookup, args: Object.keys(args).length ? args : undefined });
                        }}
                      />
                    )}
                  </FormField>
                ))}
              </div>
            ) : null}
            <FormField label={`${label}: customer id in the answer`} hint={`Gives ${lookup.forEach ? `belongs_to_authenticated_user on each item of ${lookup.as}` : `${lookup.as}.belongs_to_authenticated_user`}. Leave empty if the answer names no customer.`}>
              {(p) => (
                <Input
                  {...p}
                  className="font-mono text-xs"
                  placeholder="customer_id"
                  value={lookup.customerIdPath ?? ""}
                  onChange={(e) => update(i, { ...lookup, customerIdPath: e.target.value.trim() || undefined })}
                />
              )}
            </FormField>
            <p className="text-xs text-zinc-500">
              {lookup.forEach
                ? `Rules read ${lookup.as}: one answer per item, each with exists and its fields (e.g. ${lookup.as}.all(x, x.exists)).`
                : `Rules read ${lookup.as}.exists and ${lookup.as}.<field> of the answer${read?.responseSchema ? "" : " (test the read tool and keep its answer's shape to have its fields typed)"}.`}
            </p>
          </div>
        );
      })}
      {readTools.length === 0 ? (
        <p className="text-xs text-zinc-500">Add a read tool to this agent to take facts from it.</p>
      ) : lookups.length < MAX_LOOKUPS ? (
        <Button variant="ghost" size="sm" onClick={add}>
          <Plus /> Lookup
        </Button>
      ) : null}
    </section>
  );
}
