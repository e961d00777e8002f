import { expect, test } from "@playwright/test";
import { type BrandSite, startBrandSite } from "./brand-site";
import { createAgent, createWorkspace, signUp, strongPassword, trpc, uniqueEmail } from "./studio";

// Issue 22, item 13: the widget's launcher showed an empty box (an emoji glyph, on a system without an
// emoji font). Its icon must be a drawn shape with a size, on a brand's page on another origin.

const studioUrl = `http://127.0.0.1:${process.env.E2E_PORT ?? "3100"}`;
let site: BrandSite;

test.beforeAll(async () => {
  site = await startBrandSite(studioUrl);
});
test.afterAll(() => site.close());

test("the widget's launcher draws a visible chat icon", async ({ page }) => {
  await signUp(page, { name: "Brand Engineer", email: uniqueEmail("widget"), password: strongPassword });
  await createWorkspace(page, `Widget ${Date.now()}`);
  const workspace = new URL(page.url()).pathname.split("/")[1]!;
  await createAgent(page, { name: "Help desk", description: "Answers questions", agentName: "Ada", tone: "friendly", greeting: "Hi, I'm Ada." });
  const agents = (await trpc(page, "agents.list", { workspace }, "GET")) as { id: string; name: string }[];
  const agent = agents.find((a) => a.name === "Help desk")!;
  const created = (await trpc(page, "widget.create", { workspace, agentId: agent.id, allowedOrigins: [site.url] })) as { publicKey: string };
  site.key = created.publicKey;

  const brand = await page.context().newPage();
  await brand.goto(site.url);
  const launcher = brand.getByRole("button", { name: "Open chat" });
  await expect(launcher).toBeVisible();
  // A drawn shape: an <svg> with a path, laid out with a size, whose geometry is not empty.
  const icon = launcher.locator("svg");
  await expect(icon).toHaveCount(1);
  await expect(icon.locator("path")).toHaveCount(1);
  const box = await icon.boundingBox();
  expect(box!.width).toBeGreaterThan(12);
  expect(box!.height).toBeGreaterThan(12);
  const shape = await icon.locator("path").evaluate((p) => {
    const b = (p as SVGGraphicsElement).getBBox();
    return { width: b.width, height: b.height, stroke: getComputedStyle(p).stroke };
  });
  expect(shape.width).toBeGreaterThan(10);
  expect(shape.height).toBeGreaterThan(10);
  expect(shape.stroke).not.toBe("none");
  // Nothing typed in the button: no glyph for a font to miss.
  await expect(launcher).toHaveText("");
  await brand.close();
});
