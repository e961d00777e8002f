import { type Browser, expect, type Page, test } from "@playwright/test";
import { fillSignUp, signIn, storeOrder, strongPassword, trpc, uniqueEmail } from "./studio";

// The demo workspace's "Retail support" agent. The demo user is its owner (a builder's rights and more).
const demo = { email: "demo@switchback.dev", password: "switchback-demo", workspace: "demo-retail", agent: "retail-support" };
const journeysUrl = `/${demo.workspace}/agents/${demo.agent}/journeys`;
const order = "W1809337"; // one of Yara Ito's orders

async function signedIn(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, demo.email, demo.password);
  await expect(page).toHaveURL(new RegExp(`/${demo.workspace}$`));
  return page;
}

const row = (page: Page, name: string) => page.locator(`[data-testid="journey-row"][data-name="${name}"]`);
const inspector = (page: Page) => page.getByTestId("inspector");

async function setEnabled(page: Page, name: string, on: boolean) {
  const toggle = row(page, name).getByRole("switch");
  if ((await toggle.isChecked()) !== on) await toggle.click();
  await expect(toggle).toBeChecked({ checked: on });
}

async function createJourney(page: Page, name: string, examples: string[]) {
  await page.goto(journeysUrl);
  await page.getByRole("button", { name: "New journey" }).click();
  const form = page.getByTestId("journey-form");
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Trigger description").fill("The customer asks for the status of an order");
  await form.getByLabel("Example customer messages").fill(examples.join("\n"));
  await form.getByRole("button", { name: "Create and open canvas" }).click();
  await expect(page).toHaveURL(/\/journeys\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("node-start")).toBeVisible();
  return page.url();
}

/** Adds a step from the palette; it arrives selected, with its inspector open. */
async function addStep(page: Page, type: string, id: string) {
  await page.getByTestId(`palette-${type}`).click();
  await expect(page.getByTestId(`node-${id}`)).toBeVisible();
  await expect(inspector(page)).toHaveAttribute("data-node-id", id);
}

async function select(page: Page, id: string) {
  // A click event on the node itself, not a pointer at its place: a node outside the view (fitting stops
  // at a readable zoom) made Playwright scroll the canvas's overflow-hidden box, which no user can do,
  // and the pointer then landed on another node.
  await page.getByTestId(`node-${id}`).dispatchEvent("click");
  await expect(inspector(page)).toHaveAttribute("data-node-id", id);
}

async function connect(page: Page, from: string, to: string, handle = "then") {
  await select(page, from);
  await inspector(page).getByLabel(`Next step for ${handle === "then" ? "next" : handle}`).selectOption(to);
}

async function waitSaved(page: Page) {
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-state", "saved", { timeout: 15_000 });
}

// Specs share the demo agent (on Postgres its data persists between spec files): whatever happens in a
// test, leave the seeded journeys as they were.
test.afterEach(async ({ browser }) => {
  const page = await signedIn(browser);
  const journeys = (await trpc(page, "journeys.list", { workspace: demo.workspace, agent: demo.agent }, "GET")) as { id: string; name: string; enabled: boolean }[];
  for (const j of journeys) {
    if (j.name === "Order status 2" || j.name === longJourney) await trpc(page, "journeys.delete", { workspace: demo.workspace, journeyId: j.id });
    if (j.name === "Order status" && !j.enabled) await trpc(page, "journeys.update", { workspace: demo.workspace, journeyId: j.id, enabled: true });
  }
  await page.context().close();
});

const longJourney = "Canvas check: 25 steps";

/** The scale and offset React Flow draws the canvas at. */
async function viewport(page: Page) {
  const transform = await page.locator(".react-flow__viewport").evaluate((el) => getComputedStyle(el).transform);
  const [a, , , , x, y] = transform.replace(/^matrix\(|\)$/g, "").split(",").map(Number);
  return { zoom: a!, x: x!, y: y! };
}

type Rect = { x: number; y: number; width: number; height: number };
const intersects = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (a: Rect, b: Rect) => a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;

test("a long journey opens readable and scrolls; a connection redrawn from a connected way out moves it; new steps land in free space in view", async ({ browser }) => {
  const page = await signedIn(browser);
  const steps = Array.from({ length: 23 }, (_, i) => `m${i + 1}`);
  const ids = ["start", ...steps, "end_1"];
  const graph = {
    trigger: { description: "A canvas check nobody asks for", examples: ["zq canvas check"] },
    nodes: [
      { id: "start", type: "trigger", label: "Start" },
      ...steps.map((id) => ({ id, type: "message", text: `Step ${id}` })),
      { id: "end_1", type: "end", outcome: "resolved" },
    ],
    edges: ids.slice(1).map((id, i) => ({ id: `${ids[i]}->${id}`, source: ids[i], target: id })),
  };
  const created = (await trpc(page, "journeys.create", { workspace: demo.workspace, agent: demo.agent, name: longJourney, graph })) as { id: string };
  await trpc(page, "journeys.update", { workspace: demo.workspace, journeyId: created.id, enabled: false });
  await page.goto(`${journeysUrl}/${created.id}`);
  await expect(page.getByTestId("node-start")).toBeVisible();

  // Fit view stops at a readable zoom and starts at the trigger; the rest is a scroll away.
  const canvas = (await page.getByTestId("journey-canvas").boundingBox())!;
  await expect.poll(async () => (await viewport(page)).zoom).toBeGreaterThanOrEqual(0.6);
  expect(inside((await page.getByTestId("node-start").boundingBox())!, canvas)).toBe(true);
  expect(intersects((await page.getByTestId("node-end_1").boundingBox())!, canvas)).toBe(false);
  const before = await viewport(page);
  await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
  await page.mouse.wheel(0, 1200);
  await expect.poll(async () => (await viewport(page)).y).toBeLessThan(before.y - 200);
  expect((await viewport(page)).zoom).toBeCloseTo(before.zoom, 5);
  await page.mouse.wheel(0, -1200);
  await expect.poll(async () => (await viewport(page)).y).toBeCloseTo(before.y, 0);

  // m1 already leads to m2: drawing from the same way out to m3 moves the edge.
  await expect(page.getByTestId("edge-m1->m2")).toHaveCount(1);
  await page.getByTestId("handle-m1-next").dragTo(page.getByTestId("handle-m3-in"));
  await expect(page.getByTestId("edge-m1->m3")).toHaveCount(1);
  await expect(page.getByTestId("edge-m1->m2")).toHaveCount(0);

  // Steps added from the palette land in the view, each clear of every other step.
  for (const [type, id] of [["message", "message_1"], ["tool_call", "tool_call_1"], ["policy_check", "policy_check_1"], ["message", "message_2"]] as const) {
    await addStep(page, type, id);
    const box = (await page.getByTestId(`node-${id}`).boundingBox())!;
    expect(inside(box, (await page.getByTestId("journey-canvas").boundingBox())!), `${id} is in view`).toBe(true);
    for (const other of await page.locator(".react-flow__node").all()) {
      const otherId = await other.getAttribute("data-id");
      if (otherId === id) continue;
      const otherBox = await other.boundingBox();
      if (otherBox) expect(intersects(box, otherBox), `${id} overlaps ${otherId}`).toBe(false);
    }
  }
  await waitSaved(page);
  await page.context().close();
});

test("a builder draws a journey on the canvas, it survives a reload, and runs in the playground", async ({ browser }) => {
  const page = await signedIn(browser);
  await page.goto(journeysUrl);
  await expect(row(page, "Order status")).toBeVisible();
  await setEnabled(page, "Order status", false);

  const canvasUrl = await createJourney(page, "Order status 2", ["where is my order", "what's the status of my order", "track my package", "has my order shipped yet"]);

  // Collect the order id.
  await addStep(page, "collect", "collect_1");
  await inspector(page).getByLabel("Label").fill("Ask order");
  await inspector(page).getByLabel("Slot it fills").fill("order_id");
  await inspector(page).getByLabel("Type").selectOption("order_id");
  await inspector(page).getByLabel("Question").fill("Which order? The number starts with #W.");

  // Tool call: the inspector lists the agent's tools and asks for their required arguments.
  await addStep(page, "tool_call", "tool_call_1");
  await expect(page.getByTestId("node-tool_call_1")).toContainText("No tool selected");
  await inspector(page).getByLabel("Tool", { exact: true }).selectOption("get_order_details");
  await expect(inspector(page).getByText("Map order_id to a slot or a value")).toBeVisible();
  await inspector(page).getByLabel("order_id *").fill("{{slots.order_id}}");
  await expect(inspector(page).getByText("Map order_id to a slot or a value")).toHaveCount(0);
  await inspector(page).getByLabel("Keep the result as").fill("order");
  await expect(page.getByTestId("node-tool_call_1")).toContainText("Calls get_order_details → result.order");

  await addStep(page, "message", "message_1");
  await inspector(page).getByLabel("Text").fill("Order {{slots.order_id}} is {{result.order.status}}.");
  await expect(inspector(page).getByTestId("message-preview")).toContainText("Order #W2378156 is delivered.");
  await addStep(page, "end", "end_1");
  await expect(page.getByTestId("validation-panel")).not.toHaveAttribute("data-errors", "0");

  // Lay the steps out, draw the first edge between two handles, and connect the rest in the inspector.
  await page.getByRole("button", { name: "Auto-layout" }).click();
  await page.getByTestId("handle-start-next").dragTo(page.getByTestId("handle-collect_1-in"));
  await expect(page.getByTestId("edge-start->collect_1")).toHaveCount(1);
  await connect(page, "collect_1", "tool_call_1");
  await connect(page, "tool_call_1", "message_1", "success");
  await connect(page, "message_1", "end_1");
  await expect(page.getByTestId("validation-panel")).toHaveAttribute("data-errors", "0");
  await waitSaved(page);

  // Undo and redo the last connection with the keyboard, then it is saved again.
  await page.getByTestId("node-end_1").click();
  await page.keyboard.press("Control+z");
  await expect(page.getByTestId("edge-message_1->end_1")).toHaveCount(0);
  await page.keyboard.press("Control+Shift+z");
  await expect(page.getByTestId("edge-message_1->end_1")).toHaveCount(1);
  await waitSaved(page);

  await page.reload();
  for (const id of ["start", "collect_1", "tool_call_1", "message_1", "end_1"]) await expect(page.getByTestId(`node-${id}`)).toBeVisible();
  for (const id of ["start->collect_1", "collect_1->tool_call_1", "tool_call_1->message_1:success", "message_1->end_1"]) await expect(page.getByTestId(`edge-${id}`)).toHaveCount(1);
  await expect(page.getByTestId("node-message_1")).toContainText("Order {{slots.order_id}} is {{result.order.status}}.");
  await expect(page.getByTestId("validation-panel")).toHaveAttribute("data-errors", "0");
  expect(page.url()).toBe(canvasUrl);

  await page.goto(journeysUrl);
  await setEnabled(page, "Order status 2", true);
  await expect(row(page, "Order status 2")).toContainText("Valid");

  // Run it: the reply carries the order's real status from the store.
  const { status } = await storeOrder(page, demo, order);
  await page.goto(canvasUrl);
  await page.getByRole("link", { name: "Run in playground" }).click();
  await expect(page.getByRole("heading", { name: "Playground" })).toBeVisible();
  await page.getByTestId("customer-setup").getByRole("button", { name: "Start conversation" }).click();
  await expect(page).toHaveURL(/[?&]c=[0-9a-f-]{36}/);
  const agentMessages = page.getByTestId("chat-message").and(page.locator('[data-role="agent"]'));
  await expect(agentMessages).toHaveCount(1); // the greeting, before counting what the send adds
  const before = await agentMessages.count();
  await page.getByLabel("Message").fill(`where is my order #${order}?`);
  await page.getByRole("button", { name: "Send" }).click();
  await expect(agentMessages).toHaveCount(before + 1);
  await expect(agentMessages.nth(before)).toContainText(`Order #${order} is ${status}.`);

  // The drop-off overlay counts the conversation on each step it passed.
  await page.goto(canvasUrl);
  await page.getByRole("button", { name: "Drop-off" }).click();
  await expect(page.getByTestId("traffic-message_1")).toContainText("1 passed");
  await expect(page.getByTestId("drop-off-summary")).toContainText("1 conversation entered");

  // Leave the demo as it was for other specs (and reruns against a persistent database).
  await page.goto(journeysUrl);
  await row(page, "Order status 2").getByRole("button", { name: "Delete Order status 2" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete journey" }).click();
  await expect(row(page, "Order status 2")).toHaveCount(0);
  await setEnabled(page, "Order status", true);
});

test("a second browser editing the same journey gets a conflict, not a silent overwrite", async ({ browser }) => {
  const alice = await signedIn(browser);
  const url = await createJourney(alice, `Conflict ${Date.now()}`, ["conflict test"]);
  const bob = await signedIn(browser);
  await bob.goto(url);
  await expect(bob.getByTestId("node-start")).toBeVisible();

  await addStep(alice, "message", "message_1");
  await waitSaved(alice);

  await addStep(bob, "end", "end_1");
  await expect(bob.getByTestId("save-status")).toHaveAttribute("data-state", "conflict");
  await expect(bob.getByTestId("save-conflict")).toContainText("Someone else saved this journey");
  // Nothing was overwritten: a fresh load shows Alice's step, not Bob's.
  const check = await signedIn(browser);
  await check.goto(url);
  await expect(check.getByTestId("node-message_1")).toBeVisible();
  await expect(check.getByTestId("node-end_1")).toHaveCount(0);

  // Bob keeps his version: overwrite, and it is what everyone sees next.
  await bob.getByRole("button", { name: "Overwrite with mine" }).click();
  await waitSaved(bob);
  await check.reload();
  await expect(check.getByTestId("node-end_1")).toBeVisible();
  await expect(check.getByTestId("node-message_1")).toHaveCount(0);

  // Alice, now behind, gets the conflict too and takes theirs.
  await addStep(alice, "handoff", "handoff_1");
  await expect(alice.getByTestId("save-conflict")).toBeVisible();
  await alice.getByRole("button", { name: "Reload theirs" }).click();
  await waitSaved(alice);
  await expect(alice.getByTestId("node-end_1")).toBeVisible();
  await expect(alice.getByTestId("node-handoff_1")).toHaveCount(0);
});

test("a viewer sees the canvas read-only", async ({ browser }) => {
  const owner = await signedIn(browser);
  await owner.goto(`/${demo.workspace}/settings/members`);
  const inviteForm = owner.getByTestId("invite-form");
  await inviteForm.getByLabel("Role").selectOption("viewer");
  await inviteForm.getByRole("button", { name: "Create invite link" }).click();
  const inviteLink = await owner.getByTestId("invite-link").inputValue();

  const viewer = await (await browser.newContext()).newPage();
  await viewer.goto(inviteLink);
  await viewer.getByRole("link", { name: "Create an account" }).click();
  await fillSignUp(viewer, { name: "Vera Viewer", email: uniqueEmail("viewer"), password: strongPassword });
  await viewer.getByRole("button", { name: "Accept invite" }).click();
  await expect(viewer).toHaveURL(new RegExp(`/${demo.workspace}$`));

  await viewer.goto(journeysUrl);
  await expect(viewer.getByRole("button", { name: "New journey" })).toHaveCount(0);
  await expect(row(viewer, "Order status").getByRole("switch")).toBeDisabled();
  await row(viewer, "Order status").getByRole("link").click();
  const editor = viewer.getByTestId("journey-editor");
  await expect(editor).toHaveAttribute("data-read-only", "true");
  await expect(viewer.getByTestId("read-only-notice")).toBeVisible();
  await expect(viewer.getByTestId("palette")).toHaveCount(0);
  await expect(viewer.getByTestId("save-status")).toHaveCount(0);
  // The demo journeys open laid out by dagre: no two steps overlap.
  await expect(viewer.getByTestId("node-status")).toBeVisible();
  await viewer.getByTestId("node-start").click();
  await expect(inspector(viewer)).toHaveAttribute("disabled", "");
  await expect(inspector(viewer).getByLabel("Example customer messages")).toBeDisabled();
  const draggable = await viewer.locator(".react-flow__node.draggable").count();
  expect(draggable).toBe(0);
});
