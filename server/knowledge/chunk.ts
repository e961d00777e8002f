import "server-only";
import { createHash } from "node:crypto";
import type { Block, ParsedDocument } from "./parse";

export const CHUNK_MAX_WORDS = 400;

export interface DraftChunk {
  ordinal: number;
  /** "Returns > Refund timing": the headings above the chunk, the document's own title left out. */
  sectionPath: string;
  text: string;
  /** Hash of what is embedded: equal hashes reuse the stored embedding. */
  contentHash: string;
  /** Title and section ride along into the embedding, so a chunk is findable by its section name. */
  embedInput: string;
}

const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

/** A table row as "column: value" pairs, so every row carries its header. */
export function tableRowText(header: string[], row: string[]): string {
  return row.map((cell, i) => (header[i] ? `${header[i]}: ${cell}` : cell)).filter((s) => s.trim()).join("; ");
}

function splitLong(text: string, max: number): string[] {
  if (words(text) <= max) return [text];
  const sentences = text.match(/(?:[^.!?]|\.(?=\d))+[.!?]*\s*/g) ?? [text];
  const parts: string[] = [];
  let current = "";
  for (const s of sentences) {
    if (current && words(current + s) > max) {
      parts.push(current.trim());
      current = "";
    }
    current += s;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

/** The indivisible pieces of a block: a paragraph (split at sentences if huge), a list item, a table row. */
function units(block: Exclude<Block, { kind: "heading" }>, max: number): string[] {
  if (block.kind === "text") return splitLong(block.text, max);
  if (block.kind === "list") {
    const lines = block.items.map((i) => `- ${i}`);
    return words(lines.join(" ")) <= max / 2 ? [lines.join("\n")] : lines;
  }
  return block.rows.map((row) => tableRowText(block.header, row));
}

/**
 * Chunks along structure: a heading always starts a new chunk (so each chunk has one section path),
 * pieces are packed up to `maxWords`, and a table row is never split.
 */
export function chunkDocument(doc: ParsedDocument, title: string, maxWords = CHUNK_MAX_WORDS): DraftChunk[] {
  const drafts: DraftChunk[] = [];
  const path: { level: number; text: string }[] = [];
  let pending: string[] = [];
  const flush = () => {
    const text = pending.join("\n").trim();
    pending = [];
    if (!text) return;
    const sectionPath = path.map((h) => h.text).join(" > ");
    const embedInput = `${title}\n${sectionPath}\n${text}`;
    drafts.push({ ordinal: drafts.length, sectionPath, text, embedInput, contentHash: createHash("sha256").update(embedInput).digest("hex").slice(0, 32) });
  };
  for (const block of doc.blocks) {
    if (block.kind === "heading") {
      flush();
      while (path.length && path.at(-1)!.level >= block.level) path.pop();
      // The document's title is cited on its own; keeping it out of the path keeps sections short.
      if (!(block.level === 1 && block.text === title)) path.push({ level: block.level, text: block.text });
      continue;
    }
    for (const unit of units(block, maxWords)) {
      if (pending.length && words(pending.join(" ")) + words(unit) > maxWords) flush();
      pending.push(unit);
    }
  }
  flush();
  return drafts;
}
