// Text every input boundary refuses: Postgres cannot store NUL in text or jsonb, a lone UTF-16 surrogate
// has no UTF-8 form, and a deeply nested value costs every recursive reader (and Postgres's stack).

export const MAX_INPUT_DEPTH = 64;

export interface UnsafeInput {
  /** Where in the input, e.g. `customer.name` (empty for the root). */
  path: string;
  reason: "nul" | "surrogate" | "depth";
}

// With the u flag a surrogate pair is one code point, so only lone surrogates match \p{Cs}.
const UNSAFE_CHAR = /[\0\p{Cs}]/u;

export function isSafeText(text: string): boolean {
  return !UNSAFE_CHAR.test(text);
}

function reasonOf(text: string): UnsafeInput["reason"] | null {
  const match = UNSAFE_CHAR.exec(text);
  if (!match) return null;
  return match[0] === "\0" ? "nul" : "surrogate";
}

/** The first string (or object key) that cannot be stored, or a value nested too deep; null if all is well. */
export function findUnsafeInput(value: unknown): UnsafeInput | null {
  // Iterative, so a hostile 100,000-deep value cannot overflow this check's own stack.
  const stack: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: v, path } = stack.pop()!;
    if (typeof v === "string") {
      const reason = reasonOf(v);
      if (reason) return { path: path.join("."), reason };
      continue;
    }
    if (typeof v !== "object" || v === null) continue;
    if (path.length >= MAX_INPUT_DEPTH) return { path: path.join("."), reason: "depth" };
    for (const [key, child] of Object.entries(v)) {
      const reason = reasonOf(key);
      if (reason) return { path: [...path, key].join("."), reason };
      stack.push({ value: child, path: [...path, key] });
    }
  }
  return null;
}

/** A message that names the field and says how to fix it. */
export function unsafeInputMessage({ path, reason }: UnsafeInput): string {
  const where = path ? ` in ${path.replace(/[\0\p{Cs}]/gu, "?")}` : "";
  if (reason === "nul") return `Remove the NUL character (\\u0000)${where}: text cannot contain it`;
  if (reason === "surrogate") return `Text${where} contains a lone UTF-16 surrogate (\\ud800–\\udfff): send well-formed Unicode`;
  return `The value${where} is nested more than ${MAX_INPUT_DEPTH} levels deep: flatten it`;
}
