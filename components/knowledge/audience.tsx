"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Lock, Users } from "lucide-react";
import { cn } from "@/components/ui/cn";
import { Select } from "@/components/ui/select";
import { notify } from "@/components/ui/toaster";
import { audienceLabels, type DocumentAudience, documentAudiences } from "@/lib/schemas/knowledge";
import { useTRPC } from "@/lib/trpc/client";

/** Who a document answers, as a label: internal documents never reach customers. */
export function AudienceBadge({ audience, className }: { audience: string; className?: string }) {
  const internal = audience === "internal";
  return (
    <span
      data-testid="document-audience"
      data-audience={audience}
      title={internal ? "Internal: never used to answer customers" : "Customer-facing: answers customers"}
      className={cn(
        "inline-flex w-fit items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium",
        internal ? "bg-violet-50 text-violet-800 ring-1 ring-violet-200" : "bg-sky-50 text-sky-800 ring-1 ring-sky-200",
        className,
      )}
    >
      {internal ? <Lock className="size-3" aria-hidden /> : <Users className="size-3" aria-hidden />}
      {audienceLabels[audience as DocumentAudience] ?? audience}
    </span>
  );
}

/** The audience of a document, changed in place by a builder (audited on the server). */
export function AudienceSelect({ workspace, document }: { workspace: string; document: { id: string; title: string; audience: string } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const setAudience = useMutation(trpc.knowledge.setAudience.mutationOptions());
  return (
    <Select
      aria-label={`Audience of ${document.title}`}
      data-testid="audience-select"
      value={document.audience}
      disabled={setAudience.isPending}
      className="h-8 w-auto text-xs"
      onChange={(e) =>
        setAudience.mutate(
          { workspace, documentId: document.id, audience: e.target.value as DocumentAudience },
          {
            onSuccess: async ({ audience }) => {
              notify.success(audience === "internal" ? `${document.title} is internal` : `${document.title} answers customers`, audience === "internal" ? "It is no longer used to answer customers." : undefined);
              await Promise.all([
                queryClient.invalidateQueries({ queryKey: trpc.knowledge.documents.queryKey() }),
                queryClient.invalidateQueries({ queryKey: trpc.knowledge.document.queryKey() }),
              ]);
            },
            onError: (error) => notify.failure(error, "Could not change the audience"),
          },
        )
      }
    >
      {documentAudiences.map((a) => (
        <option key={a} value={a}>
          {audienceLabels[a]}
        </option>
      ))}
    </Select>
  );
}
