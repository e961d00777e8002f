import { expect, test } from "@playwright/test";
import { pdfWithTable } from "../server/knowledge/parse/fixtures";
import { signIn } from "./studio";

const demo = { email: "demo@switchback.dev", password: "switchback-demo", workspace: "demo-retail" };
const article = `# Gift wrapping

## Wrapping options

We wrap presents in recycled kraft paper with a velvet ribbon. Gift wrapping costs $3.50 per item and includes a handwritten card.

## Wrapped returns

Wrapped items can be returned like any other item within 30 days.
`;
const question = "How much does gift wrapping cost?";

test("a builder uploads a document, watches it become ready, and sees it cited in the search panel and the playground", async ({ page }) => {
  await signIn(page, demo.email, demo.password);
  await expect(page).toHaveURL(new RegExp(`/${demo.workspace}$`));
  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Knowledge" }).click();
  await expect(page.getByRole("heading", { name: "Knowledge", exact: true })).toBeVisible();
  await page.getByTestId("knowledge-base-row").getByRole("link", { name: "Demo store help center" }).click();

  // The seeded help centre is indexed; the new file joins it.
  await expect(page.getByTestId("document-row").first()).toBeVisible();
  await page.getByLabel("Upload documents").setInputFiles([
    { name: "gift-wrapping.md", mimeType: "text/markdown", buffer: Buffer.from(article) },
    { name: "rates.pdf", mimeType: "application/pdf", buffer: await pdfWithTable() },
    { name: "slides.pptx", mimeType: "application/vnd.ms-powerpoint", buffer: Buffer.from("not supported") },
  ]);
  const results = page.getByTestId("upload-results");
  await expect(results.locator('[data-status="queued"]')).toHaveText(["gift-wrapping.md: queued for indexing", "rates.pdf: queued for indexing"]);
  await expect(results.locator('[data-status="rejected"]')).toContainText("slides.pptx: this file type is not supported");
  const row = page.getByTestId("document-row").filter({ hasText: "gift-wrapping.md" });
  await expect(row.getByTestId("document-status")).toHaveAttribute("data-status", "ready", { timeout: 30_000 });
  await expect(row.getByRole("link")).toHaveText("Gift wrapping");
  // A PDF's drawn table is indexed as rows with their header.
  const pdfRow = page.getByTestId("document-row").filter({ hasText: "rates.pdf" });
  await expect(pdfRow.getByTestId("document-status")).toHaveAttribute("data-status", "ready", { timeout: 30_000 });
  await expect(pdfRow).toContainText("2 pages");

  // The search panel: scores per stage, what passed, and the cited answer.
  const panel = page.getByTestId("search-panel");
  await panel.getByLabel("Question").fill(question);
  await panel.getByRole("button", { name: "Search" }).click();
  await expect(panel.getByTestId("search-answer")).toHaveAttribute("data-grounded", "true");
  await expect(panel.getByTestId("search-answer")).toContainText("$3.50");
  await expect(panel.getByTestId("citation").first()).toContainText("Gift wrapping › Wrapping options");
  await expect(panel.getByTestId("search-result").first()).toHaveAttribute("data-passed", "true");

  // The chunk viewer shows the document's sections.
  await row.getByRole("link").click();
  await expect(page.getByRole("heading", { name: "Gift wrapping" })).toBeVisible();
  await expect(page.getByTestId("chunk")).toHaveCount(2);
  await page.getByLabel("Search chunks").fill("velvet");
  await expect(page.getByTestId("chunk")).toHaveCount(1);
  await expect(page.getByTestId("chunk")).toContainText("Wrapping options");

  // The agent answers from it in the playground, with the citation under its reply.
  await page.goto(`/${demo.workspace}`);
  await page.getByTestId("agent-card").filter({ hasText: "Retail support" }).click();
  await page.getByRole("navigation", { name: "Agent" }).getByRole("link", { name: "Knowledge" }).click();
  await expect(page.getByLabel("Demo store help center")).toBeChecked();
  await page.getByRole("navigation", { name: "Agent" }).getByRole("link", { name: "Playground" }).click();
  await page.getByTestId("customer-setup").getByRole("button", { name: "Start conversation" }).click();
  await expect(page).toHaveURL(/[?&]c=[0-9a-f-]{36}/);
  const agentMessages = page.getByTestId("chat-message").and(page.locator('[data-role="agent"]'));
  await expect(agentMessages).toHaveCount(1);
  await page.getByLabel("Message").fill(question);
  await page.getByRole("button", { name: "Send" }).click();
  await expect(agentMessages).toHaveCount(2);
  const reply = agentMessages.nth(1);
  await expect(reply).toContainText("$3.50");
  await expect(reply.getByTestId("citation")).toContainText("Gift wrapping › Wrapping options");
  await expect(page.getByTestId("trace-timeline").locator('[data-type="knowledge"]')).toHaveCount(1);

  // Stored with the message: the citation is still there after a reload.
  await page.reload();
  await expect(agentMessages).toHaveCount(2);
  await expect(agentMessages.nth(1).getByTestId("citation")).toContainText("Gift wrapping › Wrapping options");
});
