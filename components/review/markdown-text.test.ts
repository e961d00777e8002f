import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { expect, test } from "vitest";
import { MarkdownText } from "./markdown-text";

const render = (text: string) => renderToStaticMarkup(createElement(MarkdownText, { text }));

test("renders emphasis, lists, code and safe links", () => {
  const html = render("The **refund** was *late*.\n\n- ask for `order_id`\n- [policy](https://example.com/returns)");
  expect(html).toContain("<strong>refund</strong>");
  expect(html).toContain("<em>late</em>");
  expect(html).toContain("<li>ask for <code");
  expect(html).toContain('<a href="https://example.com/returns" target="_blank" rel="noopener noreferrer nofollow"');
});

test("never emits the note's HTML, script links or remote images", () => {
  const html = render('<img src=x onerror="alert(1)"> <script>alert(2)</script>\n\n[click](javascript:alert(3)) ![pixel](https://tracker.example/p.gif)');
  expect(html).not.toMatch(/<img|<script|href="javascript/i);
  expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
  expect(html).toContain("&lt;script&gt;");
  expect(html).toContain('<a href="https://tracker.example/p.gif"');
});
