import AxeBuilder from "@axe-core/playwright";
import { expect, type Locator, type Page, test } from "@playwright/test";
import { signIn, trpc } from "./studio";

// An axe-core sweep of every studio page as the demo owner sees it, failing on serious and critical
// WCAG 2.1 A/AA violations. It changes nothing but one new playground conversation (so the conversation
// pages have a row to show on a fresh database) and one non-gating eval suite with a case and a run of it
// (so the case editor and the run page have something to show), so it may run in any order.
const demo = { email: "demo@switchback.dev", password: "switchback-demo", workspace: "demo-retail", agent: "retail-support" };
const ws = `/${demo.workspace}`;
const agent = `${ws}/agents/${demo.agent}`;

async function expectAccessible(page: Page, name: string) {
  // Wait for the page's data: no skeletons left.
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")}: ${n.failureSummary?.split("\n").slice(1).join(" ")}`).join("\n")}`);
  expect.soft(serious, `${name} has serious accessibility violations:\n${serious.join("\n")}`).toEqual([]);
}

const h1 = (page: Page) => page.getByRole("heading", { level: 1 }).first();

/** The eval suite and run the test seeds before the sweep. */
const seeded = { suiteId: "", runId: "" };

/** Goes to a list page and follows its first link into a detail page. */
async function openFirst(page: Page, url: string, link: (page: Page) => Locator) {
  await page.goto(url);
  await link(page).first().click();
}

const pages: { name: string; open: (page: Page) => Promise<void>; ready: (page: Page) => Locator }[] = [
  { name: "agents", open: (p) => p.goto(ws).then(() => {}), ready: (p) => p.getByTestId("agent-card").first() },
  { name: "agent overview", open: (p) => p.goto(agent).then(() => {}), ready: (p) => p.getByTestId("agent-form") },
  { name: "journeys", open: (p) => p.goto(`${agent}/journeys`).then(() => {}), ready: (p) => p.getByTestId("journey-row").first() },
  {
    name: "journey canvas",
    open: (p) => openFirst(p, `${agent}/journeys`, (q) => q.getByTestId("journey-row").getByRole("link")),
    ready: (p) => p.getByTestId("node-start"),
  },
  { name: "policies", open: (p) => p.goto(`${agent}/policies`).then(() => {}), ready: (p) => p.getByTestId("policy-row").first() },
  {
    name: "policy",
    open: (p) => openFirst(p, `${agent}/policies`, (q) => q.getByTestId("policy-row").getByRole("link")),
    ready: (p) => p.getByRole("button", { name: "Save policy" }),
  },
  { name: "tools", open: (p) => p.goto(`${agent}/tools`).then(() => {}), ready: (p) => p.getByTestId("tool-row").first() },
  {
    name: "tool",
    open: (p) => openFirst(p, `${agent}/tools`, (q) => q.getByTestId("tool-row").getByRole("link")),
    ready: h1,
  },
  { name: "agent knowledge", open: (p) => p.goto(`${agent}/knowledge`).then(() => {}), ready: h1 },
  { name: "guardrails", open: (p) => p.goto(`${agent}/guardrails`).then(() => {}), ready: h1 },
  { name: "persona", open: (p) => p.goto(`${agent}/persona`).then(() => {}), ready: h1 },
  { name: "playground", open: (p) => p.goto(`${agent}/playground`).then(() => {}), ready: (p) => p.getByRole("button", { name: "Start conversation" }) },
  { name: "conversations", open: (p) => p.goto(`${agent}/conversations`).then(() => {}), ready: (p) => p.getByTestId("conversation-row").first() },
  {
    name: "conversation",
    open: (p) => openFirst(p, `${agent}/conversations`, (q) => q.getByTestId("conversation-row").getByRole("link")),
    ready: h1,
  },
  { name: "insights", open: (p) => p.goto(`${agent}/insights?range=30`).then(() => {}), ready: (p) => p.getByTestId("insights-dashboard") },
  { name: "evals", open: (p) => p.goto(`${agent}/evals?suite=${seeded.suiteId}`).then(() => {}), ready: (p) => p.getByTestId("cases-table") },
  {
    name: "eval case editor",
    open: async (p) => {
      await p.goto(`${agent}/evals?suite=${seeded.suiteId}`);
      await p.getByTestId("case-row").getByRole("button", { name: /^Edit / }).first().click();
    },
    ready: (p) => p.getByRole("dialog").getByTestId("expectation-row").first(),
  },
  { name: "eval run", open: (p) => p.goto(`${agent}/evals/runs/${seeded.runId}`).then(() => {}), ready: (p) => p.getByTestId("run-summary") },
  { name: "releases", open: (p) => p.goto(`${agent}/releases`).then(() => {}), ready: (p) => p.getByTestId("releases-table") },
  { name: "widget", open: (p) => p.goto(`${agent}/widget`).then(() => {}), ready: h1 },
  { name: "knowledge bases", open: (p) => p.goto(`${ws}/knowledge`).then(() => {}), ready: (p) => p.getByTestId("knowledge-base-row").first() },
  {
    name: "knowledge base",
    open: (p) => openFirst(p, `${ws}/knowledge`, (q) => q.getByTestId("knowledge-base-row").getByRole("link")),
    ready: h1,
  },
  { name: "inbox", open: (p) => p.goto(`${ws}/inbox`).then(() => {}), ready: h1 },
  { name: "members", open: (p) => p.goto(`${ws}/settings/members`).then(() => {}), ready: (p) => p.getByTestId("members-table") },
  { name: "audit log", open: (p) => p.goto(`${ws}/settings/audit`).then(() => {}), ready: (p) => p.getByTestId("audit-table") },
  { name: "model settings", open: (p) => p.goto(`${ws}/settings/model`).then(() => {}), ready: h1 },
  { name: "secrets", open: (p) => p.goto(`${ws}/settings/secrets`).then(() => {}), ready: (p) => p.getByTestId("secrets-table") },
  { name: "jobs", open: (p) => p.goto(`${ws}/settings/jobs`).then(() => {}), ready: h1 },
  { name: "tags", open: (p) => p.goto(`${ws}/settings/tags`).then(() => {}), ready: h1 },
  { name: "scorecard", open: (p) => p.goto(`${ws}/settings/scorecard`).then(() => {}), ready: h1 },
  { name: "API keys", open: (p) => p.goto(`${ws}/settings/api-keys`).then(() => {}), ready: h1 },
  { name: "identity and memory", open: (p) => p.goto(`${ws}/settings/identity`).then(() => {}), ready: h1 },
  { name: "privacy", open: (p) => p.goto(`${ws}/settings/privacy`).then(() => {}), ready: h1 },
  { name: "review queues", open: (p) => p.goto(`${ws}/review/queues`).then(() => {}), ready: h1 },
  { name: "calibration", open: (p) => p.goto(`${ws}/review/calibration`).then(() => {}), ready: h1 },
  { name: "customers", open: (p) => p.goto(`${ws}/customers`).then(() => {}), ready: h1 },
  { name: "outcomes", open: (p) => p.goto(`${ws}/outcomes`).then(() => {}), ready: h1 },
  { name: "topics", open: (p) => p.goto(`${agent}/insights/topics`).then(() => {}), ready: h1 },
  { name: "alerts", open: (p) => p.goto(`${agent}/insights/alerts`).then(() => {}), ready: h1 },
  { name: "experiments", open: (p) => p.goto(`${agent}/experiments`).then(() => {}), ready: h1 },
  { name: "API reference", open: (p) => p.goto(`${ws}/api-reference`).then(() => {}), ready: h1 },
];

test("every studio page passes axe-core without serious or critical violations", async ({ page }) => {
  test.setTimeout(240_000); // 39 pages, each loaded and analysed: ≈ 70 s alone, more on a busy machine
  await signIn(page, demo.email, demo.password);
  await expect(page).toHaveURL(new RegExp(`${ws}$`));
  const { id: agentId } = (await trpc(page, "agents.get", { workspace: demo.workspace, agent: demo.agent }, "GET")) as { id: string };
  await trpc(page, "playground.start", { workspace: demo.workspace, agentId });
  const suite = (await trpc(page, "evals.createSuite", { workspace: demo.workspace, agentId, name: `a11y ${Date.now().toString(36)}`, description: "", gating: false })) as { id: string };
  await trpc(page, "evals.createCase", {
    workspace: demo.workspace,
    suiteId: suite.id,
    name: "Greets",
    description: "",
    knownFailure: null,
    definition: { customer: { kind: "script", turns: ["Hi"] }, expectations: [{ kind: "reply_contains", text: "help" }, { kind: "writes", count: 0 }] },
  });
  const run = (await trpc(page, "evals.startRun", { workspace: demo.workspace, agentId, suiteId: suite.id, target: "draft" })) as { runId: string };
  Object.assign(seeded, { suiteId: suite.id, runId: run.runId });
  for (const { name, open, ready } of pages) {
    await test.step(name, async () => {
      await open(page);
      await expect(ready(page)).toBeVisible();
      await expectAccessible(page, name);
    });
  }
});

test("the sign-in and sign-up pages pass axe-core", async ({ page }) => {
  for (const url of ["/sign-in", "/sign-up"]) {
    await page.goto(url);
    await expect(page.getByRole("button").first()).toBeVisible();
    await expectAccessible(page, url);
  }
});
