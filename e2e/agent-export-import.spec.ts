import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { parse as parseYaml } from "yaml";
import { signIn } from "./studio";

// The demo workspace's "Retail support" agent, exported as YAML from its overview and imported back into
// the same workspace as a new agent, with its journeys.
const demo = { email: "demo@switchback.dev", password: "switchback-demo", workspace: "demo-retail", agent: "retail-support" };

test("a builder exports the demo agent as YAML and imports the file as a new agent", async ({ page }, testInfo) => {
  await signIn(page, demo.email, demo.password);
  await expect(page).toHaveURL(new RegExp(`/${demo.workspace}$`));

  await page.goto(`/${demo.workspace}/agents/${demo.agent}`);
  await page.getByLabel("Format").selectOption("yaml");
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export", exact: true }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`${demo.agent}.agent.yaml`);
  const file = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(file);
  const doc = parseYaml(await readFile(file, "utf8")) as { switchback: string; version: number; agent: { journeys: { name: string }[]; secrets: string[] } };
  expect(doc).toMatchObject({ switchback: "agent", version: 1 });
  expect(doc.agent.journeys.length).toBeGreaterThan(0);

  const name = `Retail copy ${Date.now().toString(36)}`;
  await page.goto(`/${demo.workspace}`);
  await page.getByRole("button", { name: "Import agent" }).click();
  const dialog = page.getByRole("dialog", { name: "Import agent" });
  await dialog.getByLabel("Agent file").setInputFiles(file);
  await expect(dialog.getByLabel("Or paste the export")).toHaveValue(/switchback: agent/);
  await dialog.getByLabel("Name (optional)").fill(name);
  await dialog.getByRole("button", { name: "Import", exact: true }).click();

  await expect(dialog.getByTestId("import-agent-result")).toContainText(`Imported ${name}`);
  // The store's key is a secret of this workspace: set already, so nothing to warn about.
  await expect(dialog.getByTestId("import-warning-secrets")).toHaveCount(0);
  await dialog.getByRole("link", { name: `Open ${name}` }).click();
  await expect(page).toHaveURL(new RegExp(`/${demo.workspace}/agents/retail-copy-[a-z0-9-]+$`));
  await expect(page.getByTestId("agent-form").getByLabel("Name", { exact: true })).toHaveValue(name);

  await page.goto(`${page.url()}/journeys`);
  const rows = page.getByTestId("journey-row");
  await expect(rows).toHaveCount(doc.agent.journeys.length);
  for (const journey of doc.agent.journeys) await expect(page.locator(`[data-testid="journey-row"][data-name="${journey.name}"]`)).toBeVisible();
});
