import "server-only";
import { parse as parseYaml, parseDocument, YAMLParseError } from "yaml";
import type { z } from "zod";
import { invalid } from "@/server/errors";

// Reading the files people export and import (agents, eval suites): JSON or YAML, with errors that say where.

/**
 * JSON when it looks like JSON (its errors are clearer), YAML otherwise; YAML is a superset of JSON anyway.
 * A syntax error is an `invalid` error with its line and column, for both.
 */
export function readDocument(content: string): unknown {
  // Only the BOM goes: trimming leading lines would shift the line numbers errors report.
  const text = content.replace(/^\uFEFF/, "");
  if (text.trimStart().startsWith("{")) {
    try {
      return JSON.parse(text);
    } catch (error) {
      const message = (error as Error).message;
      const at = jsonErrorAt(text, message);
      throw invalid(`The file is not valid JSON${at ? ` (line ${at.line}, column ${at.col})` : ""}: ${jsonErrorText(message)}`);
    }
  }
  try {
    // A small alias budget: a file of nested aliases ("billion laughs") must not expand into gigabytes.
    return parseYaml(text, { maxAliasCount: 100, prettyErrors: true });
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const at = error.linePos?.[0];
      throw invalid(`The file is not valid YAML${at ? ` (line ${at.line}, column ${at.col})` : ""}: ${error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")}`);
    }
    throw invalid(`The file is not valid YAML: ${(error as Error).message}`);
  }
}

/** Where JSON.parse stopped: its "at position N" when it says so; else the YAML reader's place (JSON is YAML). */
function jsonErrorAt(text: string, message: string): { line: number; col: number } | null {
  const position = / at position (\d+)/.exec(message);
  if (position) {
    const before = text.slice(0, Number(position[1]));
    const lines = before.split("\n");
    return { line: lines.length, col: lines.at(-1)!.length + 1 };
  }
  // Node 20's "Unexpected token …" names no position.
  const at = parseDocument(text, { schema: "json" }).errors[0]?.linePos?.[0];
  return at ? { line: at.line, col: at.col } : null;
}

/** The parser's message without its position and its quote of the file (which can be the whole file). */
const jsonErrorText = (message: string) =>
  message
    .replace(/ in JSON at position \d+.*$/s, "")
    .replace(/, (\.\.\.)?".*" is not valid JSON$/s, "")
    .replace(/^Unexpected token '\n'/, "Unexpected end of line");

/** The first issue as `where: message`, the path relative to `drop` and after `prefix`. */
export function issueText(error: z.ZodError, drop: string[], prefix = ""): string {
  const issue = error.issues[0];
  if (!issue) return `${prefix || "file"}: not valid`;
  const path = issue.path.slice(drop.every((p, i) => issue.path[i] === p) ? drop.length : 0);
  const where = path.reduce<string>((at, part) => (typeof part === "number" ? `${at}[${part}]` : at ? `${at}.${String(part)}` : String(part)), prefix);
  return `${where || "file"}: ${issue.message}`;
}
