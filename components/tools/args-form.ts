// The arguments form ⇄ JSON Schema: builders fill rows, tools store an object schema.

export interface ArgRow {
  name: string;
  type: "string" | "number" | "integer" | "boolean" | "string[]";
  description: string;
  required: boolean;
}

export function rowsFromSchema(schema: Record<string, unknown>): ArgRow[] {
  const props = (schema.properties ?? {}) as Record<string, { type?: string; items?: { type?: string }; description?: string }>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(props).map(([name, p]) => ({
    name,
    type: p.type === "array" ? "string[]" : p.type === "number" || p.type === "integer" || p.type === "boolean" ? p.type : "string",
    description: p.description ?? "",
    required: required.has(name),
  }));
}

/** Keeps anything the form does not edit (enums, formats from an OpenAPI import) on existing properties. */
export function schemaFromRows(rows: ArgRow[], previous: Record<string, unknown> = {}): Record<string, unknown> {
  const old = (previous.properties ?? {}) as Record<string, Record<string, unknown>>;
  const properties = Object.fromEntries(
    rows
      .filter((r) => r.name.trim())
      .map((r) => {
        const typed = r.type === "string[]" ? { type: "array", items: { type: "string" } } : { type: r.type };
        const kept = old[r.name] && (old[r.name]!.type === typed.type) ? old[r.name] : {};
        return [r.name.trim(), { ...kept, ...typed, ...(r.description ? { description: r.description } : {}) }];
      }),
  );
  return { type: "object", properties, required: rows.filter((r) => r.required && r.name.trim()).map((r) => r.name.trim()) };
}
