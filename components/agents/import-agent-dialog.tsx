"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Button, buttonVariants } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { errorMessage } from "@/lib/form-errors";
import { STUDIO_IMPORT_MAX_BYTES } from "@/lib/schemas/agent-export-limits";
import { useTRPC } from "@/lib/trpc/client";

/** Creates a new agent from an agent export: a file or pasted JSON/YAML. Nothing is saved when the file has a problem. */
export function ImportAgentDialog({ workspace, open, onClose }: { workspace: string; open: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [content, setContent] = useState("");
  const [name, setName] = useState("");
  const [fileError, setFileError] = useState<string | null>(null);
  const importAgent = useMutation(
    trpc.agents.import.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.agents.list.queryKey() }),
    }),
  );

  function close() {
    setContent("");
    setName("");
    setFileError(null);
    importAgent.reset();
    onClose();
  }

  async function onFile(file: File | undefined) {
    setFileError(null);
    if (!file) return;
    if (file.size > STUDIO_IMPORT_MAX_BYTES) {
      return setFileError(`${file.name} is larger than ${STUDIO_IMPORT_MAX_BYTES / 1024} KB, more than the studio takes: import it with the CLI (switchback agent import)`);
    }
    setContent(await file.text());
  }

  const done = importAgent.data;
  return (
    <Dialog open={open} onClose={close} title="Import agent" description="From a file exported by Switchback (JSON or YAML). The import creates a new agent; nothing is saved if the file has a problem." className="max-w-2xl">
      {done ? (
        <div className="space-y-4" data-testid="import-agent-result">
          <p className="text-sm text-zinc-700">
            Imported <span className="font-medium">{done.agent.name}</span>.
          </p>
          {done.warnings.secrets.length ? (
            <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800" data-testid="import-warning-secrets">
              Its tools need these secrets: {done.warnings.secrets.join(", ")}. Set them under Settings → Secrets before the tools can run.
            </p>
          ) : null}
          {done.warnings.knowledgeBases.length ? (
            <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800" data-testid="import-warning-knowledge">
              Not linked: this workspace has no knowledge base named {done.warnings.knowledgeBases.join(", ")}. Create it and link it on the agent&apos;s Knowledge page.
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={close}>
              Close
            </Button>
            <Link href={`/${workspace}/agents/${done.agent.slug}`} className={buttonVariants()} onClick={close}>
              Open {done.agent.name}
            </Link>
          </div>
        </div>
      ) : (
        <form
          className="space-y-4"
          noValidate
          data-testid="import-agent-form"
          onSubmit={(e) => {
            e.preventDefault();
            importAgent.mutate({ workspace, content, name: name.trim() || undefined });
          }}
        >
          <FormError>{fileError ?? (importAgent.isError ? errorMessage(importAgent.error) : null)}</FormError>
          <FormField label="Agent file" hint="A .yaml or .json file from Export on an agent's overview.">
            {(p) => <input {...p} type="file" accept=".yaml,.yml,.json,application/json,application/yaml" className="block text-sm" onChange={(e) => void onFile(e.target.files?.[0])} />}
          </FormField>
          <FormField label="Or paste the export">
            {(p) => <Textarea {...p} rows={8} className="font-mono text-xs" value={content} onChange={(e) => setContent(e.target.value)} placeholder={"switchback: agent\nversion: 1\nagent: …"} />}
          </FormField>
          <FormField label="Name (optional)" hint="The file's agent name when empty; a taken address gets a number.">
            {(p) => <Input {...p} value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />}
          </FormField>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" disabled={!content.trim() || importAgent.isPending}>
              {importAgent.isPending ? "Importing…" : "Import"}
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
