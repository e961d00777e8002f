import { describe, expect, it } from "vitest";
import { chunkDocument } from "../chunk";
import { csvTable, docxWithHeadings, htmlWithBoilerplate, malformedPdf, passwordProtectedPdf, pdfWithTable } from "./fixtures";
import { ParseError, detectFormat, parseDocument } from "./index";

describe("parsing with structure", () => {
  it("reads a PDF's text per page and keeps its drawn table as a table, rows with their header", async () => {
    const parsed = await parseDocument(await pdfWithTable(), "pdf", "guide");
    expect(parsed.pageCount).toBe(2);
    expect(parsed.title).toBe("Shipping guide");
    expect(parsed.blocks).toContainEqual({ kind: "table", header: ["Method", "Cost", "Delivery time"], rows: [["Standard", "$4.99", "5-7 days"], ["Express", "$12.99", "2 days"], ["Overnight", "$24.99", "1 day"]] });
    expect(parsed.blocks).toContainEqual({ kind: "heading", level: 2, text: "Returns" });
    const chunks = chunkDocument(parsed, "Shipping guide");
    const rates = chunks.find((c) => c.sectionPath === "Shipping rates")!;
    expect(rates.text).toContain("Method: Express; Cost: $12.99; Delivery time: 2 days");
    // The table's text lines are not repeated as prose.
    expect(rates.text).not.toContain("Express $12.99 2 days");
    expect(chunks.find((c) => c.sectionPath === "Returns")!.text).toContain("within 30 days");
  });

  it("reads a DOCX's heading styles into section paths, and its lists and tables", async () => {
    const parsed = await parseDocument(await docxWithHeadings(), "docx", "handbook");
    const chunks = chunkDocument(parsed, "Warranty handbook");
    expect(chunks.map((c) => c.sectionPath)).toEqual(expect.arrayContaining(["Coverage", "Coverage > Electronics", "Claims"]));
    expect(chunks.find((c) => c.sectionPath === "Coverage > Electronics")!.text).toContain("two years");
    const claims = chunks.find((c) => c.sectionPath === "Claims")!.text;
    expect(claims).toContain("- Send a photo of the defect.");
    expect(claims).toContain("Product: Laptop; Years: 2");
  });

  it("drops an HTML page's navigation, sidebar and footer and keeps headings and tables", async () => {
    const parsed = await parseDocument(Buffer.from(htmlWithBoilerplate), "html", "page");
    const chunks = chunkDocument(parsed, parsed.title!);
    const all = chunks.map((c) => `${c.sectionPath}\n${c.text}`).join("\n");
    expect(all).not.toMatch(/Shop all products|Trending now|Newsletter|Cookie/);
    expect(chunks.find((c) => c.sectionPath.endsWith("Balances"))!.text).toContain("balance covers the full total");
    expect(chunks.find((c) => c.sectionPath.endsWith("Card values"))!.text).toContain("Card: Gold; Value: $100");
  });

  it("reads a CSV as one table whose every row keeps the header", async () => {
    const parsed = await parseDocument(Buffer.from(csvTable), "csv", "Warranty table");
    const [chunk] = chunkDocument(parsed, "Warranty table");
    expect(chunk!.text.split("\n")).toEqual([
      "Product: Laptop; Warranty years: 2; Returnable: yes",
      "Product: Gift card; Warranty years: 0; Returnable: no",
      "Product: Headphones, wireless; Warranty years: 2; Returnable: yes",
    ]);
  });

  it("never splits a table row across chunks, and starts a chunk at each heading", async () => {
    const rows = Array.from({ length: 120 }, (_, i) => [`Item ${i}`, `A description of item number ${i} with several words in it`]);
    const chunks = chunkDocument({ title: null, pageCount: 1, blocks: [{ kind: "heading", level: 2, text: "Catalogue" }, { kind: "table", header: ["Name", "Description"], rows }, { kind: "heading", level: 2, text: "After" }, { kind: "text", text: "The end." }] }, "T");
    const catalogue = chunks.filter((c) => c.sectionPath === "Catalogue");
    expect(catalogue.length).toBeGreaterThan(1);
    for (const c of catalogue) {
      expect(c.text.split(/\s+/).length).toBeLessThanOrEqual(400);
      for (const line of c.text.split("\n")) expect(line).toMatch(/^Name: Item \d+; Description: A description of item number \d+ with several words in it$/);
    }
    expect(catalogue.flatMap((c) => c.text.split("\n"))).toHaveLength(120);
    expect(chunks.at(-1)).toMatchObject({ sectionPath: "After", text: "The end." });
  });

  it("fails a password-protected or damaged PDF with a clear message", async () => {
    await expect(parseDocument(passwordProtectedPdf(), "pdf", "x")).rejects.toThrow(new ParseError("This PDF is password-protected: remove the password and upload it again"));
    await expect(parseDocument(malformedPdf(), "pdf", "x")).rejects.toBeInstanceOf(ParseError);
    await expect(parseDocument(Buffer.from("PK\u0003\u0004 broken zip"), "docx", "x")).rejects.toThrow(/not a readable Word document/);
  });

  it("detects the format from the name, then the MIME type", () => {
    expect(detectFormat("Returns.PDF", "")).toBe("pdf");
    expect(detectFormat("page", "text/html; charset=utf-8")).toBe("html");
    expect(detectFormat("archive.zip", "application/zip")).toBeNull();
  });
});
