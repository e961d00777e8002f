import { expect, it } from "vitest";
import { testDatabase } from "@/test/db";
import { retailFixture } from "@/server/agent/testing/retail-fixture";
import { runChatCli } from "./chat";

it("chats with the draft agent from piped lines and prints the trace", async () => {
  const { db } = await testDatabase();
  const fx = await retailFixture(db, { template: "tpl-chat-cli" });
  await fx.store.close();
  const lines = ["Where is my order #W2378156?", "yusuf.rossi7301@example.com"];
  let out = "";
  async function* input() {
    yield* lines;
  }
  // The fixture's agent lives in its own workspace with the generated slug.
  await runChatCli(db, { agentSlug: "retail-support", workspaceSlug: fx.workspace.slug, trace: true, input: input(), output: { write: (t: string) => (out += t) } });
  expect(out).toMatch(/^Sam: Hi, I'm Sam/);
  expect(out).toMatch(/Order #W2378156 is delivered/);
  expect(out).toMatch(/· tool\s+get_order_details → ok/);
});
