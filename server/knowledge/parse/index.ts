import "server-only";
import { type ParsedDocument, ParseError } from "./blocks";
import { parseCsv } from "./csv";
import { parseDocx } from "./docx";
import { parseHtml } from "./html";
import { parseMarkdown, parseText } from "./markdown";
import { parsePdf } from "./pdf";

export { ParseError, type Block, type ParsedDocument } from "./blocks";

export type DocumentFormat = "pdf" | "docx" | "html" | "markdown" | "text" | "csv";

const byExtension: Record<string, DocumentFormat> = {
  pdf: "pdf",
  docx: "docx",
  html: "html",
  htm: "html",
  md: "markdown",
  markdown: "markdown",
  txt: "text",
  text: "text",
  csv: "csv",
};
const byMime: Record<string, DocumentFormat> = {
  "application/pdf": "pdf",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "text/html": "html",
  "application/xhtml+xml": "html",
  "text/markdown": "markdown",
  "text/x-markdown": "markdown",
  "text/plain": "text",
  "text/csv": "csv",
};

export const SUPPORTED_EXTENSIONS = Object.keys(byExtension);

/** The format of a file from its name, else its MIME type; null when we cannot read it. */
export function detectFormat(filename: string | null, mimeType: string): DocumentFormat | null {
  const ext = filename?.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  return (ext ? byExtension[ext] : undefined) ?? byMime[mimeType.split(";")[0]!.trim().toLowerCase()] ?? null;
}

export const mimeOf: Record<DocumentFormat, string> = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  html: "text/html",
  markdown: "text/markdown",
  text: "text/plain",
  csv: "text/csv",
};

function utf8(bytes: Buffer): string {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  if (text.includes("\u0000")) throw new ParseError("This file is binary, not text: upload PDF, DOCX, HTML, Markdown, TXT or CSV");
  return text;
}

export async function parseDocument(bytes: Buffer, format: DocumentFormat, fallbackTitle: string): Promise<ParsedDocument> {
  switch (format) {
    case "pdf":
      return parsePdf(bytes);
    case "docx":
      return parseDocx(bytes);
    case "html":
      return parseHtml(utf8(bytes));
    case "markdown":
      return parseMarkdown(utf8(bytes));
    case "text":
      return parseText(utf8(bytes));
    case "csv":
      return parseCsv(utf8(bytes), fallbackTitle);
  }
}
