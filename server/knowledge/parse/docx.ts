import "server-only";
import mammoth from "mammoth";
import { type ParsedDocument, ParseError, finish } from "./blocks";
import { parseHtmlFragment } from "./html";

/** Word's heading styles become h1..h6 in mammoth's HTML, so sections survive. */
export async function parseDocx(bytes: Buffer): Promise<ParsedDocument> {
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: bytes })).value;
  } catch {
    throw new ParseError("This file is not a readable Word document (.docx); it may be damaged, password-protected or an older .doc file");
  }
  return finish(parseHtmlFragment(html));
}
