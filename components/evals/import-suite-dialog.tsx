"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Textarea } from "@/components/ui/textarea";
import { notify } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";

// The studio reads suite files up to this size; a bigger one goes through the CLI (switchback eval import).
const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** Imports a suite file (YAML, from Export or `switchback eval export`): a file or pasted text. Nothing is saved when it has a problem. */
export function ImportSuiteDialog({ workspace, agentId, open, onClose, onImported }: { workspace: string; agentId: string; open: boolean; onClose: () => void; onImported: (suiteId: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [content, setContent] = useState("");
  const [replace, setReplace] = useState(false);
  const [fileError, setFileError] = useState<string | null>(null);
  const importSuite = useMutation(
    trpc.evals.importSuite.mutationOptions({
      onSuccess: async ({ suiteId, name, cases, replaced }) => {
        notify.success(`${replaced ? "Replaced" : "Imported"} the suite ${name}: ${cases} case${cases === 1 ? "" : "s"}`);
        await queryClient.invalidateQueries({ queryKey: trpc.evals.pathKey() });
        onImported(suiteId);
        close();
      },
    }),
  );

  function close() {
    setContent("");
    setReplace(false);
    setFileError(null);
    importSuite.reset();
    onClose();
  }

  async function onFile(file: File | undefined) {
    setFileError(null);
    importSuite.reset();
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) return setFileError(`${file.name} is larger than 2 MB: import it with the CLI (switchback eval import)`);
    setContent(await file.text());
  }

  const problem = fileError ?? (importSuite.isError ? errorMessage(importSuite.error) : null);
  return (
    <Dialog
      open={open}
      onClose={() => (importSuite.isPending ? undefined : close())}
      title="Import a suite"
      description="A suite file exported from the studio or with switchback eval export. Nothing is saved if the file has a problem."
      className="max-w-2xl"
    >
      <form
        className="space-y-4"
        noValidate
        data-testid="import-suite-form"
        onSubmit={(e) => {
          e.preventDefault();
          importSuite.mutate({ workspace, agentId, content, replace });
        }}
      >
        {problem ? (
          // The server's message names the line and column of the problem: shown as it is, lines kept.
          <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm whitespace-pre-wrap text-red-700" data-testid="import-suite-error">
            {problem}
          </div>
        ) : null}
        <FormField label="Suite file" hint="A .yaml or .yml file.">
          {(p) => <input {...p} type="file" accept=".yaml,.yml,.json,application/yaml,application/json" className="block text-sm" onChange={(e) => void onFile(e.target.files?.[0])} />}
        </FormField>
        <FormField label="Or paste the file">
          {(p) => (
            <Textarea
              {...p}
              rows={10}
              spellCheck={false}
              className="font-mono text-xs"
              value={content}
              onChange={(e) => {
                importSuite.reset();
                setContent(e.target.value);
              }}
              placeholder={"switchback: eval-suite\nversion: 1\nsuite:\n  name: …"}
            />
          )}
        </FormField>
        <label className="flex items-start gap-2 text-sm text-zinc-700">
          <input type="checkbox" className="mt-0.5" checked={replace} onChange={(e) => setReplace(e.target.checked)} />
          <span>
            Replace the suite of the same name
            <span className="block text-xs text-zinc-600">Its cases are replaced by the file&apos;s.</span>
          </span>
        </label>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={close} disabled={importSuite.isPending}>
            Cancel
          </Button>
          <Button type="submit" disabled={!content.trim() || importSuite.isPending}>
            {importSuite.isPending ? "Importing…" : "Import"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
