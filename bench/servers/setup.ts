// Bench data, set up through the services a user's clicks call: the demo workspace (seeded as on a server's
// first start), a published release, an API key, and the workspace's model settings.
//   setup.ts init            → prints {"agent","key","workspaceId"} as JSON
//   setup.ts models local    → the workspace on the local models
//   setup.ts models llm URL  → OpenAI-compatible provider at URL, its host in the allowed hosts, key in a secret
// Run with NODE_OPTIONS=--conditions=react-server and the server's DATABASE_URL and AUTH_SECRET (secrets are
// encrypted with a key derived from it).
import { eq } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { agents, users, workspaces } from "@/db/schema";
import { demo, seedDemo } from "@/db/seed/demo";
import { createApiKey } from "@/server/services/api-keys/create-api-key";
import { saveWorkspaceSettings } from "@/server/services/model-settings/workspace-settings";
import { publishRelease } from "@/server/services/releases/publish-release";
import { setSecret } from "@/server/services/secrets/secrets";

const [command, arg1, arg2] = process.argv.slice(2);

async function main() {
  const database = await openDatabase({ url: process.env.DATABASE_URL, dataDir: process.env.SWITCHBACK_DATA_DIR ?? ".switchback" });
  const { db } = database;
  try {
    await seedDemo(db);
    const workspace = (await db.query.workspaces.findFirst({ where: eq(workspaces.slug, demo.workspaceSlug) }))!;
    const user = (await db.query.users.findFirst({ where: eq(users.email, demo.email) }))!;
    const ctx = { db, userId: user.id, workspace, role: "owner" as const };
    const agent = (await db.query.agents.findFirst({ where: eq(agents.workspaceId, workspace.id) }))!;
    if (command === "init") {
      await publishRelease(ctx, { agentId: agent.id, notes: "bench" });
      const { key } = await createApiKey(ctx, { name: "bench", rateLimitPerMinute: 100_000 });
      console.log(JSON.stringify({ agent: agent.slug, key, workspaceId: workspace.id }));
    } else if (command === "models" && arg1 === "local") {
      await saveWorkspaceSettings(ctx, { model: { kind: "local" }, allowedHosts: [] });
    } else if (command === "models" && arg1 === "llm" && arg2) {
      await setSecret(ctx, { name: "BENCH_OPENAI_KEY", value: "sk-fake-bench-key" });
      await saveWorkspaceSettings(ctx, {
        model: { kind: "llm", baseURL: arg2, apiKeySecret: "BENCH_OPENAI_KEY", chatModel: "gpt-4o-mini", embeddingModel: "text-embedding-3-small" },
        allowedHosts: [new URL(arg2).host],
      });
    } else {
      throw new Error("usage: setup.ts init | models local | models llm <baseURL>");
    }
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
