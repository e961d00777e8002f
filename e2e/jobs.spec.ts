import { expect, test } from "@playwright/test";
import { createWorkspace, signUp, strongPassword, trpc, uniqueEmail } from "./studio";

// A workspace whose embedding provider is broken: indexing an upload fails after every retry (half a
// minute of backoff), the admin sees the failed job with its error, fixes the provider and retries it.
test("an admin sees a job that failed after its retries, with its error, and retries it once the cause is fixed", async ({ page }) => {
  test.setTimeout(180_000);
  await signUp(page, { name: "Jobs Admin", email: uniqueEmail("jobs"), password: strongPassword });
  await createWorkspace(page, `Jobs ${Date.now()}`);
  const workspace = new URL(page.url()).pathname.split("/")[1]!;

  // The studio itself has no embeddings endpoint: every call is a 404, which the client does not retry
  // (a refused connection would be retried with its own backoff inside every job attempt).
  const studio = new URL(page.url()).host;
  await trpc(page, "secrets.set", { workspace, name: "DOWN_PROVIDER_KEY", value: "sk-test" });
  const down = { kind: "llm", baseURL: `http://${studio}/no-provider/v1`, apiKeySecret: "DOWN_PROVIDER_KEY", chatModel: "chat", embeddingModel: "embed" };
  await trpc(page, "settings.save", { workspace, model: down, allowedHosts: [studio] });
  const kb = (await trpc(page, "knowledge.create", { workspace, name: "Help" })) as { id: string };

  await page.goto(`/${workspace}/knowledge/${kb.id}`);
  await page.getByLabel("Upload documents").setInputFiles([{ name: "returns.md", mimeType: "text/markdown", buffer: Buffer.from("# Returns\n\n## Window\n\nItems can be returned within 30 days.") }]);
  await expect(page.getByTestId("upload-results").locator('[data-status="queued"]')).toHaveText(["returns.md: queued for indexing"]);

  await page.goto(`/${workspace}/settings/jobs`);
  await expect(page.getByRole("heading", { name: "Failed jobs" })).toBeVisible();
  const row = page.getByTestId("failed-job-row").filter({ hasText: "knowledge.ingest" });
  await expect(async () => {
    await page.reload();
    await expect(row).toHaveCount(1, { timeout: 2000 });
  }).toPass({ timeout: 150_000, intervals: [3000] });
  await expect(row).toContainText("5"); // attempts
  await expect(row.getByTestId("failed-job-error")).not.toBeEmpty();

  // The cause fixed (local models), one more attempt indexes the document.
  await trpc(page, "settings.save", { workspace, model: { kind: "local" }, allowedHosts: [] });
  await row.getByRole("button", { name: "Retry" }).click();
  await expect(page.getByTestId("jobs-empty")).toBeVisible();
  await page.goto(`/${workspace}/knowledge/${kb.id}`);
  const doc = page.getByTestId("document-row").filter({ hasText: "returns.md" });
  await expect(doc.getByTestId("document-status")).toHaveAttribute("data-status", "ready", { timeout: 30_000 });
});
