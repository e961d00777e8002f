import "server-only";
import { type ParsedDocument, ParseError } from "./blocks";

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

// Each parser and its library load on first use: a process that answers turns never needs them, and
// pdfjs-dist installs global polyfills (core-js's Iterator, DOMMatrix, …) the moment it is imported.
export async function parseDocument(bytes: Buffer, format: DocumentFormat, fallbackTitle: string): Promise<ParsedDocument> {
  switch (format) {
    case "pdf":
      return (await import("./pdf")).parsePdf(bytes);
    case "docx":
      return (await import("./docx")).parseDocx(bytes);
    case "html":
      return (await import("./html")).parseHtml(utf8(bytes));
    case "markdown":
      return (await import("./markdown")).parseMarkdown(utf8(bytes));
    case "text":
      return (await import("./markdown")).parseText(utf8(bytes));
    case "csv":
      return (await import("./csv")).parseCsv(utf8(bytes), fallbackTitle);
  }
}
