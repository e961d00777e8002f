import { type Browser, expect, type Page, test } from "@playwright/test";
import { fillSignUp, signIn, strongPassword, trpc, uniqueEmail } from "./studio";

// An invited reviewer works the demo's "Escalations" queue with the keyboard: tags the first item and
// corrects its agent's reply and makes it a test (into a new suite: reviewers add cases, never to a
// gating suite), scores the second, skips the third. A builder then finds the tagged conversation by
// filtering the list. Names carry a
// per-run word, so reruns on a persistent database never meet an earlier run's tag.
const demo = { email: "demo@switchback.dev", password: "switchback-demo", workspace: "demo-retail", agent: "retail-support" };
const ws = `/${demo.workspace}`;

/** A new member with `role`, signed up through an invite link the owner's page created. */
async function invitedMember(browser: Browser, owner: Page, role: "reviewer" | "builder", name: string) {
  const { token } = (await trpc(owner, "members.invite", { workspace: demo.workspace, role })) as { token: string };
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`/invite/${token}`);
  await page.getByRole("link", { name: "Create an account" }).click();
  await fillSignUp(page, { name, email: uniqueEmail(role), password: strongPassword });
  await page.getByRole("button", { name: "Accept invite" }).click();
  await expect(page).toHaveURL(new RegExp(`${ws}$`));
  return page;
}

test("a reviewer works the Escalations queue with the keyboard and makes a correction a test; a builder finds the tagged conversation", async ({ page, browser }) => {
  const word = `q${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const tagName = `Needless handoff ${word}`;
  await signIn(page, demo.email, demo.password);
  await expect(page).toHaveURL(new RegExp(`${ws}$`));
  await trpc(page, "review.tags.create", { workspace: demo.workspace, name: tagName, colour: "amber" });
  const reviewer = await invitedMember(browser, page, "reviewer", "Rita Reviewer");

  let tagged = "";
  // The queue's counts as the page shows them; a rerun on a persistent database starts from the last run's.
  const counts = async () => {
    const [todo, done, skipped] = ((await reviewer.getByTestId("queue-counts").textContent()) ?? "").match(/\d+/g)!.map(Number);
    return { todo: todo!, done: done!, skipped: skipped! };
  };
  let before = { todo: 0, done: 0, skipped: 0 };
  await test.step("open the Escalations queue from the navigation", async () => {
    await reviewer.getByRole("navigation", { name: "Workspace" }).getByRole("button", { name: "Quality" }).click();
    await reviewer.getByRole("menuitem", { name: "Review queues" }).click();
    const row = reviewer.getByTestId("queue-row").filter({ hasText: "Escalations" });
    await expect(row.getByTestId("queue-todo")).not.toHaveText("0");
    await row.getByRole("link", { name: "Work Escalations" }).click();
    await expect(reviewer.getByTestId("shortcuts")).toContainText("Done, claim the next item");
    before = await counts();
  });

  const item = reviewer.getByTestId("claimed-item");
  const panel = reviewer.getByTestId("review-panel");
  await test.step("item 1: tag it with t, correct the agent's reply, make it a test, done with j", async () => {
    await expect(panel).toBeVisible();
    tagged = (await item.getAttribute("data-conversation-id"))!;
    await reviewer.keyboard.press("t");
    const picker = reviewer.getByRole("dialog", { name: "Tag this conversation" });
    await picker.getByRole("button", { name: tagName }).click();
    await expect(picker.getByRole("button", { name: tagName })).toHaveAttribute("aria-pressed", "true");
    await reviewer.keyboard.press("Escape");
    await expect(panel.getByTestId("conversation-tags").getByTestId("tag-chip").filter({ hasText: tagName })).toBeVisible();

    const correct = reviewer.getByRole("button", { name: /^Correct message \d+$/ }).last();
    const label = (await correct.getAttribute("aria-label"))!;
    await correct.click();
    const dialog = reviewer.getByRole("dialog", { name: label });
    await dialog.getByLabel("What it should have said").fill(`Offer the return label before handing off (${word})`);
    await dialog.getByRole("button", { name: "Save correction" }).click();
    await expect(dialog).toBeHidden();
    await expect(panel.getByTestId("review-correction").filter({ hasText: word })).toBeVisible();

    await reviewer.getByRole("button", { name: "Make this a test" }).click();
    const make = reviewer.getByRole("dialog", { name: "Make this a test" });
    await make.getByLabel("Save in suite").selectOption({ label: "A new suite…" });
    await make.getByLabel("New suite name").fill(`Queue finds ${word}`);
    await make.getByTestId("case-editor").getByRole("button", { name: "Save test" }).click();
    await expect(make).toBeHidden();
    await expect(reviewer.getByText(`added to Queue finds ${word}`)).toBeVisible();

    await reviewer.keyboard.press("j");
    await expect(item).not.toHaveAttribute("data-conversation-id", tagged);
  });

  await test.step("item 2: score the 1–5 criterion with 4, done with n", async () => {
    const second = (await item.getAttribute("data-conversation-id"))!;
    await reviewer.keyboard.press("4");
    await expect(reviewer.getByText("Scored 4")).toBeVisible();
    await expect(reviewer.getByTestId("shortcuts")).toContainText("Score “On-brand tone”");
    await expect(reviewer.locator('[data-criterion="On-brand tone"]').getByRole("radio", { name: "4/5", exact: true })).toBeChecked();
    await reviewer.keyboard.press("n");
    await expect(item).not.toHaveAttribute("data-conversation-id", second);
  });

  await test.step("item 3: skip it with s; the counts follow", async () => {
    const third = (await item.getAttribute("data-conversation-id"))!;
    await reviewer.keyboard.press("s");
    await expect(item).not.toHaveAttribute("data-conversation-id", third);
    await expect(reviewer.getByTestId("queue-counts")).toContainText(`${before.done + 2} done · ${before.skipped + 1} skipped`);
  });

  const builder = await invitedMember(browser, page, "builder", "Bo Builder");
  await test.step("a builder filters the list by the tag and finds the conversation with its correction", async () => {
    await builder.goto(`${ws}/agents/${demo.agent}/conversations`);
    await builder.getByLabel("Tag", { exact: true }).selectOption({ label: tagName });
    await expect(builder).toHaveURL(/[?&]tag=[0-9a-f-]{36}/);
    const rows = builder.getByTestId("conversation-row");
    await expect(rows).toHaveCount(1);
    await expect(rows.first().getByRole("link")).toHaveAttribute("href", new RegExp(`${tagged}$`));
    await builder.getByLabel("Review status").selectOption("reviewed");
    await expect(rows).toHaveCount(1);

    await rows.first().getByRole("link").click();
    await expect(builder.getByTestId("review-panel").getByTestId("review-correction").filter({ hasText: word })).toBeVisible();
  });
});
