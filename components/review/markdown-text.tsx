import { type Token, type Tokens, lexer } from "marked";
import { Fragment } from "react";
import { cn } from "@/components/ui/cn";

// Notes are Markdown written by the team. They are rendered from marked's tokens to React elements, never
// as HTML: raw HTML in a note shows as the text it is, links go only to http(s) and mailto, images are
// links (no remote loads from a note).

const SAFE_HREF = /^(https?:|mailto:)/i;

function inline(tokens: Token[] | undefined, key = ""): React.ReactNode {
  return (tokens ?? []).map((token, i) => {
    const k = `${key}${i}`;
    switch (token.type) {
      case "strong":
        return <strong key={k}>{inline((token as Tokens.Strong).tokens, k)}</strong>;
      case "em":
        return <em key={k}>{inline((token as Tokens.Em).tokens, k)}</em>;
      case "del":
        return <del key={k}>{inline((token as Tokens.Del).tokens, k)}</del>;
      case "codespan":
        return (
          <code key={k} className="rounded bg-zinc-100 px-1 font-mono text-[0.85em]">
            {(token as Tokens.Codespan).text}
          </code>
        );
      case "br":
        return <br key={k} />;
      case "link":
      case "image": {
        const { href, text } = token as Tokens.Link;
        const label = token.type === "link" ? inline((token as Tokens.Link).tokens, k) : text || href;
        return SAFE_HREF.test(href) ? (
          <a key={k} href={href} target="_blank" rel="noopener noreferrer nofollow" className="text-brand-700 underline">
            {label}
          </a>
        ) : (
          <Fragment key={k}>{label}</Fragment>
        );
      }
      case "escape":
        return <Fragment key={k}>{token.raw.slice(1)}</Fragment>;
      case "text": {
        const t = token as Tokens.Text;
        return <Fragment key={k}>{t.tokens ? inline(t.tokens, k) : t.text}</Fragment>;
      }
      default:
        // html and anything unknown: the characters as typed.
        return <Fragment key={k}>{token.raw}</Fragment>;
    }
  });
}

function blocks(tokens: Token[], key = ""): React.ReactNode {
  return tokens.map((token, i) => {
    const k = `${key}${i}`;
    switch (token.type) {
      case "space":
        return null;
      case "paragraph":
        return <p key={k}>{inline((token as Tokens.Paragraph).tokens, k)}</p>;
      case "heading":
        return (
          <p key={k} className="font-semibold">
            {inline((token as Tokens.Heading).tokens, k)}
          </p>
        );
      case "list": {
        const list = token as Tokens.List;
        const items = list.items.map((item, j) => <li key={`${k}-${j}`}>{blocks(item.tokens, `${k}-${j}-`)}</li>);
        return list.ordered ? (
          <ol key={k} start={typeof list.start === "number" ? list.start : undefined} className="list-decimal pl-5">
            {items}
          </ol>
        ) : (
          <ul key={k} className="list-disc pl-5">
            {items}
          </ul>
        );
      }
      case "blockquote":
        return (
          <blockquote key={k} className="border-l-2 border-zinc-300 pl-2 text-zinc-600">
            {blocks((token as Tokens.Blockquote).tokens, k)}
          </blockquote>
        );
      case "code":
        return (
          <pre key={k} className="overflow-x-auto rounded bg-zinc-100 p-2 font-mono text-xs" tabIndex={0}>
            {(token as Tokens.Code).text}
          </pre>
        );
      case "hr":
        return <hr key={k} className="border-zinc-200" />;
      case "text": {
        const t = token as Tokens.Text;
        return <Fragment key={k}>{t.tokens ? inline(t.tokens, k) : t.text}</Fragment>;
      }
      default:
        // Tables, raw HTML blocks and the rest: shown as typed.
        return (
          <p key={k} className="whitespace-pre-wrap">
            {token.raw}
          </p>
        );
    }
  });
}

/** A note's Markdown as React elements; line breaks inside a paragraph are kept. */
export function MarkdownText({ text, className }: { text: string; className?: string }) {
  return <div className={cn("space-y-1.5 break-words whitespace-pre-line", className)}>{blocks(lexer(text))}</div>;
}
