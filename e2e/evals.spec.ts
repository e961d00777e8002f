import { expect, type Page, test } from "@playwright/test";
import { signIn } from "./studio";

// Evals on the seeded demo agent: a builder creates a suite, adds a case through the case editor's form
// (its client-side check first: an empty message is refused at its field), runs the suite against the
// draft and sees the case pass on the run page, with its expectation and transcript. Then a playground
// conversation becomes a test through "Make this a test". Names carry a per-run word, so reruns on a
// persistent database never meet an earlier suite.
const demo = { email: "demo@switchback.dev", password: "switchback-demo", workspace: "demo-retail", agent: "retail-support" };
const agentPath = `/${demo.workspace}/agents/${demo.agent}`;
const word = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function createSuite(page: Page, name: string) {
  await page.getByRole("button", { name: "New suite" }).first().click();
  const dialog = page.getByRole("dialog", { name: "New suite" });
  await dialog.getByLabel("Suite name").fill(name);
  await dialog.getByRole("button", { name: "Create suite" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("suite-row").filter({ hasText: name })).toBeVisible();
  // The new suite opens below the list.
  await expect(page.getByTestId("suite-panel")).toHaveAttribute("data-suite", name);
}

test("a builder creates a suite, adds a case through the form, runs it against the draft and sees it pass", async ({ page }) => {
  const suite = `Greetings ${word()}`;
  const caseName = "Says what it can help with";
  await signIn(page, demo.email, demo.password);
  await expect(page).toHaveURL(new RegExp(`/${demo.workspace}$`));

  await test.step("open Evals from the agent's navigation and create a suite", async () => {
    await page.goto(agentPath);
    await page.getByRole("navigation", { name: "Agent" }).getByRole("link", { name: "Evals" }).click();
    await expect(page).toHaveURL(`${agentPath}/evals`);
    await expect(page.getByRole("heading", { name: "Evals", level: 1 })).toBeVisible();
    await createSuite(page, suite);
    await expect(page.getByTestId("suite-panel").getByText("No cases in this suite")).toBeVisible();
  });

  await test.step("add a case through the form: a scripted Hi and a reply that must contain text", async () => {
    await page.getByTestId("suite-panel").getByRole("button", { name: "Add case" }).first().click();
    const dialog = page.getByRole("dialog", { name: "New case" });
    const editor = dialog.getByTestId("case-editor");
    await editor.getByLabel("Case name").fill(caseName);
    // Checked before it is sent: the first problem shows at its field, which gets the focus.
    await editor.getByRole("button", { name: "Add case" }).click();
    await expect(editor.getByText("A customer message cannot be empty")).toBeVisible();
    await expect(editor.getByLabel("Message 1", { exact: true })).toBeFocused();

    await editor.getByLabel("Message 1", { exact: true }).fill("Hi");
    const expectation = editor.getByTestId("expectation-row").first();
    await expect(expectation.getByLabel("Kind", { exact: true })).toHaveValue("reply_contains");
    await expectation.getByLabel("Text", { exact: true }).fill("help");
    await editor.getByRole("button", { name: "Add case" }).click();
    await expect(dialog).toBeHidden();
    const row = page.getByTestId("case-row").filter({ hasText: caseName });
    await expect(row).toBeVisible();
    await expect(row).toContainText("1 scripted message");
  });

  await test.step("run the suite against the draft and follow it to the end", async () => {
    await page.getByTestId("suite-panel").getByRole("button", { name: "Run suite" }).click();
    const dialog = page.getByRole("dialog", { name: "Run evals" });
    await expect(dialog.getByLabel("Run against")).toHaveValue("draft");
    await dialog.getByRole("button", { name: "Start run" }).click();
    await expect(page).toHaveURL(new RegExp(`${agentPath}/evals/runs/[0-9a-f-]{36}$`));
    await expect(page.getByRole("heading", { level: 1 })).toContainText(`Run of ${suite}`);
    // The page polls the run while it is queued and running; a worker picks it up and finishes it.
    await expect(page.getByRole("heading", { level: 1 }).getByTestId("run-status")).toHaveAttribute("data-status", "passed", { timeout: 60_000 });
    await expect(page.getByTestId("summary-passed")).toContainText("1");
    await expect(page.getByTestId("summary-failed")).toContainText("0");
  });

  await test.step("the case passed: its expectation, its transcript and a link to its conversation", async () => {
    const result = page.getByTestId("run-case").filter({ hasText: caseName });
    await expect(result).toHaveAttribute("data-outcome", "passed");
    await result.getByRole("button", { name: new RegExp(caseName) }).click();
    await expect(result.getByRole("button", { name: new RegExp(caseName) })).toHaveAttribute("aria-expanded", "true");
    const check = result.getByTestId("expectation-result");
    await expect(check).toHaveCount(1);
    await expect(check).toHaveAttribute("data-passed", "true");
    await expect(check).toContainText('a reply contains "help"');
    await expect(result.getByTestId("run-transcript")).toContainText("Hi");
    await expect(result.getByRole("link", { name: "Open the conversation and its trace" })).toHaveAttribute("href", new RegExp(`${agentPath}/conversations/[0-9a-f-]{36}$`));
    // A draft run is compared with live: here there is either a live run to compare with or a way to make one.
    await expect(page.getByTestId("compare-live").or(page.getByTestId("compare-none"))).toBeVisible();
  });

  await test.step("the run is in the history and the suite's last run", async () => {
    await page.getByRole("link", { name: "Evals", exact: true }).first().click();
    await expect(page.getByTestId("suite-row").filter({ hasText: suite }).getByTestId("run-status")).toHaveAttribute("data-status", "passed");
    await expect(page.getByTestId("run-row").first()).toHaveAttribute("data-status", "passed");
  });
});

test("a playground conversation becomes a test through Make this a test", async ({ page }) => {
  const suite = `Regressions ${word()}`;
  await signIn(page, demo.email, demo.password);
  await expect(page).toHaveURL(new RegExp(`/${demo.workspace}$`));

  await page.goto(`${agentPath}/playground`);
  await page.getByTestId("customer-setup").getByRole("button", { name: "Start conversation" }).click();
  await expect(page).toHaveURL(/[?&]c=[0-9a-f-]{36}/);
  const agentMessages = page.getByTestId("chat-message").and(page.locator('[data-role="agent"]'));
  await expect(agentMessages).toHaveCount(1);
  await page.getByLabel("Message").fill("Hi");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(agentMessages).toHaveCount(2);
  await expect(page.getByTestId("chat-transcript")).toHaveAttribute("data-status", "ready");
  const conversationId = new URL(page.url()).searchParams.get("c")!;

  await page.goto(`${agentPath}/conversations/${conversationId}`);
  await page.getByRole("button", { name: "Make this a test" }).click();
  const dialog = page.getByRole("dialog", { name: "Make this a test" });
  const editor = dialog.getByTestId("case-editor");
  // Prefilled from the conversation: the customer's message as the script.
  await expect(editor.getByLabel("Message 1", { exact: true })).toHaveValue("Hi");
  await expect(editor.getByTestId("expectation-row").first()).toBeVisible();
  await dialog.getByLabel("Save in suite").selectOption({ label: "A new suite…" });
  await dialog.getByLabel("New suite name").fill(suite);
  await editor.getByRole("button", { name: "Save test" }).click();
  await expect(dialog).toBeHidden();

  await page.goto(`${agentPath}/evals`);
  await page.getByTestId("suite-row").filter({ hasText: suite }).getByRole("link", { name: suite }).click();
  await expect(page.getByTestId("suite-panel")).toHaveAttribute("data-suite", suite);
  await expect(page.getByTestId("case-row")).toHaveCount(1);
});
