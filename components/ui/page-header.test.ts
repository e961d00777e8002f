import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PageHeader } from "./page-header";

const heading = '<div><h1 class="text-xl font-semibold tracking-tight">Tools</h1><p class="text-sm text-zinc-500">HTTP calls.</p></div>';

describe("PageHeader", () => {
  it("renders the heading block alone when there are no actions", () => {
    expect(renderToStaticMarkup(createElement(PageHeader, { title: "Tools", description: "HTTP calls." }))).toBe(heading);
  });

  it("lays out a row when actions are passed, even null ones the caller may not use", () => {
    const row = (actions: React.ReactNode, className?: string) => renderToStaticMarkup(createElement(PageHeader, { title: "Tools", description: "HTTP calls.", actions, className }));
    expect(row(createElement("button", null, "New tool"))).toBe(`<div class="flex flex-wrap items-start justify-between gap-4">${heading}<button>New tool</button></div>`);
    expect(row(null)).toBe(`<div class="flex flex-wrap items-start justify-between gap-4">${heading}</div>`);
    expect(row(null, "flex-nowrap items-end")).toBe(`<div class="flex justify-between gap-4 flex-nowrap items-end">${heading}</div>`);
  });

  it("leaves out an empty description", () => {
    expect(renderToStaticMarkup(createElement(PageHeader, { title: "New tool" }))).toBe('<div><h1 class="text-xl font-semibold tracking-tight">New tool</h1></div>');
  });
});
