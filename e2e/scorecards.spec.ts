import { expect, type Page, test } from "@playwright/test";
import { signIn } from "./studio";

// Scorecards on the seeded demo workspace: a criterion defined in settings, a conversation made in the
// playground scored by a person, the score in the conversation list and its "failed criterion" filter,
// then Score with AI: the AI's value, marked as the AI's, with its reasoning beside the person's. The
// criterion's name carries a per-run word, so reruns on a persistent database never meet an earlier one.
const demo = { email: "demo@switchback.dev", password: "switchback-demo", workspace: "demo-retail", agent: "retail-support" };
const ws = `/${demo.workspace}`;
const agentPath = `${ws}/agents/${demo.agent}`;

/** Starts an anonymous playground conversation, gets one agent reply, and returns the conversation's id. */
async function playgroundConversation(page: Page): Promise<string> {
  await page.goto(`${agentPath}/playground`);
  await page.getByTestId("customer-setup").getByRole("button", { name: "Start conversation" }).click();
  await expect(page).toHaveURL(/[?&]c=[0-9a-f-]{36}/);
  const agentMessages = page.getByTestId("chat-message").and(page.locator('[data-role="agent"]'));
  await expect(agentMessages).toHaveCount(1); // the greeting, before counting what the send adds
  const before = await agentMessages.count();
  await page.getByLabel("Message").fill("What is your return policy?");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(agentMessages).toHaveCount(before + 1);
  await expect(page.getByTestId("chat-transcript")).toHaveAttribute("data-status", "ready");
  return new URL(page.url()).searchParams.get("c")!;
}

test("a criterion defined in settings is scored by a reviewer, shows and filters in the list, and is scored by the AI with its reasoning", async ({ page }) => {
  const word = `e2e${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const name = `No internal jargon ${word}`;
  await signIn(page, demo.email, demo.password);
  await expect(page).toHaveURL(new RegExp(`${ws}$`));

  await test.step("define a criterion in settings, beside the demo's five", async () => {
    await page.goto(`${ws}/settings/scorecard`);
    await expect(page.getByRole("heading", { name: "Scorecard", level: 1 })).toBeVisible();
    await expect(page.getByTestId("criterion-row").filter({ hasText: "Resolved correctly" })).toBeVisible();
    const form = page.getByTestId("new-criterion-form");
    await form.getByLabel("Criterion name").fill(name);
    await form.getByLabel("Scale").selectOption({ label: "Pass / fail / n.a." });
    await form.getByLabel("Scored by").selectOption({ label: "People and the AI" });
    await form.getByLabel("Description").fill("The agent never uses the team's internal words");
    await form.getByLabel("AI rubric (optional)").fill(`not_contains: ${word}`);
    await form.getByRole("button", { name: "Add criterion" }).click();
    const row = page.getByTestId("criterion-row").filter({ hasText: name });
    await expect(row).toBeVisible();
    await expect(row).toContainText("People and the AI");
  });

  const conversationId = await playgroundConversation(page);
  const criterion = page.getByTestId("criterion-score").and(page.locator(`[data-criterion="${name}"]`));

  await test.step("a reviewer scores it beside the transcript", async () => {
    await page.goto(`${agentPath}/conversations/${conversationId}`);
    const scorecard = page.getByTestId("review-panel").getByTestId("scorecard");
    await expect(scorecard).toBeVisible();
    await expect(criterion).toBeVisible();
    const fail = criterion.getByTestId("human-score").getByRole("radio", { name: "Fail" });
    // The radio is visually hidden inside its label (a pill): a person clicks the label.
    await criterion.getByTestId("human-score").locator("label", { hasText: "Fail" }).click();
    await expect(fail).toBeChecked();
    await expect(criterion.getByTestId("human-score")).toContainText("by Demo Builder");
    await expect(criterion.getByTestId("ai-score")).toContainText("not scored yet");
  });

  await test.step("the list shows the score and filters by the failed criterion", async () => {
    await page.goto(`${agentPath}/conversations`);
    await expect(page.getByTestId("conversation-row").first()).toBeVisible();
    await page.getByLabel("Failed criterion").selectOption({ label: name });
    await expect(page).toHaveURL(/[?&]failed=[0-9a-f-]{36}/);
    const rows = page.getByTestId("conversation-row");
    await expect(rows).toHaveCount(1);
    await expect(rows.first().getByRole("link")).toHaveAttribute("href", new RegExp(`${conversationId}$`));
    await expect(rows.first().getByTestId("conversation-score").getByLabel(/^Reviewer score \d+% over \d+ criteri/)).toBeVisible();
  });

  await test.step("Score with AI: the AI's value, labelled, with its reasoning, beside the reviewer's", async () => {
    await page.goto(`${agentPath}/conversations/${conversationId}`);
    await page.getByTestId("scorecard").getByRole("button", { name: "Score with AI" }).click();
    const ai = criterion.getByTestId("ai-score");
    // The chip itself carries the AI mark, so the value is never taken for a person's.
    await expect(ai.getByTestId("score-value")).toHaveText(/^AI\s*Pass$/);
    await expect(ai).toContainText("by local judge");
    await expect(ai.getByTestId("ai-rationale")).toHaveText("all 1 checks passed");
    // The person's score stays as it was.
    await expect(criterion.getByTestId("human-score").getByRole("radio", { name: "Fail" })).toBeChecked();
    // The demo's criteria are graded too: "On-brand tone" on 1–5.
    await expect(page.getByTestId("criterion-score").and(page.locator('[data-criterion="On-brand tone"]')).getByTestId("ai-score")).toContainText(/[1-5]\/5/);
  });
});
