import "server-only";
import { PDFParse } from "pdf-parse";
import { type Block, type ParsedDocument, ParseError, clean, finish } from "./blocks";

const PAGE_FURNITURE = /^(page\s+)?\d+(\s*(of|\/)\s*\d+)?$/i;

// PDF text has no markup: a short line that starts with a capital and ends without punctuation, with
// text after it, reads as a heading ("Refund timing").
function looksLikeHeading(line: string, next: string | undefined): boolean {
  return !!next && line.length <= 60 && line.split(" ").length <= 8 && /^[A-Z0-9]/.test(line) && !/[.,;:!?)]$/.test(line) && !/\$\d/.test(line);
}

function pageBlocks(text: string, tables: string[][][]): Block[] {
  const rowLines = new Map<string, { table: string[][]; first: boolean }>();
  for (const table of tables) table.forEach((row, i) => rowLines.set(clean(row.join(" ")), { table, first: i === 0 }));
  const lines = text.split("\n").map(clean).filter((l) => l && !PAGE_FURNITURE.test(l));
  const blocks: Block[] = [];
  const placed = new Set<string[][]>();
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length) blocks.push({ kind: "text", text: paragraph.join(" ") });
    paragraph = [];
  };
  lines.forEach((line, i) => {
    const row = rowLines.get(line);
    if (row) {
      // The table replaces its rows' text lines, where its first row was.
      if (!placed.has(row.table)) {
        flush();
        placed.add(row.table);
        const [header = [], ...rows] = row.table;
        blocks.push({ kind: "table", header: header.map(clean), rows: rows.map((r) => r.map(clean)) });
      }
      return;
    }
    if (looksLikeHeading(line, lines[i + 1])) {
      flush();
      blocks.push({ kind: "heading", level: 2, text: line });
    } else paragraph.push(line);
  });
  flush();
  for (const table of tables) {
    if (placed.has(table)) continue;
    const [header = [], ...rows] = table;
    blocks.push({ kind: "table", header: header.map(clean), rows: rows.map((r) => r.map(clean)) });
  }
  return blocks;
}

/** Text per page, with tables (found from the drawn grid by `getTable`) kept as tables. */
export async function parsePdf(bytes: Buffer): Promise<ParsedDocument> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    const info = await parser.getInfo();
    const text = await parser.getText();
    const tables = await parser.getTable();
    const byPage = new Map(tables.pages.map((p) => [p.num, p.tables]));
    const blocks = text.pages.flatMap((p) => pageBlocks(p.text, byPage.get(p.num) ?? []));
    if (blocks.length === 0) throw new ParseError("This PDF has no text layer (it may be scanned images): export it with text, or upload the text another way");
    const title = typeof info.info?.Title === "string" ? info.info.Title : null;
    return finish(blocks, { title, pageCount: text.total });
  } catch (e) {
    const name = (e as Error).name;
    if (name === "PasswordException") throw new ParseError("This PDF is password-protected: remove the password and upload it again");
    if (name === "InvalidPDFException" || name === "FormatError" || name === "UnknownErrorException") {
      throw new ParseError("This file is not a readable PDF (it may be damaged or incomplete)");
    }
    throw e;
  } finally {
    await parser.destroy();
  }
}
