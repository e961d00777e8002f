"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { errorMessage } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";

/** Paste or upload an OpenAPI 3.x document, pick operations, get tools. */
export function OpenApiImport({ open, onClose, workspace, agent }: { open: boolean; onClose: () => void; workspace: string; agent: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [spec, setSpec] = useState("");
  const [baseUrl, setBaseUrl] = useState("");
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const parse = useMutation(trpc.tools.parseOpenApi.mutationOptions({ onSuccess: (r) => setPicked(new Set(r.operations.map((o) => o.tool.name))) }));
  const save = useMutation(
    trpc.tools.import.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.tools.list.queryKey() });
        parse.reset();
        setSpec("");
        onClose();
      },
    }),
  );
  const ops = parse.data?.operations ?? [];
  return (
    <Dialog open={open} onClose={onClose} title="Import from OpenAPI" description="JSON or YAML, OpenAPI 3.x. GET operations become read tools; the others become write tools that need a policy." className="max-w-2xl">
      <div className="space-y-4">
        <FormField label="OpenAPI document">
          {(p) => <Textarea {...p} rows={8} className="font-mono text-xs" value={spec} onChange={(e) => setSpec(e.target.value)} placeholder="openapi: 3.0.3 …" />}
        </FormField>
        <input
          type="file"
          accept=".json,.yaml,.yml"
          aria-label="Upload an OpenAPI file"
          className="text-sm"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (file) setSpec(await file.text());
          }}
        />
        <FormField label="Base URL (optional)" hint="Replaces the document's first server URL.">
          {(p) => <Input {...p} value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} />}
        </FormField>
        <Button variant="secondary" disabled={!spec.trim() || parse.isPending} onClick={() => parse.mutate({ workspace, spec, baseUrl: baseUrl || undefined })}>
          {parse.isPending ? "Reading…" : "Read operations"}
        </Button>
        <FormError>{parse.isError ? errorMessage(parse.error) : save.isError ? errorMessage(save.error) : null}</FormError>
        {ops.length ? (
          <div className="space-y-2">
            <p className="text-sm text-zinc-600">
              {parse.data!.title}: {ops.length} operations{parse.data!.secrets.length ? `; they authenticate with the secret ${parse.data!.secrets.join(", ")} (add it under Settings → Secrets)` : ""}.
            </p>
            <ul className="max-h-64 space-y-1 overflow-y-auto rounded-md border border-zinc-200 p-2 text-sm" data-testid="openapi-operations">
              {ops.map((o) => (
                <li key={o.tool.name}>
                  <label className="flex items-center gap-2">
                    <input
                      type="checkbox"
                      checked={picked.has(o.tool.name)}
                      onChange={(e) => {
                        const next = new Set(picked);
                        if (e.target.checked) next.add(o.tool.name);
                        else next.delete(o.tool.name);
                        setPicked(next);
                      }}
                    />
                    <code className="text-xs">{o.method}</code> <code className="text-xs">{o.path}</code> → <code className="text-xs font-semibold">{o.tool.name}</code>
                    <span className="truncate text-zinc-500">{o.summary}</span>
                  </label>
                </li>
              ))}
            </ul>
            <div className="flex justify-end">
              <Button disabled={picked.size === 0 || save.isPending} onClick={() => save.mutate({ workspace, agent, tools: ops.filter((o) => picked.has(o.tool.name)).map((o) => o.tool) })}>
                Import {picked.size} tool{picked.size === 1 ? "" : "s"}
              </Button>
            </div>
          </div>
        ) : null}
      </div>
    </Dialog>
  );
}
