// A tool reaches a secret only through `{{secret.NAME}}` in its definition (headers, usually).
const SECRET_REFERENCE = /\{\{\s*secret\.([A-Za-z0-9_]+)\s*\}\}/g;

/** The secret names these definitions reference, sorted, each once. */
export function secretNamesIn(definitions: unknown[]): string[] {
  const names = new Set<string>();
  for (const definition of definitions) for (const m of JSON.stringify(definition).matchAll(SECRET_REFERENCE)) names.add(m[1]!);
  return [...names].sort();
}
