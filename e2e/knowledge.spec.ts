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
  await expect(results.locator('[data-status="rejected"]')).toContainText("slides.pptx: this file type is not supported");
  // The notice follows each document to ready (it said "queued for indexing" forever, issue 22 item 7).
  const notice = results.getByTestId("upload-result").filter({ hasText: "gift-wrapping.md" });
  await expect(notice).toHaveAttribute("data-status", "ready", { timeout: 30_000 });
  await expect(notice).toHaveText("gift-wrapping.md: ready, 2 chunks indexed");
  await expect(page.getByRole("region", { name: /Notifications/ }).getByText("gift-wrapping.md is ready")).toBeVisible();
  const row = page.getByTestId("document-row").filter({ hasText: "gift-wrapping.md" });
  await expect(row.getByTestId("document-status")).toHaveAttribute("data-status", "ready", { timeout: 30_000 });
  await expect(row.getByRole("link")).toHaveText("Gift wrapping");
  // Each document shows its real chunk count (it said 0 while retrieval worked).
  await expect(row.getByTestId("document-chunks")).toHaveText("2");
  await expect(row.getByTestId("audience-select")).toHaveValue("customer");
  // A PDF's drawn table is indexed as rows with their header.
  const pdfRow = page.getByTestId("document-row").filter({ hasText: "rates.pdf" });
  await expect(pdfRow.getByTestId("document-status")).toHaveAttribute("data-status", "ready", { timeout: 30_000 });
  await expect(pdfRow).toContainText("2 pages");
  await expect(pdfRow.getByTestId("document-chunks")).not.toHaveText("0");

  // The seeded agent policy is the agent's instructions: internal, never an answer to a customer (item 5).
  const policyRow = page.getByTestId("document-row").filter({ hasText: "retail-agent-policy.md" });
  await expect(policyRow.getByTestId("audience-select")).toHaveValue("internal");
  const statuses = page.getByTestId("document-row").getByTestId("document-status");
  await expect(statuses.and(page.locator('[data-status="ready"]'))).toHaveCount(await statuses.count());
  const total = await page.getByTestId("document-row").count();

  // The search panel: scores per stage, what passed, and the cited answer.
  const panel = page.getByTestId("search-panel");
  await panel.getByLabel("Question").fill(question);
  await panel.getByRole("button", { name: "Search" }).click();
  await expect(panel.getByTestId("search-answer")).toHaveAttribute("data-grounded", "true");
  await expect(panel.getByTestId("search-answer")).toContainText("$3.50");
  await expect(panel.getByTestId("citation").first()).toContainText("Gift wrapping › Wrapping options");
  await expect(panel.getByTestId("search-result").first()).toHaveAttribute("data-passed", "true");

  // Builders see internal documents in the search panel, labelled; the answer never uses them.
  await panel.getByLabel("Question").fill("Must the agent authenticate the user identity by locating their user id via email?");
  await panel.getByRole("button", { name: "Search" }).click();
  const internalResult = panel.getByTestId("search-result").and(page.locator('[data-audience="internal"]')).first();
  await expect(internalResult).toContainText("Retail agent policy");
  await expect(internalResult.getByTestId("document-audience")).toHaveText("Internal");
  await expect(panel.getByTestId("search-answer")).not.toContainText("Retail agent policy");

  // The list counts what is there: every document here is ready (it said "0 of 0 ready").
  await page.getByRole("link", { name: "All knowledge bases" }).click();
  await expect(page.getByTestId("knowledge-base-row").filter({ hasText: "Demo store help center" }).getByTestId("knowledge-base-ready")).toHaveText(`${total} of ${total} ready`);
  await page.getByTestId("knowledge-base-row").getByRole("link", { name: "Demo store help center" }).click();

  // Clicking a title opens the document: source, audience, status and its text as chunks.
  await row.getByRole("link").click();
  await expect(page.getByRole("heading", { name: "Gift wrapping" })).toBeVisible();
  await expect(page.getByTestId("document-source")).toContainText("Uploaded file gift-wrapping.md");
  await expect(page.getByTestId("document-page").getByTestId("document-status")).toHaveAttribute("data-status", "ready");
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

test("a builder makes a document internal: the studio says so and customers stop getting answers from it", async ({ page }) => {
  await signIn(page, demo.email, demo.password);
  await expect(page).toHaveURL(new RegExp(`/${demo.workspace}$`));
  await page.goto(`/${demo.workspace}/knowledge`);
  await page.getByTestId("knowledge-base-row").getByRole("link", { name: "Demo store help center" }).click();
  const row = page.getByTestId("document-row").filter({ hasText: "gift-wrapping.md" });
  await row.getByRole("link").click();
  await expect(page.getByRole("heading", { name: "Gift wrapping" })).toBeVisible();
  await page.getByLabel("Audience of Gift wrapping").selectOption("internal");
  await expect(page.getByRole("region", { name: /Notifications/ }).getByText("Gift wrapping is internal")).toBeVisible();
  await expect(page.getByText("Never used to answer customers.")).toBeVisible();

  await page.getByRole("link", { name: "Back to the knowledge base" }).click();
  await expect(row.getByTestId("audience-select")).toHaveValue("internal");
  const panel = page.getByTestId("search-panel");
  await panel.getByLabel("Question").fill(question);
  await panel.getByRole("button", { name: "Search" }).click();
  await expect(panel.getByTestId("search-result").first()).toHaveAttribute("data-audience", "internal");
  await expect(panel.getByTestId("search-answer")).not.toContainText("$3.50");
});
