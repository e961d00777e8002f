import { expect, type Page, test } from "@playwright/test";
import { signIn } from "./studio";

// A reviewer's first tools on the seeded demo workspace: a tag defined in settings, put on a conversation
// made in the playground, a Markdown note, a correction of the agent's reply, and the conversation list
// filtered by the tag and by the note's words. Names carry a per-run word, so reruns on a persistent
// database (Postgres) never meet an earlier run's tag or note.
const demo = { email: "demo@switchback.dev", password: "switchback-demo", workspace: "demo-retail", agent: "retail-support" };
const ws = `/${demo.workspace}`;
const agentPath = `${ws}/agents/${demo.agent}`;

/** Starts an anonymous playground conversation, gets one agent reply, and returns the conversation's id. */
async function playgroundConversation(page: Page): Promise<string> {
  await page.goto(`${agentPath}/playground`);
  await page.getByTestId("customer-setup").getByRole("button", { name: "Start conversation" }).click();
  await expect(page).toHaveURL(/[?&]c=[0-9a-f-]{36}/);
  await expect(page.getByTestId("playground-session")).toContainText("an anonymous customer");
  const agentMessages = page.getByTestId("chat-message").and(page.locator('[data-role="agent"]'));
  await expect(agentMessages).toHaveCount(1); // the greeting, before counting what the send adds
  const before = await agentMessages.count();
  await page.getByLabel("Message").fill("What is your return policy?");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(agentMessages).toHaveCount(before + 1);
  await expect(page.getByTestId("chat-transcript")).toHaveAttribute("data-status", "ready");
  return new URL(page.url()).searchParams.get("c")!;
}

test("a reviewer defines a tag, tags a conversation, writes a note and a correction, and filters the list by them", async ({ page }) => {
  const word = `e2e${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const tagName = `Wrong refund ${word}`;
  await signIn(page, demo.email, demo.password);
  await expect(page).toHaveURL(new RegExp(`${ws}$`));

  await test.step("define a tag in settings", async () => {
    await page.goto(`${ws}/settings/tags`);
    await expect(page.getByRole("heading", { name: "Tags", level: 1 })).toBeVisible();
    const form = page.getByTestId("new-tag-form");
    await form.getByLabel("Tag name").fill(tagName);
    await form.getByLabel("Colour").selectOption("red");
    await form.getByLabel("Description").fill("Promised a refund the policy does not allow");
    await form.getByRole("button", { name: "Create tag" }).click();
    await expect(page.getByTestId("tag-row").filter({ hasText: tagName })).toBeVisible();
    // The same name again, in another case, is refused with the reason.
    await form.getByLabel("Tag name").fill(tagName.toUpperCase());
    await form.getByRole("button", { name: "Create tag" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "already exists" })).toBeVisible();
    await expect(page.getByTestId("tag-row").filter({ hasText: tagName })).toHaveCount(1);
  });

  const conversationId = await playgroundConversation(page);

  await test.step("tag the conversation", async () => {
    await page.goto(`${agentPath}/conversations/${conversationId}`);
    const panel = page.getByTestId("review-panel");
    await expect(panel).toBeVisible();
    await panel.getByRole("button", { name: "Tag this conversation" }).click();
    const picker = page.getByRole("dialog", { name: "Tag this conversation" });
    const option = picker.getByRole("button", { name: tagName });
    await option.click();
    await expect(option).toHaveAttribute("aria-pressed", "true");
    await page.keyboard.press("Escape");
    await expect(picker).toBeHidden();
    await expect(panel.getByTestId("conversation-tags").getByTestId("tag-chip").filter({ hasText: tagName })).toBeVisible();
  });

  await test.step("write a Markdown note", async () => {
    const panel = page.getByTestId("review-panel");
    await panel.getByLabel("Note on this conversation").fill(`The agent **promised** a refund it cannot give (${word})`);
    await panel.getByRole("button", { name: "Add note" }).click();
    const note = panel.getByTestId("review-note").filter({ hasText: word });
    await expect(note).toBeVisible();
    await expect(note.locator("strong")).toHaveText("promised");
    await expect(panel.getByLabel("Note on this conversation")).toHaveValue("");
  });

  await test.step("correct the agent's reply (customer messages have no Correct action)", async () => {
    const agentMessage = page.getByTestId("transcript-message").and(page.locator('[data-role="agent"]')).last();
    await expect(agentMessage).toBeVisible();
    const correct = page.getByRole("button", { name: /^Correct message \d+$/ }).last();
    const label = (await correct.getAttribute("aria-label"))!;
    await correct.click();
    const dialog = page.getByRole("dialog", { name: label });
    await dialog.getByLabel("What it should have said").fill(`Ask for the order number first (${word})`);
    await dialog.getByLabel("Policy decision it should have reached").selectOption("require_confirmation");
    await dialog.getByRole("button", { name: "Save correction" }).click();
    await expect(dialog).toBeHidden();
    const correction = page.getByTestId("review-panel").getByTestId("review-correction").filter({ hasText: word });
    await expect(correction).toContainText("Ask for the order number first");
    await expect(correction).toContainText("require confirmation");
    await expect(correction).toContainText(/on message \d+/);
    const customerCount = await page.getByTestId("transcript-message").and(page.locator('[data-role="customer"]')).count();
    const agentCount = await page.getByTestId("transcript-message").and(page.locator('[data-role="agent"]')).count();
    expect(customerCount).toBeGreaterThan(0);
    await expect(page.getByRole("button", { name: /^Correct message \d+$/ })).toHaveCount(agentCount);
  });

  await test.step("filter the conversation list by the tag and by the note's words", async () => {
    await page.goto(`${agentPath}/conversations`);
    await expect(page.getByLabel("Tag", { exact: true }).locator("option", { hasText: tagName })).toHaveCount(1);
    await page.getByLabel("Tag", { exact: true }).selectOption({ label: tagName });
    await expect(page).toHaveURL(/[?&]tag=[0-9a-f-]{36}/);
    const rows = page.getByTestId("conversation-row");
    await expect(rows).toHaveCount(1);
    await expect(rows.first().getByTestId("tag-chip")).toHaveText(tagName);
    await expect(rows.first().getByRole("link")).toHaveAttribute("href", new RegExp(`${conversationId}$`));

    await page.goto(`${agentPath}/conversations`);
    await expect(rows.first()).toBeVisible();
    await page.getByLabel("Notes", { exact: true }).fill(word);
    await page.getByLabel("Notes", { exact: true }).press("Enter");
    await expect(page).toHaveURL(new RegExp(`[?&]notes=${word}`));
    await expect(rows).toHaveCount(1);
    await expect(rows.first().getByRole("link")).toHaveAttribute("href", new RegExp(`${conversationId}$`));
  });
});
