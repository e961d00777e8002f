import "server-only";
import Papa from "papaparse";
import { type ParsedDocument, ParseError, clean, finish } from "./blocks";

/** A CSV is one table; its first row is the header. */
export function parseCsv(text: string, title: string): ParsedDocument {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: "greedy" });
  const fatal = parsed.errors.find((e) => e.type === "Quotes");
  if (fatal) throw new ParseError(`This CSV could not be read: ${fatal.message} (row ${fatal.row ?? "?"})`);
  const [header, ...rows] = parsed.data.map((r) => r.map((c) => clean(String(c ?? ""))));
  if (!header || rows.length === 0) throw new ParseError("This CSV has no rows under its header");
  return finish([{ kind: "heading", level: 1, text: title }, { kind: "table", header, rows }], { title });
}
