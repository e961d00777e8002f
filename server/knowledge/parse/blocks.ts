// The structure every parser produces and the chunker consumes: headings, paragraphs, lists and tables.

export type Block =
  | { kind: "heading"; level: number; text: string }
  | { kind: "text"; text: string }
  | { kind: "list"; items: string[] }
  | { kind: "table"; header: string[]; rows: string[][] };

export interface ParsedDocument {
  /** The document's own title (HTML <title>, a top heading, PDF metadata), when it has one. */
  title: string | null;
  pageCount: number;
  blocks: Block[];
}

/** A file we could not read, with a message written for the builder who uploaded it. */
export class ParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ParseError";
  }
}

export const clean = (s: string) => s.replace(/\s+/g, " ").trim();

/** Drops empty blocks and uses a lone top-level heading as the title. */
export function finish(blocks: Block[], opts: { title?: string | null; pageCount?: number } = {}): ParsedDocument {
  const kept = blocks.filter((b) => (b.kind === "table" ? b.rows.length > 0 : b.kind === "list" ? b.items.length > 0 : b.text.length > 0));
  const h1s = kept.filter((b) => b.kind === "heading" && b.level === 1);
  const title = clean(opts.title ?? "") || (h1s.length === 1 && h1s[0]!.kind === "heading" ? h1s[0]!.text : null);
  return { title, pageCount: opts.pageCount ?? 1, blocks: kept };
}
