"use client";

import { useId, useState } from "react";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { type ArgErrors, fieldKind, type JsonSchema } from "@/lib/tools/args-schema";

type Args = Record<string, unknown>;

/** A form generated from a tool's argument schema; a property left empty is left out of the arguments. */
export function ArgsSchemaForm({ schema, value, onChange, errors }: { schema: JsonSchema; value: Args; onChange: (v: Args) => void; errors: ArgErrors }) {
  const properties = Object.entries(schema.properties ?? {});
  if (properties.length === 0) return <p className="text-sm text-zinc-500">This tool takes no arguments.</p>;
  return <Fields schema={schema} value={value} onChange={onChange} errors={errors} path="" />;
}

function Fields({ schema, value, onChange, errors, path }: { schema: JsonSchema; value: Args; onChange: (v: Args) => void; errors: ArgErrors; path: string }) {
  const required = new Set(schema.required ?? []);
  const set = (name: string, v: unknown) => {
    const next = { ...value };
    if (v === undefined) delete next[name];
    else next[name] = v;
    onChange(next);
  };
  return (
    <div className="space-y-3">
      {Object.entries(schema.properties ?? {}).map(([name, sub]) => {
        const at = path ? `${path}.${name}` : name;
        return <Field key={name} name={name} path={at} schema={sub} required={required.has(name)} value={value[name]} onChange={(v) => set(name, v)} errors={errors} />;
      })}
    </div>
  );
}

interface FieldProps {
  name: string;
  path: string;
  schema: JsonSchema;
  required: boolean;
  value: unknown;
  onChange: (v: unknown) => void;
  errors: ArgErrors;
}

// Numbers typed as text so a wrong entry stays visible and is reported at the field instead of vanishing.
const toNumber = (text: string): unknown => (text.trim() === "" ? undefined : Number.isFinite(Number(text)) ? Number(text) : text);
const shown = (v: unknown) => (v === undefined || v === null ? "" : typeof v === "string" ? v : String(v));

function Field({ name, path, schema, required, value, onChange, errors }: FieldProps) {
  const id = useId();
  const kind = fieldKind(schema);
  // An item's error (`ids[2]`) is shown at its list.
  const error = errors[path] ?? Object.entries(errors).find(([p]) => p.startsWith(`${path}[`))?.[1];
  const help = schema.description;
  const describedBy = [error ? `${id}-error` : null, help ? `${id}-help` : null].filter(Boolean).join(" ") || undefined;
  const control = { id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy, "aria-required": required || undefined } as const;

  if (kind === "object") {
    const obj = value && typeof value === "object" && !Array.isArray(value) ? (value as Args) : {};
    return (
      <fieldset className="space-y-2 rounded-md border border-zinc-200 p-3" data-testid="args-group" aria-describedby={describedBy}>
        <legend className="px-1 text-sm font-medium text-zinc-800">
          {name}
          <RequiredMark required={required} />
        </legend>
        <Help id={`${id}-help`} text={help} />
        <FieldError id={`${id}-error`} error={errors[path]} />
        <Fields schema={schema} value={obj} onChange={(v) => onChange(Object.keys(v).length ? v : undefined)} errors={errors} path={path} />
      </fieldset>
    );
  }

  let input: React.ReactNode;
  if (kind === "enum") {
    const options = schema.enum as (string | number)[];
    input = (
      <Select {...control} value={value === undefined ? "" : String(value)} onChange={(e) => onChange(e.target.value === "" ? undefined : options.find((o) => String(o) === e.target.value))}>
        <option value="">—</option>
        {options.map((o) => (
          <option key={String(o)} value={String(o)}>
            {String(o)}
          </option>
        ))}
      </Select>
    );
  } else if (kind === "boolean") {
    input = (
      <Select {...control} value={value === undefined ? "" : String(value)} onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value === "true")}>
        <option value="">—</option>
        <option value="true">true</option>
        <option value="false">false</option>
      </Select>
    );
  } else if (kind === "number" || kind === "integer") {
    input = <Input {...control} inputMode={kind === "integer" ? "numeric" : "decimal"} value={shown(value)} onChange={(e) => onChange(toNumber(e.target.value))} />;
  } else if (kind === "string") {
    input = <Input {...control} value={shown(value)} onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value)} />;
  } else if (kind === "list") {
    const itemKind = fieldKind(schema.items!);
    const lines = Array.isArray(value) ? value.map(shown).join("\n") : "";
    input = (
      <ListInput
        control={control}
        text={lines}
        onChange={(text) => {
          const items = text.split("\n").filter((l) => l.trim() !== "");
          onChange(items.length ? items.map((l) => (itemKind === "number" || itemKind === "integer" ? toNumber(l) : l)) : undefined);
        }}
      />
    );
  } else {
    input = <JsonInput control={control} value={value} onChange={onChange} />;
  }

  return (
    <div className="space-y-1.5" data-testid="args-field" data-path={path}>
      <Label htmlFor={id}>
        {name}
        <RequiredMark required={required} />
        {kind === "list" ? <span className="font-normal text-zinc-500"> (one per line)</span> : kind === "json" ? <span className="font-normal text-zinc-500"> (JSON)</span> : null}
      </Label>
      {input}
      <Help id={`${id}-help`} text={help} />
      <FieldError id={`${id}-error`} error={error} />
    </div>
  );
}

type Control = { id: string; "aria-invalid"?: true; "aria-describedby"?: string; "aria-required"?: true };

// The list's text is kept as typed (a trailing newline is the next item being started).
function ListInput({ control, text, onChange }: { control: Control; text: string; onChange: (text: string) => void }) {
  const [draft, setDraft] = useState(text);
  const value = draft.split("\n").filter((l) => l.trim() !== "").join("\n") === text ? draft : text;
  return (
    <Textarea
      {...control}
      rows={3}
      value={value}
      onChange={(e) => {
        setDraft(e.target.value);
        onChange(e.target.value);
      }}
    />
  );
}

// A value the form has no controls for (an array of objects, a free-form object) is edited as JSON.
function JsonInput({ control, value, onChange }: { control: Control; value: unknown; onChange: (v: unknown) => void }) {
  const [text, setText] = useState(value === undefined ? "" : JSON.stringify(value, null, 2));
  const [bad, setBad] = useState(false);
  const inSync = bad || (text.trim() === "" ? value === undefined : safeEqual(text, value));
  const shownText = inSync ? text : value === undefined ? "" : JSON.stringify(value, null, 2);
  return (
    <>
      <Textarea
        {...control}
        aria-invalid={bad || control["aria-invalid"] || undefined}
        rows={3}
        className="font-mono text-xs"
        value={shownText}
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim() === "") {
            setBad(false);
            return onChange(undefined);
          }
          try {
            onChange(JSON.parse(e.target.value));
            setBad(false);
          } catch {
            setBad(true);
          }
        }}
      />
      {bad ? <p className="text-sm text-red-600">Not valid JSON yet: the last valid value is kept.</p> : null}
    </>
  );
}

function safeEqual(text: string, value: unknown) {
  try {
    return JSON.stringify(JSON.parse(text)) === JSON.stringify(value);
  } catch {
    return false;
  }
}

function RequiredMark({ required }: { required: boolean }) {
  if (!required) return null;
  return (
    <>
      <span aria-hidden className="ml-0.5 text-red-600">
        *
      </span>
      <span className="sr-only"> (required)</span>
    </>
  );
}

function Help({ id, text }: { id: string; text?: string }) {
  return text ? (
    <p id={id} className="text-xs text-zinc-500">
      {text}
    </p>
  ) : null;
}

function FieldError({ id, error }: { id: string; error?: string }) {
  return error ? (
    <p id={id} className="text-sm text-red-600" role="alert">
      {error}
    </p>
  ) : null;
}
