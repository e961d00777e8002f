import { expect, test } from "@playwright/test";
import { createAgent, createWorkspace, fillSignUp, signIn, signUp, strongPassword, uniqueEmail } from "./studio";

test("an owner builds a workspace and invites a viewer, who sees it read-only", async ({ page, browser }) => {
  const suffix = Date.now().toString(36);
  const workspaceName = `Acme Support ${suffix}`;

  await signUp(page, { name: "Olivia Owner", email: uniqueEmail("owner"), password: strongPassword });
  await createWorkspace(page, workspaceName);
  const workspaceUrl = page.url();
  await expect(page.getByTestId("agents-empty")).toContainText("Create your first agent");
  await expect(page.getByRole("link", { name: "Audit log" })).toBeVisible();

  await createAgent(page, {
    name: "Returns desk",
    description: "Handles returns and refunds for online orders",
    agentName: "Riley",
    tone: "professional",
    greeting: "Hello, I'm Riley. How can I help with your order?",
  });
  const card = page.getByTestId("agent-card").filter({ hasText: "Returns desk" });
  await expect(card).toContainText("Handles returns and refunds for online orders");
  await expect(card).toContainText("Riley");

  await page.getByRole("link", { name: "Members" }).click();
  await expect(page.getByTestId("member-row")).toHaveCount(1);
  const inviteForm = page.getByTestId("invite-form");
  await inviteForm.getByLabel("Role").selectOption("viewer");
  await inviteForm.getByRole("button", { name: "Create invite link" }).click();
  const inviteLink = await page.getByTestId("invite-link").inputValue();
  expect(inviteLink).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/invite\/[\w-]{20,}$/);
  await expect(page.getByTestId("open-invites")).toContainText("Viewer");

  // The invitee has no account: the invite sends them through sign-up and back.
  const viewerContext = await browser.newContext();
  const viewer = await viewerContext.newPage();
  await viewer.goto(inviteLink);
  await expect(viewer).toHaveURL(/\/sign-in\?callbackUrl=%2Finvite%2F/);
  await viewer.getByRole("link", { name: "Create an account" }).click();
  await expect(viewer).toHaveURL(/\/sign-up\?callbackUrl=%2Finvite%2F/);
  await fillSignUp(viewer, { name: "Victor Viewer", email: uniqueEmail("viewer"), password: strongPassword });

  await expect(viewer).toHaveURL(inviteLink);
  await expect(viewer.getByRole("heading", { name: `Join ${workspaceName}` })).toBeVisible();
  await expect(viewer.getByTestId("invite-role")).toHaveText("Viewer");
  await viewer.getByRole("button", { name: "Accept invite" }).click();

  await expect(viewer).toHaveURL(workspaceUrl);
  const viewerCard = viewer.getByTestId("agent-card").filter({ hasText: "Returns desk" });
  await expect(viewerCard).toBeVisible();
  await expect(viewer.getByRole("button", { name: "New agent" })).toHaveCount(0);
  await expect(viewer.getByRole("link", { name: "Members" })).toBeVisible();
  await expect(viewer.getByRole("link", { name: "Audit log" })).toHaveCount(0);

  await viewerCard.click();
  const form = viewer.getByTestId("agent-form");
  await expect(form.getByLabel("Name", { exact: true })).toHaveValue("Returns desk");
  await expect(form.getByLabel("Name", { exact: true })).toHaveAttribute("readonly", "");
  await expect(form.getByLabel("Tone")).toBeDisabled();
  await expect(form.getByRole("button", { name: "Save" })).toBeDisabled();
  await expect(viewer.getByTestId("read-only-notice")).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Delete agent" })).toHaveCount(0);

  await viewer.goto(`${workspaceUrl}/settings/audit`);
  await expect(viewer.getByTestId("audit-no-access")).toContainText("You do not have access");

  // The owner sees the new member and the audit trail of all of it.
  await page.reload();
  await expect(page.getByTestId("member-row")).toHaveCount(2);
  await expect(page.getByTestId("members-table")).toContainText("Victor Viewer");
  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByTestId("audit-row").filter({ hasText: "member.join" })).toHaveCount(1);
  await expect(page.getByTestId("audit-row").filter({ hasText: "agent.create" })).toHaveCount(1);
  await viewerContext.close();

  // The owner edits the agent (with inline validation), then deletes it after confirming.
  await page.getByRole("link", { name: "Agents" }).click();
  await page.getByTestId("agent-card").filter({ hasText: "Returns desk" }).click();
  const ownerForm = page.getByTestId("agent-form");
  await ownerForm.getByLabel("Name", { exact: true }).fill("");
  await ownerForm.getByRole("button", { name: "Save" }).click();
  await expect(ownerForm.getByText("Give the agent a name", { exact: true })).toBeVisible();
  await ownerForm.getByLabel("Name", { exact: true }).fill("Returns and refunds");
  await ownerForm.getByLabel("Greeting").fill("Hi, Riley here. Which order is this about?");
  await ownerForm.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Agent saved")).toBeVisible();
  await page.reload();
  await expect(ownerForm.getByLabel("Name", { exact: true })).toHaveValue("Returns and refunds");
  await expect(ownerForm.getByLabel("Greeting")).toHaveValue("Hi, Riley here. Which order is this about?");

  await page.getByRole("button", { name: "Delete agent" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Delete Returns and refunds?" });
  await confirm.getByRole("button", { name: "Delete agent" }).click();
  await expect(page).toHaveURL(workspaceUrl);
  await expect(page.getByTestId("agents-empty")).toBeVisible();
});

test("the demo user sees the seeded retail agent", async ({ page }) => {
  await signIn(page, "demo@switchback.dev", "switchback-demo");
  await expect(page.getByRole("heading", { name: "Agents", exact: true })).toBeVisible();
  await page.getByTestId("workspace-switcher").click();
  await page.getByRole("menuitem", { name: "Demo Retail" }).click();
  await expect(page.getByTestId("workspace-switcher")).toHaveText("Demo Retail");
  await expect(page.getByTestId("agent-card").filter({ hasText: "Retail support" })).toBeVisible();
});

test("bad input gets a clear message and changes nothing", async ({ page }) => {
  const email = uniqueEmail("careful");

  await signUp(page, { name: "Casey", email: uniqueEmail("weak"), password: "short1" });
  await expect(page.getByText("Use a password of at least 10 characters")).toBeVisible();
  await expect(page).toHaveURL(/\/sign-up$/);

  await signUp(page, { name: "Casey", email, password: strongPassword });
  await createWorkspace(page, "Careful Co");

  // Signing up again with the same email is refused by the server.
  await signUp(page, { name: "Casey Again", email, password: strongPassword });
  await expect(page.getByTestId("sign-up-form").getByRole("alert")).toContainText("An account with this email already exists");

  await signIn(page, email, "not-the-password");
  await expect(page.getByTestId("sign-in-form").getByRole("alert")).toHaveText("Wrong email or password");

  await signIn(page, email, strongPassword);
  await expect(page.getByRole("heading", { name: "Agents", exact: true })).toBeVisible();
  await page.getByRole("button", { name: "New agent" }).click();
  const dialog = page.getByRole("dialog", { name: "New agent" });
  await dialog.getByRole("button", { name: "Create agent" }).click();
  await expect(dialog.getByText("Give the agent a name", { exact: true })).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await page.reload();
  await expect(page.getByTestId("agents-empty")).toBeVisible();
  await expect(page.getByTestId("agent-card")).toHaveCount(0);

  await page.goto("/some-forged-slug");
  await expect(page.getByTestId("workspace-not-found")).toContainText("Workspace not found");
});
