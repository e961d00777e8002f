import { type Browser, expect, type Page } from "@playwright/test";
import type { BrandSite } from "./brand-site";
import { openWidget, signIn, trpc } from "./studio";

// Issue 19's handoff, shared by e2e/handoff.spec.ts (one instance) and e2e/serve-haproxy.spec.ts (the
// customer on `switchback serve` behind haproxy, the human agent on the studio): a customer in the widget
// on a brand's page (another origin) asks for a person; a human agent in another browser sees it arrive in
// the inbox with its summary, claims it and replies; the widget shows the reply live; the agent hands back
// and the AI answers the next message. The demo workspace's inbox holds other specs' handoffs too, so the
// flow finds its own by a word only its customer types.
const demo = { email: "demo@switchback.dev", password: "switchback-demo", workspace: "demo-retail", agent: "retail-support", name: "Demo Builder" };
const TITLE = "Handoff help";
const ORDER = "W2378156";
const EMAIL = "yusuf.rossi7301@example.com";

/** The whole handoff, with the human agent in `page` (the studio) and the customer in a new context of `browser` on `site`. */
export async function handOffAndBack(page: Page, browser: Browser, site: BrandSite) {
  const token = `kiwi${Date.now().toString(36)}`;

  // The human agent: the demo workspace's inbox, filtered to this run's customer, open before anything happens.
  await signIn(page, demo.email, demo.password);
  await expect(page).toHaveURL(new RegExp(`/${demo.workspace}$`));
  const agent = (await trpc(page, "agents.get", { workspace: demo.workspace, agent: demo.agent }, "GET")) as { id: string };
  const { releases } = (await trpc(page, "releases.list", { workspace: demo.workspace, agentId: agent.id }, "GET")) as { releases: { state: string }[] };
  // The seed publishes release 1; an older database may not have: publish the draft then.
  if (!releases.some((r) => r.state === "live")) await trpc(page, "releases.publish", { workspace: demo.workspace, agentId: agent.id, notes: "handoff e2e" });
  const key = (await trpc(page, "widget.create", { workspace: demo.workspace, agentId: agent.id })) as { id: string; publicKey: string };
  await trpc(page, "widget.update", { workspace: demo.workspace, widgetKeyId: key.id, allowedOrigins: [site.url], theme: { title: TITLE } });
  site.key = key.publicKey;

  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Inbox" }).click();
  await expect(page.getByRole("heading", { name: "Inbox" })).toBeVisible();
  await page.getByLabel("Search").fill(token);
  await page.getByLabel("Search").press("Enter");
  await expect(page).toHaveURL(new RegExp(`q=${token}`));
  await expect(page.getByTestId("inbox-empty")).toBeVisible();

  // The customer, in a browser of their own, on the brand's site.
  const customer = await browser.newContext();
  const brand = await customer.newPage();
  await brand.goto(site.url);
  const { chat, messages, say } = await openWidget(brand, TITLE);
  await expect(messages.first()).toContainText("Hi, I'm Sam"); // the conversation exists: sends go through
  await expect(await say(`Where is my order #${ORDER}?`)).toContainText(/verify your identity/);
  await expect(await say(EMAIL)).toContainText(/is delivered/);
  await expect(await say(`I want to talk to a human please (${token})`)).toContainText(/member of our team/);
  await expect(chat.getByTestId("widget-status")).toContainText("A person is joining");

  // It appears in the inbox without a reload, waiting, with its summary.
  const item = page.getByTestId("inbox-item");
  await expect(item).toHaveCount(1);
  await expect(item).toHaveAttribute("data-owner", "waiting_for_human");
  await expect(item.getByTestId("inbox-waiting")).toBeVisible();
  await item.click();
  const conversation = page.getByTestId("inbox-conversation");
  const summary = conversation.getByTestId("handoff-summary");
  await expect(summary.getByTestId("handoff-verified")).toContainText(EMAIL);
  await expect(summary.getByTestId("handoff-facts")).toContainText(ORDER);
  await expect(summary.getByTestId("handoff-why")).toContainText(/asked for a person/);
  await expect(summary.getByTestId("handoff-sentiment")).not.toHaveText("unknown");
  await expect(conversation.getByTestId("transcript")).toContainText(token);

  // Claim it: the widget says who joined.
  await conversation.getByRole("button", { name: "Claim" }).click();
  await expect(conversation).toHaveAttribute("data-owner", "human");
  await expect(chat.getByTestId("widget-status")).toContainText(`${demo.name} from the team is here`);

  // An internal note stays in the studio; a reply reaches the widget live, with the person's name.
  const composer = conversation.getByTestId("composer");
  await composer.getByRole("tab", { name: "Internal note" }).click();
  await composer.getByLabel("Internal note").fill(`Courier scan missing (${token} note)`);
  await composer.getByRole("button", { name: "Add note" }).click();
  await expect(conversation.getByTestId("transcript-note")).toContainText("Courier scan missing");
  await composer.getByRole("tab", { name: "Reply to customer" }).click();
  const reply = "Hi, I'm looking at your order now and will send a new tracking link.";
  await composer.getByLabel("Reply").fill(reply);
  // The customer sees the person typing before the reply arrives, and no longer once it has.
  await expect(chat.getByTestId("widget-typing")).toHaveText(`${demo.name} is typing…`);
  await composer.getByRole("button", { name: "Send reply" }).click();
  await expect(conversation.getByTestId("transcript-message").filter({ hasText: reply })).toHaveAttribute("data-role", "human");
  const human = messages.filter({ hasText: reply });
  await expect(human).toHaveAttribute("data-role", "human");
  await expect(human).toContainText(demo.name);
  await expect(chat.getByTestId("widget-typing")).toHaveCount(0);

  // While the person holds it the AI stays quiet; the customer's message reaches the inbox live.
  const before = await messages.count();
  await chat.getByLabel("Message").fill("Thank you, I'll wait for the link");
  await chat.getByRole("button", { name: "Send" }).click();
  await expect(conversation.getByTestId("transcript")).toContainText("I'll wait for the link");
  await expect(chat.locator(".busy")).toHaveCount(0);
  await expect(messages).toHaveCount(before + 1);

  // Hand back: the AI answers the next message.
  await conversation.getByRole("button", { name: "Hand back to the AI" }).click();
  await page.getByRole("dialog", { name: "Hand back to the AI?" }).getByRole("button", { name: "Hand back" }).click();
  await expect(conversation).toHaveAttribute("data-owner", "ai");
  await expect(chat.getByTestId("widget-note").last()).toContainText("again");
  await expect(await say(`Where is my order #${ORDER}?`)).toHaveAttribute("data-role", "agent");
  await expect(messages.last()).toContainText(ORDER);

  // The note never reached the customer.
  await expect(chat).not.toContainText("Courier scan missing");
  await customer.close();
}
