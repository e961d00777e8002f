import { generateText } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOpenAIStub, type OpenAIStub } from "@/test/openai-stub-server";
import { resolveModels } from "./resolve-models";

// The model provider's requests go through the guarded client: a base URL on an internal address (the
// stub listens on loopback) is refused unless the workspace allows its host, for the models and for the
// streaming language model alike.

let stub: OpenAIStub;
beforeAll(async () => {
  stub = await startOpenAIStub(() => ({ content: JSON.stringify({ scores: [{ id: "a", score: 0.9 }] }) }));
});
afterAll(() => stub.close());

const settings = (baseURL: string) => ({ kind: "llm" as const, baseURL, apiKeySecret: "KEY", chatModel: "gpt-test", embeddingModel: "emb-test" });
const candidates = [{ id: "a", description: "A", examples: ["a"] }];
const resolveSecret = async () => "test-key";

describe("the model provider through the guarded client", () => {
  it("refuses a provider on an internal address that is not an allowed host", async () => {
    const port = new URL(stub.baseURL).port;
    for (const baseURL of [stub.baseURL, `http://[::127.0.0.1]:${port}/v1`, `http://2130706433:${port}/v1`]) {
      const { models, languageModel } = await resolveModels(settings(baseURL), resolveSecret, { maxRetries: 0 });
      await expect(models.classifyIntent("a", candidates)).rejects.toThrow("private or internal address");
      await expect(generateText({ model: languageModel!, prompt: "hi", maxRetries: 0 })).rejects.toThrow("private or internal address");
    }
    expect(stub.requests).toHaveLength(0);
  });

  it("calls an allowed host", async () => {
    const { models } = await resolveModels(settings(stub.baseURL), resolveSecret, { maxRetries: 0, allowHosts: [new URL(stub.baseURL).host] });
    expect((await models.classifyIntent("a", candidates)).best).toEqual({ id: "a", score: 0.9 });
    expect(stub.requests).toHaveLength(1);
  });
});

describe("models built once per provider configuration", () => {
  const allowHosts = () => [new URL(stub.baseURL).host];

  it("reuses the models for the same settings, key and allowed hosts, not across them (a rotated key is sent at once)", async () => {
    const first = await resolveModels(settings(stub.baseURL), resolveSecret, { maxRetries: 0, allowHosts: allowHosts() });
    const again = await resolveModels(settings(stub.baseURL), resolveSecret, { maxRetries: 0, allowHosts: allowHosts() });
    expect(again.models).toBe(first.models);
    expect(again.languageModel).toBe(first.languageModel);
    const otherKey = await resolveModels(settings(stub.baseURL), async () => "rotated-key", { maxRetries: 0, allowHosts: allowHosts() });
    expect(otherKey.models).not.toBe(first.models);
    const noHosts = await resolveModels(settings(stub.baseURL), resolveSecret, { maxRetries: 0 });
    expect(noHosts.models).not.toBe(first.models);
    await expect(noHosts.models.classifyIntent("a", candidates)).rejects.toThrow("private or internal address");

    // A rotated key is sent at once.
    let key = "key-one";
    const secret = async () => key;
    const before = stub.requests.length;
    await (await resolveModels(settings(stub.baseURL), secret, { maxRetries: 0, allowHosts: allowHosts() })).models.classifyIntent("a", candidates);
    key = "key-two";
    await (await resolveModels(settings(stub.baseURL), secret, { maxRetries: 0, allowHosts: allowHosts() })).models.classifyIntent("a", candidates);
    expect(stub.requests.slice(before).map((r) => r.authorization)).toEqual(["Bearer key-one", "Bearer key-two"]);
  });
});
