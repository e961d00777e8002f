"use client";

import { AlertDialog } from "radix-ui";
import { Button } from "./button";
import { useReturnFocus } from "./return-focus";

// Radix AlertDialog: role="alertdialog", focus trapped and returned, Escape cancels, and a click outside
// does NOT dismiss it (a destructive action is never confirmed or cancelled by accident).

interface ConfirmDialogProps {
  open: boolean;
  onClose: () => void;
  /** A question naming the target, e.g. "Roll back to release 3?". */
  title: string;
  /** A sentence saying what happens when confirmed. */
  description: React.ReactNode;
  /** The verb, e.g. "Revoke key". */
  confirmLabel: string;
  onConfirm: () => void;
  pending?: boolean;
  error?: string | null;
}

/** Asks before a destructive action; stays open while it runs so a failure can be shown in place. */
export function ConfirmDialog({ open, onClose, title, description, confirmLabel, onConfirm, pending, error }: ConfirmDialogProps) {
  const returnFocus = useReturnFocus({});
  return (
    <AlertDialog.Root open={open} onOpenChange={(next) => (next || pending ? undefined : onClose())}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 z-50 flex items-start justify-center overflow-y-auto bg-zinc-900/40 p-4 pt-[12vh] pb-8">
          <AlertDialog.Content
            className="relative w-full max-w-md space-y-4 rounded-card border border-zinc-200 bg-white p-5 shadow-xl focus:outline-none"
            {...returnFocus}
          >
            <div className="space-y-1">
              <AlertDialog.Title className="text-base font-semibold text-zinc-900">{title}</AlertDialog.Title>
              <AlertDialog.Description asChild>
                <div className="text-sm text-zinc-600">{description}</div>
              </AlertDialog.Description>
            </div>
            {error ? (
              <p role="alert" className="text-sm text-red-700">
                {error}
              </p>
            ) : null}
            <div className="flex justify-end gap-2">
              {/* Cancel is focused first (Radix's default for AlertDialog), so Enter never destroys by reflex. */}
              <AlertDialog.Cancel asChild>
                <Button variant="secondary" disabled={pending}>
                  Cancel
                </Button>
              </AlertDialog.Cancel>
              {/* A plain button, not AlertDialog.Action: the dialog closes when the caller's action succeeds. */}
              <Button variant="destructive" onClick={onConfirm} disabled={pending}>
                {pending ? "Working…" : confirmLabel}
              </Button>
            </div>
          </AlertDialog.Content>
        </AlertDialog.Overlay>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
