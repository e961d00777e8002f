"use client";

import { useState } from "react";
import { FormField } from "@/components/ui/form-field";
import { Textarea } from "@/components/ui/textarea";
import { type JsonShape, parseJsonField } from "./case-form";

interface JsonFieldProps {
  label: string;
  /** The form path, so the editor can focus the field that holds the first error. */
  path: string;
  value: string;
  onChange: (value: string) => void;
  shape: JsonShape;
  /** The error the last save found here. */
  error?: string;
  hint?: string;
  placeholder?: string;
  rows?: number;
}

/** A JSON text field, checked when it loses focus: the message says what is wrong and where. */
export function JsonField({ label, path, value, onChange, shape, error, hint, placeholder, rows = 3 }: JsonFieldProps) {
  const [blurError, setBlurError] = useState<string | null>(null);
  return (
    <FormField label={label} error={blurError ?? error} hint={hint}>
      {(p) => (
        <Textarea
          {...p}
          data-field={path}
          rows={rows}
          spellCheck={false}
          className="font-mono text-xs"
          value={value}
          placeholder={placeholder}
          onChange={(e) => {
            setBlurError(null);
            onChange(e.target.value);
          }}
          onBlur={() => {
            const parsed = parseJsonField(value, shape);
            setBlurError(parsed.ok ? null : parsed.message);
          }}
        />
      )}
    </FormField>
  );
}
