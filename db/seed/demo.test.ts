import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { secrets, stores, tools } from "@/db/schema";
import type { HttpTool } from "@/lib/schemas/tool";
import { retailFixture } from "@/server/agent/testing/retail-fixture";
import { storeCredentialSecret } from "@/server/services/store/credential";
import { testDatabase } from "@/test/db";
import { ensureStoreCredential } from "./demo";

it("a demo seeded before the store wanted a key gets one: its store tools send it and turns reach the store", async () => {
  const { db } = await testDatabase();
  const fx = await retailFixture(db, { template: "tpl-upgrade" });
  // As such a workspace was seeded: no store account, no secret, store tools without an Authorization header.
  await db.delete(stores).where(eq(stores.id, fx.storeId));
  await db.delete(secrets).where(and(eq(secrets.workspaceId, fx.workspace.id), eq(secrets.name, storeCredentialSecret)));
  for (const row of await db.select({ id: tools.id, definition: tools.definition }).from(tools).where(eq(tools.workspaceId, fx.workspace.id))) {
    await db.update(tools).set({ definition: { ...(row.definition as HttpTool), headers: {} } }).where(eq(tools.id, row.id));
  }

  await ensureStoreCredential(db, { workspaceId: fx.workspace.id, storeId: fx.storeId });
  const [secret] = await db.select({ ciphertext: secrets.ciphertext }).from(secrets).where(and(eq(secrets.workspaceId, fx.workspace.id), eq(secrets.name, storeCredentialSecret)));
  expect(secret).toBeDefined();
  const definitions = (await db.select({ definition: tools.definition }).from(tools).where(eq(tools.workspaceId, fx.workspace.id))).map((r) => r.definition as HttpTool);
  expect(definitions.length).toBeGreaterThan(10);
  for (const tool of definitions) expect(tool.headers, tool.name).toEqual({ authorization: `Bearer {{secret.${storeCredentialSecret}}}` });

  const id = await fx.open();
  await fx.send(id, "Where is my order #W2378156?");
  expect((await fx.send(id, "yusuf.rossi7301@example.com")).reply).toMatch(/Order #W2378156 is delivered/);

  // Once a store has its key, starting again changes nothing (the workspace keeps its key).
  await ensureStoreCredential(db, { workspaceId: fx.workspace.id, storeId: fx.storeId });
  const [again] = await db.select({ ciphertext: secrets.ciphertext }).from(secrets).where(and(eq(secrets.workspaceId, fx.workspace.id), eq(secrets.name, storeCredentialSecret)));
  expect(again!.ciphertext).toBe(secret!.ciphertext);
});
