import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow } from "docx";
import { PDFDocument, StandardFonts, rgb } from "pdf-lib";

// Real files for the parsing tests, generated the way a brand's tools would produce them.

/** A two-page PDF: a heading, prose, and a drawn grid table of shipping rates; then a returns page. */
export async function pdfWithTable(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setTitle("Shipping guide");
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([600, 800]);
  page.drawText("Shipping rates", { x: 50, y: 750, size: 20, font });
  page.drawText("We ship to all 50 states. Orders leave the warehouse within one business day.", { x: 50, y: 720, size: 11, font });
  const rows = [
    ["Method", "Cost", "Delivery time"],
    ["Standard", "$4.99", "5-7 days"],
    ["Express", "$12.99", "2 days"],
    ["Overnight", "$24.99", "1 day"],
  ];
  rows.forEach((row, i) =>
    row.forEach((cell, j) => {
      page.drawRectangle({ x: 50 + j * 160, y: 680 - (i + 1) * 24, width: 160, height: 24, borderColor: rgb(0, 0, 0), borderWidth: 1 });
      page.drawText(cell, { x: 55 + j * 160, y: 688 - (i + 1) * 24, size: 10, font });
    }),
  );
  const second = doc.addPage([600, 800]);
  second.drawText("Returns", { x: 50, y: 750, size: 20, font });
  second.drawText("You can return delivered items within 30 days of delivery.", { x: 50, y: 720, size: 11, font });
  return Buffer.from(await doc.save());
}

/** A Word document with Heading 1/2 styles, a list and a table. */
export async function docxWithHeadings(): Promise<Buffer> {
  const cell = (text: string) => new TableCell({ children: [new Paragraph(text)] });
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: "Warranty handbook", heading: HeadingLevel.TITLE }),
          new Paragraph({ text: "Coverage", heading: HeadingLevel.HEADING_1 }),
          new Paragraph("Every product has a one-year warranty against defects."),
          new Paragraph({ text: "Electronics", heading: HeadingLevel.HEADING_2 }),
          new Paragraph("Laptops and headphones are covered for two years."),
          new Paragraph({ text: "Claims", heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: "Send a photo of the defect.", bullet: { level: 0 } }),
          new Paragraph({ text: "Include your order id.", bullet: { level: 0 } }),
          new Table({ rows: [new TableRow({ children: [cell("Product"), cell("Years")] }), new TableRow({ children: [cell("Laptop"), cell("2")] })] }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

export const htmlWithBoilerplate = `<!doctype html><html><head><title>Gift cards | Demo Store</title></head><body>
<header><nav><a href="/">Home</a> <a href="/shop">Shop all products</a> <a href="/sale">Sale</a> <a href="/account">My account</a></nav></header>
<aside><h3>Trending now</h3><ul><li><a href="/x">Summer collection banner</a></li></ul></aside>
<main><article>
<h1>Gift cards</h1>
<p>Our gift cards never expire and carry no fees. They can be used for any product in the store, online only, and their balance is shown in your account.</p>
<h2>Balances</h2>
<p>A gift card can pay for an order only when its balance covers the full total. Partial payments with a second method are not possible.</p>
<h2>Card values</h2>
<table><thead><tr><th>Card</th><th>Value</th></tr></thead><tbody><tr><td>Silver</td><td>$25</td></tr><tr><td>Gold</td><td>$100</td></tr></tbody></table>
</article></main>
<footer><p>Copyright Demo Store. Newsletter signup. Cookie preferences.</p></footer>
</body></html>`;

export const csvTable = "Product,Warranty years,Returnable\nLaptop,2,yes\nGift card,0,no\n\"Headphones, wireless\",2,yes\n";

/**
 * A PDF encrypted with the Standard security handler whose password is not empty: readers must ask for it.
 * Built by hand (pdf-lib cannot encrypt); the /U entry matches no key, so the empty password is refused.
 */
export function passwordProtectedPdf(): Buffer {
  const hex32 = "8f".repeat(32);
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    `<< /Filter /Standard /V 1 /R 2 /O <${hex32}> /U <${"3a".repeat(32)}> /P -44 >>`,
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 4 0 R /ID [<${"ab".repeat(16)}> <${"ab".repeat(16)}>] >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}

export const malformedPdf = () => Buffer.from("%PDF-1.7\nthis is not really a pdf, just bytes that were cut off", "latin1");
