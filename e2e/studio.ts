import { expect, type Page } from "@playwright/test";

/** A unique email per run so specs never collide with earlier data. */
export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@e2e.switchback.dev`;
}

export const strongPassword = "correct-horse-battery-9";

export async function fillSignUp(page: Page, user: { name: string; email: string; password: string }) {
  const form = page.getByTestId("sign-up-form");
  await form.getByLabel("Name").fill(user.name);
  await form.getByLabel("Email").fill(user.email);
  await form.getByLabel("Password").fill(user.password);
  await form.getByRole("button", { name: "Create account" }).click();
}

export async function signUp(page: Page, user: { name: string; email: string; password: string }) {
  await page.goto("/sign-up");
  await fillSignUp(page, user);
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  const form = page.getByTestId("sign-in-form");
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Password").fill(password);
  await form.getByRole("button", { name: "Sign in" }).click();
}

export async function createWorkspace(page: Page, name: string) {
  await expect(page).toHaveURL(/\/new$/);
  await page.getByLabel("Workspace name").fill(name);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByRole("heading", { name: "Agents", exact: true })).toBeVisible();
}

export async function createAgent(page: Page, agent: { name: string; description: string; agentName: string; tone: string; greeting: string }) {
  await page.getByRole("button", { name: "New agent" }).first().click();
  const dialog = page.getByRole("dialog", { name: "New agent" });
  await dialog.getByLabel("Name", { exact: true }).fill(agent.name);
  await dialog.getByLabel("Description").fill(agent.description);
  await dialog.getByLabel("Agent name").fill(agent.agentName);
  await dialog.getByLabel("Tone").selectOption(agent.tone);
  await dialog.getByLabel("Greeting").fill(agent.greeting);
  await dialog.getByRole("button", { name: "Create agent" }).click();
  await expect(dialog).toBeHidden();
}

// tRPC over plain HTTP (superjson envelope), with the signed-in page's cookies.
export async function trpc(page: Page, path: string, input: unknown, method: "GET" | "POST" = "POST") {
  const envelope = JSON.stringify({ json: input });
  const res =
    method === "GET"
      ? await page.request.get(`/api/trpc/${path}?input=${encodeURIComponent(envelope)}`)
      : await page.request.post(`/api/trpc/${path}`, { data: envelope, headers: { "content-type": "application/json" } });
  expect(res.ok(), `${path}: ${await res.text()}`).toBe(true);
  return ((await res.json()) as { result: { data: { json: unknown } } }).result.data.json;
}

/**
 * A demo store order as the agent's own `get_order_details` tool reads it, test-called from the studio
 * with the workspace's store key: the store's API answers 401 to anyone without that key.
 */
export async function storeOrder(page: Page, ref: { workspace: string; agent: string }, orderId: string) {
  const tools = (await trpc(page, "tools.list", { workspace: ref.workspace, agent: ref.agent }, "GET")) as { name: string; definition: unknown }[];
  const read = tools.find((t) => t.name === "get_order_details");
  expect(read, "the agent has a get_order_details tool").toBeDefined();
  const res = (await trpc(page, "tools.test", { workspace: ref.workspace, tool: read!.definition, args: { order_id: orderId } })) as { ok: boolean; result?: unknown };
  expect(res.ok, JSON.stringify(res)).toBe(true);
  return res.result as { status: string; payment_history: unknown[] } & Record<string, unknown>;
}

/** Opens the widget on a brand's page already loaded in `page`; `say` sends a message and returns the reply. */
export async function openWidget(page: Page, title: string) {
  await page.getByRole("button", { name: "Open chat" }).click();
  const chat = page.getByRole("dialog", { name: title });
  const messages = chat.getByTestId("widget-message");
  const say = async (text: string) => {
    const count = await messages.count();
    await chat.getByLabel("Message").fill(text);
    await chat.getByRole("button", { name: "Send" }).click();
    await expect(messages).toHaveCount(count + 2);
    await expect(chat.locator(".busy")).toHaveCount(0);
    return messages.last();
  };
  return { chat, messages, say };
}
