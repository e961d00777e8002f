import "server-only";
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { type Block, type ParsedDocument, clean, finish } from "./blocks";

// Page furniture that is never part of an article.
const SKIP = new Set(["nav", "header", "footer", "aside", "script", "style", "noscript", "template", "form", "button", "svg", "iframe"]);
const CONTAINERS = new Set(["div", "section", "article", "main", "body", "span", "figure", "details", "center"]);

type El = { tagName: string; textContent: string | null; children: ArrayLike<El>; querySelectorAll(sel: string): ArrayLike<El> };

const text = (el: El) => clean(el.textContent ?? "");

function tableBlock(table: El): Block {
  const rows = Array.from(table.querySelectorAll("tr")).map((tr) => Array.from(tr.children).filter((c) => /^(td|th)$/i.test(c.tagName)).map(text));
  const headerRow = table.querySelectorAll("thead tr")[0] ?? Array.from(table.querySelectorAll("tr")).find((tr) => Array.from(tr.children).every((c) => /^th$/i.test(c.tagName)));
  const header = headerRow ? Array.from(headerRow.children).map(text) : (rows[0] ?? []);
  const body = rows.filter((r) => r.length > 0 && r.join("|") !== header.join("|"));
  return { kind: "table", header, rows: body };
}

function listItems(list: El, depth = 0): string[] {
  const items: string[] = [];
  for (const li of Array.from(list.children)) {
    if (!/^li$/i.test(li.tagName)) continue;
    const nested = Array.from(li.children).filter((c) => /^(ul|ol)$/i.test(c.tagName));
    const own = clean(Array.from(nested).reduce((t, n) => t.replace(n.textContent ?? "", " "), li.textContent ?? ""));
    if (own) items.push(`${"  ".repeat(depth)}${own}`);
    for (const n of nested) items.push(...listItems(n, depth + 1));
  }
  return items;
}

/** Walks an element tree into blocks: headings, paragraphs, lists, tables; furniture is skipped. */
export function blocksFromElement(root: El, blocks: Block[] = []): Block[] {
  for (const el of Array.from(root.children)) {
    const tag = el.tagName.toLowerCase();
    if (SKIP.has(tag)) continue;
    const heading = /^h([1-6])$/.exec(tag);
    if (heading) blocks.push({ kind: "heading", level: Number(heading[1]), text: text(el) });
    else if (tag === "table") blocks.push(tableBlock(el));
    else if (tag === "ul" || tag === "ol") blocks.push({ kind: "list", items: listItems(el) });
    else if (tag === "dl") blocks.push({ kind: "list", items: Array.from(el.children).map(text) });
    else if (CONTAINERS.has(tag) && Array.from(el.children).some((c) => !/^(a|b|i|em|strong|span|br|code|small|sup|sub)$/i.test(c.tagName))) blocksFromElement(el, blocks);
    else blocks.push({ kind: "text", text: text(el) });
  }
  return blocks;
}

/** Parses a fragment or page without removing boilerplate (DOCX output, Markdown's raw HTML). */
export function parseHtmlFragment(html: string): Block[] {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  return blocksFromElement(document.body as unknown as El);
}

/**
 * A web page: Readability keeps the article and drops navigation, sidebars and footers; when it finds no
 * article (short pages), the body is walked with page furniture skipped.
 */
export function parseHtml(html: string): ParsedDocument {
  const { document } = parseHTML(html);
  const pageTitle = document.querySelector("title")?.textContent ?? null;
  const article = new Readability(document.cloneNode(true) as unknown as Document, { charThreshold: 200 }).parse();
  let blocks: Block[] = [];
  if (article?.content) blocks = parseHtmlFragment(article.content);
  if (blocks.filter((b) => b.kind !== "heading").length === 0) blocks = blocksFromElement(document.body as unknown as El);
  // Readability lifts the page's <h1> into its title; put it back so sections nest under it.
  const title = clean(article?.title ?? pageTitle ?? "") || null;
  if (title && !blocks.some((b) => b.kind === "heading" && b.level === 1)) blocks.unshift({ kind: "heading", level: 1, text: title });
  return finish(blocks, { title });
}
