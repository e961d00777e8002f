"use client";

import { useMutation } from "@tanstack/react-query";
import { Download } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormError, FormField } from "@/components/ui/form-field";
import { Select } from "@/components/ui/select";
import { errorMessage } from "@/lib/form-errors";
import type { AgentExportFormat } from "@/lib/schemas/agent-export";
import { useTRPC } from "@/lib/trpc/client";

/** Downloads the agent as one JSON or YAML file (docs/design.md, "Agent export and import"). */
export function ExportAgentCard({ workspace, agent }: { workspace: string; agent: string }) {
  const trpc = useTRPC();
  const [format, setFormat] = useState<AgentExportFormat>("yaml");
  const exportAgent = useMutation(
    trpc.agents.export.mutationOptions({
      onSuccess: (file) => {
        const a = document.createElement("a");
        a.href = URL.createObjectURL(new Blob([file.content], { type: file.mediaType }));
        a.download = file.filename;
        a.click();
        URL.revokeObjectURL(a.href);
      },
    }),
  );

  return (
    <Card>
      <CardHeader>
        <CardTitle>Export</CardTitle>
        <CardDescription>
          One file with the journeys, policies and their tests, tools, guardrails, persona and knowledge base names, to keep in git or import into another workspace.
          Secret values are never included: tools keep their references to secrets by name.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-3">
        <FormError>{exportAgent.isError ? errorMessage(exportAgent.error) : null}</FormError>
        <div className="flex items-end justify-end gap-3">
          <div className="w-40">
            <FormField label="Format">
              {(p) => (
                <Select {...p} value={format} onChange={(e) => setFormat(e.target.value as AgentExportFormat)}>
                  <option value="yaml">YAML</option>
                  <option value="json">JSON</option>
                </Select>
              )}
            </FormField>
          </div>
          <Button variant="secondary" disabled={exportAgent.isPending} onClick={() => exportAgent.mutate({ workspace, agent, format })}>
            <Download />
            {exportAgent.isPending ? "Exporting…" : "Export"}
          </Button>
        </div>
      </CardContent>
    </Card>
  );
}
