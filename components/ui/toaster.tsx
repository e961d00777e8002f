"use client";

import { Toaster as Sonner, toast } from "sonner";
import { errorMessage } from "@/lib/form-errors";

/** Mounted once in the studio layout. Sonner's region is a labelled live region, so outcomes are announced. */
export function Toaster() {
  return <Sonner position="bottom-right" closeButton />;
}

/** The outcome of a studio action, as a toast. `failure` turns any error into a message safe to show. */
export const notify = {
  success: (message: string, description?: string) => toast.success(message, { description }),
  failure: (error: unknown, title = "That did not work") => toast.error(title, { description: errorMessage(error) }),
};
