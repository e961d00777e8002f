import "server-only";
import { type Token, type Tokens, lexer } from "marked";
import { type Block, type ParsedDocument, clean, finish } from "./blocks";
import { parseHtmlFragment } from "./html";

/** Inline Markdown to plain text: links keep their label, emphasis and code marks go. */
export function plainInline(md: string): string {
  return clean(
    md
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
      .replace(/(\*\*|__|\*|_|`|~~)(?=\S)([^]*?\S)\1/g, "$2")
      .replace(/<[^>]+>/g, " "),
  );
}

function listItems(list: Tokens.List, depth = 0): string[] {
  return list.items.flatMap((item) => {
    const nested = item.tokens.filter((t): t is Tokens.List => t.type === "list");
    const own = item.tokens.filter((t) => t.type !== "list").map((t) => ("text" in t ? t.text : "")).join(" ");
    return [`${"  ".repeat(depth)}${plainInline(own)}`, ...nested.flatMap((n) => listItems(n, depth + 1))];
  });
}

function toBlocks(tokens: Token[], blocks: Block[]): Block[] {
  for (const t of tokens) {
    switch (t.type) {
      case "heading":
        blocks.push({ kind: "heading", level: (t as Tokens.Heading).depth, text: plainInline((t as Tokens.Heading).text) });
        break;
      case "paragraph":
      case "text":
        blocks.push({ kind: "text", text: plainInline((t as Tokens.Paragraph).text) });
        break;
      case "code":
        blocks.push({ kind: "text", text: (t as Tokens.Code).text });
        break;
      case "list":
        blocks.push({ kind: "list", items: listItems(t as Tokens.List) });
        break;
      case "table": {
        const table = t as Tokens.Table;
        blocks.push({ kind: "table", header: table.header.map((c) => plainInline(c.text)), rows: table.rows.map((r) => r.map((c) => plainInline(c.text))) });
        break;
      }
      case "blockquote":
        toBlocks((t as Tokens.Blockquote).tokens, blocks);
        break;
      case "html":
        blocks.push(...parseHtmlFragment((t as Tokens.HTML).text));
        break;
      default:
        break; // space, hr, def
    }
  }
  return blocks;
}

export function parseMarkdown(md: string): ParsedDocument {
  return finish(toBlocks(lexer(md), []));
}

/** Plain text: paragraphs separated by blank lines. */
export function parseText(text: string): ParsedDocument {
  return finish(text.split(/\n\s*\n/).map((p) => ({ kind: "text" as const, text: clean(p) })));
}
