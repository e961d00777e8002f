import { expect, it } from "vitest";

// pdfjs-dist (under pdf-parse) installs global polyfills when it is imported, core-js's Iterator among
// them, and they then run on every turn. The API's modules must not import it; parsing a PDF does.
const pdfjsLoaded = () => "pdfjsLib" in globalThis || "__core-js_shared__" in globalThis;

it("loads no document parser until a document is parsed", async () => {
  await import("@/server/agent/run-turn");
  await import("@/server/services/hosted-api/router");
  await import("@/server/services/knowledge/add-documents");
  await import("@/server/services/knowledge/import-url");
  await import("@/server/knowledge/ingest");
  const { parseDocument } = await import("./index");
  expect(pdfjsLoaded()).toBe(false);

  const { pdfWithTable } = await import("./fixtures");
  const parsed = await parseDocument(await pdfWithTable(), "pdf", "Refunds");
  expect(parsed.blocks.length).toBeGreaterThan(0);
  expect(pdfjsLoaded()).toBe(true);
});
