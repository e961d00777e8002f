/** One field of an audit entry as it was and as it became; `undefined` means the field was absent. */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The fields that differ between an audit entry's before and after snapshots, nested objects flattened to
 * dotted paths (so `persona.tone` reads as one change, not as a whole persona). Arrays are compared whole.
 */
export function auditChanges(before: unknown, after: unknown, prefix = ""): FieldChange[] {
  if (!isRecord(before) && !isRecord(after)) {
    return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ field: prefix || "value", before, after }];
  }
  const a = isRecord(before) ? before : {};
  const b = isRecord(after) ? after : {};
  const changes: FieldChange[] = [];
  for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])]) {
    const field = prefix ? `${prefix}.${key}` : key;
    if (isRecord(a[key]) && isRecord(b[key])) changes.push(...auditChanges(a[key], b[key], field));
    else if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) changes.push({ field, before: a[key], after: b[key] });
  }
  return changes;
}

/** A value as one short line for the diff: strings bare, everything else as JSON, long text cut. */
export function displayValue(value: unknown, max = 160): string {
  if (value === undefined || value === null) return "—";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
