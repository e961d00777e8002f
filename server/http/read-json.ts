import "server-only";
import { findUnsafeInput, type UnsafeInput, unsafeInputMessage } from "@/lib/schemas/text";
import { readBody } from "./read-body";

export class InvalidJsonError extends Error {
  constructor() {
    super("The body is not valid JSON");
    this.name = "InvalidJsonError";
  }
}

/** NUL, a lone surrogate or too deep a nesting somewhere in a JSON body. */
export class UnsafeInputError extends Error {
  constructor(readonly unsafe: UnsafeInput) {
    super(unsafeInputMessage(unsafe));
    this.name = "UnsafeInputError";
  }
}

/**
 * A JSON body read within `limit` bytes (BodyTooLargeError past it) and checked for text no database
 * can store before any schema sees it. An empty body is `undefined`.
 */
export async function readJson(request: Request, limit: number): Promise<unknown> {
  const text = (await readBody(request, limit)).toString("utf8");
  if (!text.trim()) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidJsonError();
  }
  const unsafe = findUnsafeInput(value);
  if (unsafe) throw new UnsafeInputError(unsafe);
  return value;
}
