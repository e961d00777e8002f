import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { memberships } from "@/db/schema";
import { loadDraftConfig } from "@/server/agent/config/load-draft-config";
import { retailFixture } from "@/server/agent/testing/retail-fixture";
import type { WorkspaceCtx } from "@/server/services/context";
import { saveWorkspaceSettings } from "@/server/services/model-settings/workspace-settings";
import { setSecret } from "@/server/services/secrets/secrets";
import { testDatabase } from "@/test/db";
import { type ChatCompletionRequestBody, type OpenAIStub, startOpenAIStub, type StubReply } from "@/test/openai-stub-server";
import { streamPlaygroundTurn } from "./stream-playground-turn";

// The playground sends each piece of the reply the moment it passes the guardrails, not when the turn
// ends. Proved by order, not by timing: the model call for the reply's second piece is held until the
// reader has the first piece, so a stream that buffered until the end could not show it.

let db: Db;
let fx: Awaited<ReturnType<typeof retailFixture>>;
let stub: OpenAIStub;
let ctx: WorkspaceCtx & { appUrl: string };
let journeyIds: { id: string; name: string }[] = [];
let meaning: { journey?: string; slots?: Record<string, unknown> } = {};
let holdSecondPiece: Promise<void> | null = null;

async function answer(body: ChatCompletionRequestBody): Promise<StubReply> {
  if (body.response_format?.json_schema?.name === "understand") {
    const scores = journeyIds.map((j) => ({ id: j.id, score: j.name === meaning.journey ? 0.9 : 0.05 }));
    const slots = Object.entries(meaning.slots ?? {}).map(([name, value]) => ({ name, value, source: String(value) }));
    return { content: JSON.stringify({ scores, slots }) };
  }
  const prompt = String(body.messages.at(-1)?.content ?? "");
  const draft = prompt.slice(prompt.indexOf("Draft to rephrase:\n") + "Draft to rephrase:\n".length);
  if (holdSecondPiece && /refund go/i.test(draft)) await holdSecondPiece;
  return { content: draft };
}

beforeAll(async () => {
  db = (await testDatabase()).db;
  stub = await startOpenAIStub(answer);
  fx = await retailFixture(db, { template: "tpl-stream-turn" });
  const [owner] = await db.select().from(memberships).where(eq(memberships.workspaceId, fx.workspace.id));
  ctx = { db, userId: owner!.userId, workspace: fx.workspace, role: "owner", appUrl: fx.store.appUrl };
  await setSecret(ctx, { name: "MODEL_KEY", value: "test-key" });
  await saveWorkspaceSettings(ctx, { model: { kind: "llm", baseURL: stub.baseURL, apiKeySecret: "MODEL_KEY", chatModel: "gpt-test", embeddingModel: "embed-test" }, allowedHosts: [new URL(stub.baseURL).host] });
  journeyIds = (await loadDraftConfig(db, { workspaceId: fx.workspace.id, agentId: fx.agent.id })).journeys.map((j) => ({ id: j.id, name: j.name }));
});
afterAll(async () => {
  await fx?.store.close();
  await stub?.close();
});

type Part = { type: string; delta?: string };

/** Each part of a turn's stream as the reader takes it (TypeScript's DOM ReadableStream is not iterable). */
async function* partsOf(stream: ReadableStream<unknown>): AsyncGenerator<Part> {
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) yield next.value as Part;
}

describe("a playground turn's stream", () => {
  it("sends the reply's first piece before the rest of the turn has run", async () => {
    const conversationId = await fx.open();
    const turn = (text: string) => streamPlaygroundTurn(ctx, { agentId: fx.agent.id, conversationId, text });

    meaning = { journey: "Return delivered items", slots: { order_id: "#W2378156" } };
    for await (const part of partsOf(await turn("I want to return the keyboard from order #W2378156"))) expect(part.type).toBeTruthy();

    // Verified, then asked where the refund goes: two pieces, the second held at the model.
    meaning = { slots: { email: "yusuf.rossi7301@example.com" } };
    let holding = true;
    let release!: () => void;
    holdSecondPiece = new Promise<void>((resolve) => {
      release = () => {
        holding = false;
        resolve();
      };
      // A stream that holds everything back until the end still finishes (and fails below), not hangs.
      setTimeout(release, 5_000);
    });
    const parts: { part: Part; whileHeld: boolean }[] = [];
    for await (const part of partsOf(await turn("yusuf.rossi7301@example.com"))) {
      parts.push({ part, whileHeld: holding });
      if (part.type === "text-delta" && holding) release();
    }
    holdSecondPiece = null;

    // Each piece goes out sentence by sentence as the model writes it: the first piece while the second is held.
    const deltas = parts.filter((p) => p.part.type === "text-delta");
    const sentWhileHeld = deltas.filter((d) => d.whileHeld).map((d) => d.part.delta).join("");
    const sentAfter = deltas.filter((d) => !d.whileHeld).map((d) => d.part.delta).join("");
    expect(sentWhileHeld).toMatch(/Yusuf, you're verified/);
    expect(sentWhileHeld).not.toMatch(/refund/);
    expect(sentAfter).toMatch(/^\n\nWhere should the refund go/);
    expect(parts.at(-1)!.part.type).toBe("data-turn");
  });
});
