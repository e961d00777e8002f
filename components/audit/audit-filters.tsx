"use client";

import { useQuery } from "@tanstack/react-query";
import { X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { AuditFilters } from "@/lib/schemas/audit";
import { useTRPC } from "@/lib/trpc/client";

export const targetTypeLabel = (type: string) => {
  const words = type.replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** The audit log's filter bar; each change replaces the filters, and the list refetches from the first page. */
export function AuditFilterBar({
  workspace,
  filters,
  targetName,
  onChange,
}: {
  workspace: string;
  filters: AuditFilters;
  targetName: string | null;
  onChange: (next: AuditFilters) => void;
}) {
  const trpc = useTRPC();
  const facets = useQuery(trpc.audit.facets.queryOptions({ workspace }));
  const set = (key: keyof AuditFilters, value: string) => onChange({ ...filters, [key]: value || undefined });
  const active = Object.values(filters).some(Boolean);

  return (
    <div className="space-y-3 rounded-card border border-zinc-200 bg-white p-4" role="search" aria-label="Filter the audit log" data-testid="audit-filters">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
        <FormField label="Actor">
          {(p) => (
            <Select {...p} value={filters.actorId ?? ""} onChange={(e) => set("actorId", e.target.value)}>
              <option value="">Anyone</option>
              {facets.data?.actors.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name || a.email}
                </option>
              ))}
            </Select>
          )}
        </FormField>
        <FormField label="Action">
          {(p) => (
            <Select {...p} value={filters.action ?? ""} onChange={(e) => set("action", e.target.value)}>
              <option value="">Any action</option>
              {facets.data?.actions.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </Select>
          )}
        </FormField>
        <FormField label="Target">
          {(p) => (
            <Select {...p} value={filters.targetType ?? ""} onChange={(e) => onChange({ ...filters, targetType: e.target.value || undefined, targetId: undefined })}>
              <option value="">Anything</option>
              {facets.data?.targetTypes.map((t) => (
                <option key={t} value={t}>
                  {targetTypeLabel(t)}
                </option>
              ))}
            </Select>
          )}
        </FormField>
        <FormField label="From">{(p) => <Input {...p} type="date" value={filters.from ?? ""} max={filters.to} onChange={(e) => set("from", e.target.value)} />}</FormField>
        <FormField label="To">{(p) => <Input {...p} type="date" value={filters.to ?? ""} min={filters.from} onChange={(e) => set("to", e.target.value)} />}</FormField>
      </div>
      {active ? (
        <div className="flex flex-wrap items-center gap-2">
          {filters.targetId ? (
            <span className="inline-flex items-center gap-1 rounded-full bg-brand-50 px-2.5 py-1 text-sm text-brand-700 ring-1 ring-brand-100" data-testid="audit-target-filter">
              Only {targetName ?? "this target"}
              <button type="button" aria-label="Show every target" className="rounded-full hover:bg-brand-100" onClick={() => onChange({ ...filters, targetId: undefined })}>
                <X className="size-3.5" />
              </button>
            </span>
          ) : null}
          <Button variant="ghost" size="sm" onClick={() => onChange({})}>
            Clear filters
          </Button>
        </div>
      ) : null}
    </div>
  );
}
