import { afterEach, describe, expect, it } from "vitest";

import { createOpenAI } from "@ai-sdk/openai";
import { generateText, streamText, tool } from "ai";
import { z } from "zod";

import { startOpenAIStub, type OpenAIStub } from "@/test/openai-stub-server";

let stub: OpenAIStub | undefined;

afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

// The stub is test infrastructure other suites lean on (agent steps with tools); check it speaks the
// wire protocol the real client expects, streaming and tool calls included.
describe("startOpenAIStub", () => {
  it("streams text as SSE chunks the AI SDK reassembles", async () => {
    stub = await startOpenAIStub(() => ({ content: "Your order #W2378156 is pending." }));
    const model = createOpenAI({ baseURL: stub.baseURL, apiKey: "k" }).chat("gpt-test");
    const result = streamText({ model, prompt: "status?" });
    expect(await result.text).toBe("Your order #W2378156 is pending.");
    expect(stub.requests[0]!.body.stream).toBe(true);
  });

  it.each([false, true])("returns scripted tool calls (stream: %s)", async (streaming) => {
    stub = await startOpenAIStub((body) =>
      body.tools?.length ? { toolCalls: [{ name: "get_order_details", arguments: { order_id: "#W2378156" } }] } : { content: "no tools" },
    );
    const model = createOpenAI({ baseURL: stub.baseURL, apiKey: "k" }).chat("gpt-test");
    const tools = { get_order_details: tool({ inputSchema: z.object({ order_id: z.string() }) }) };
    const calls = streaming
      ? await streamText({ model, tools, prompt: "look up #W2378156" }).toolCalls
      : (await generateText({ model, tools, prompt: "look up #W2378156" })).toolCalls;
    expect(calls.map((c) => [c.toolName, c.input])).toEqual([["get_order_details", { order_id: "#W2378156" }]]);
    expect(stub.requests[0]!.body.tools?.[0]?.function.name).toBe("get_order_details");
  });
});
