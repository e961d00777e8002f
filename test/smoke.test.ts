import { expect, test } from "vitest";
import { testDatabase } from "./db";
import { makeWorkspace } from "./factories";

test("smoke", async () => {
  const { db } = await testDatabase();
  const { caller, workspace } = await makeWorkspace(db);
  const a = await caller.agents.create({ workspace: workspace.slug, name: "Hello" });
  expect(a.slug).toBe("hello");
});
