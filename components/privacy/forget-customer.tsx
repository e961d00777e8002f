"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Download, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { notify } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/form-errors";
import { useTRPC } from "@/lib/trpc/client";
import { useCan } from "@/lib/use-can";

/**
 * A customer's privacy actions for their profile page (admins only): download everything held about them
 * as JSON, and forget them — erased for good after typing their id (server/services/privacy).
 */
export function CustomerPrivacyActions({ workspace, customerId }: { workspace: string; customerId: string }) {
  const can = useCan(workspace);
  if (!can("privacy:manage")) return null;
  return (
    <>
      <ExportCustomerButton workspace={workspace} customerId={customerId} />
      <ForgetCustomerButton workspace={workspace} customerId={customerId} />
    </>
  );
}

export function ExportCustomerButton({ workspace, customerId }: { workspace: string; customerId: string }) {
  const trpc = useTRPC();
  const exportCustomer = useMutation(
    trpc.privacy.exportCustomer.mutationOptions({
      onSuccess: (document) => {
        const a = window.document.createElement("a");
        a.href = URL.createObjectURL(new Blob([JSON.stringify(document, null, 2)], { type: "application/json" }));
        a.download = `customer-${document.customer.externalId.replace(/[^\w.-]+/g, "_")}.json`;
        a.click();
        URL.revokeObjectURL(a.href);
      },
      onError: (error) => notify.failure(error, "Could not export the customer"),
    }),
  );
  return (
    <Button variant="secondary" disabled={exportCustomer.isPending} onClick={() => exportCustomer.mutate({ workspace, customerId })}>
      <Download />
      {exportCustomer.isPending ? "Exporting…" : "Export data"}
    </Button>
  );
}

export function ForgetCustomerButton({ workspace, customerId }: { workspace: string; customerId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const [mismatch, setMismatch] = useState<string | null>(null);
  const preview = useQuery({ ...trpc.privacy.forgetPreview.queryOptions({ workspace, customerId }), enabled: open });
  const forget = useMutation(
    trpc.privacy.forgetCustomer.mutationOptions({
      onSuccess: async ({ counts }) => {
        notify.success(`Customer forgotten: ${counts.conversations} conversation${counts.conversations === 1 ? "" : "s"} erased`);
        setOpen(false);
        await queryClient.invalidateQueries();
        router.push(`/${workspace}/customers`);
      },
    }),
  );
  const externalId = preview.data?.externalId;
  const confirm = () => {
    if (!externalId) return;
    if (typed.trim() !== externalId) return setMismatch(`Type ${externalId} exactly to confirm`);
    setMismatch(null);
    forget.mutate({ workspace, customerId, confirm: typed });
  };
  const close = () => {
    setOpen(false);
    setTyped("");
    setMismatch(null);
    forget.reset();
  };

  return (
    <>
      <Button variant="destructive" onClick={() => setOpen(true)}>
        <Trash2 />
        Forget this customer
      </Button>
      <ConfirmDialog
        open={open}
        onClose={close}
        title="Forget this customer?"
        confirmLabel="Forget for good"
        pending={forget.isPending || preview.isPending}
        error={preview.isError ? errorMessage(preview.error) : forget.isError ? errorMessage(forget.error) : mismatch}
        onConfirm={confirm}
        description={
          <div className="space-y-3">
            <p>
              {preview.data
                ? `Erases ${preview.data.conversations} conversation${preview.data.conversations === 1 ? "" : "s"} (${preview.data.messages} messages) with their traces, tool calls, notes, tags, corrections and scores, the customer's memory and profile. `
                : "Erases their conversations with their traces, tool calls, notes, tags, corrections and scores, the customer's memory and profile. "}
              Insights keep counts only. This cannot be undone.
            </p>
            <FormField label={externalId ? `Type ${externalId} to confirm` : "Type the customer's id to confirm"}>
              {(p) => <Input {...p} value={typed} autoComplete="off" data-testid="forget-confirm" onChange={(e) => setTyped(e.target.value)} onKeyDown={(e) => e.key === "Enter" && confirm()} />}
            </FormField>
          </div>
        }
      />
    </>
  );
}
