"use client";

import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

/** A read-only value with a copy button (keys, secrets, snippets shown once). */
export function CopyField({ value, label, multiline = false }: { value: string; label: string; multiline?: boolean }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="flex items-start gap-2">
      {multiline ? (
        <pre role="region" aria-label={label} tabIndex={0} className="min-w-0 flex-1 overflow-x-auto rounded-md border border-zinc-200 bg-white p-2 text-xs">
          {value}
        </pre>
      ) : (
        <input aria-label={label} readOnly value={value} className="h-9 min-w-0 flex-1 rounded-md border border-zinc-200 bg-white px-2 font-mono text-xs" onFocus={(e) => e.target.select()} />
      )}
      <Button
        variant="secondary"
        size="sm"
        onClick={() =>
          void navigator.clipboard?.writeText(value)?.then(() => {
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          })
        }
      >
        {copied ? <Check /> : <Copy />}
        {copied ? "Copied" : "Copy"}
      </Button>
    </div>
  );
}
