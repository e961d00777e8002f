import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// A tiny OpenAI-compatible server for tests of the llm models: the real AI SDK client, the real wire
// protocol (Chat Completions, streaming SSE and embeddings), scripted answers, recorded requests.

export interface ChatCompletionRequestBody {
  model: string;
  messages: { role: string; content: unknown; tool_calls?: unknown[] }[];
  stream?: boolean;
  response_format?: { type: string; json_schema?: { name?: string; schema?: unknown } };
  tools?: { type: string; function: { name: string; parameters?: unknown } }[];
  [key: string]: unknown;
}

export interface StubReply {
  content?: string;
  toolCalls?: { name: string; arguments: string | Record<string, unknown> }[];
  /** Reply with this HTTP status and an OpenAI-style error body instead. */
  status?: number;
  error?: string;
}

export type StubScript = (body: ChatCompletionRequestBody) => StubReply | Promise<StubReply>;

export interface RecordedRequest {
  path: string;
  authorization: string | undefined;
  body: ChatCompletionRequestBody & { input?: string | string[]; dimensions?: number };
  /** Order of events on the server (not time): when the request arrived, and when its response ended. */
  openedAt: number;
  closedAt?: number;
}

export interface OpenAIStub {
  baseURL: string;
  requests: RecordedRequest[];
  close: () => Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, message: string) {
  sendJson(res, status, { error: { message, type: status === 401 ? "invalid_request_error" : "server_error", code: null, param: null } });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

/** A deterministic pseudo-embedding, so equal inputs give equal vectors. */
function fakeEmbedding(text: string, dimensions: number): number[] {
  let seed = 2166136261;
  for (const ch of text) seed = Math.imul(seed ^ ch.charCodeAt(0), 16777619);
  const vec = Array.from({ length: dimensions }, (_, i) => Math.sin(seed + i * 12.9898));
  const norm = Math.hypot(...vec) || 1;
  return vec.map((v) => v / norm);
}

function toolCallsOf(reply: StubReply) {
  return (reply.toolCalls ?? []).map((call, i) => ({
    id: `call_${i}`,
    type: "function" as const,
    function: { name: call.name, arguments: typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments) },
  }));
}

function completion(body: ChatCompletionRequestBody, reply: StubReply) {
  const toolCalls = toolCallsOf(reply);
  return {
    id: "chatcmpl-stub",
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: body.model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: reply.content ?? null, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) },
        finish_reason: toolCalls.length > 0 ? "tool_calls" : "stop",
      },
    ],
    usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
  };
}

function stream(res: ServerResponse, body: ChatCompletionRequestBody, reply: StubReply) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  const base = { id: "chatcmpl-stub", object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000), model: body.model };
  const send = (choices: unknown[], extra: Record<string, unknown> = {}) => res.write(`data: ${JSON.stringify({ ...base, choices, ...extra })}\n\n`);
  send([{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }]);
  // Split the text into a few pieces, as a real server streams tokens.
  for (const piece of (reply.content ?? "").match(/[\s\S]{1,8}/g) ?? []) send([{ index: 0, delta: { content: piece }, finish_reason: null }]);
  toolCallsOf(reply).forEach((call, index) => {
    send([{ index: 0, delta: { tool_calls: [{ index, id: call.id, type: "function", function: { name: call.function.name, arguments: "" } }] }, finish_reason: null }]);
    send([{ index: 0, delta: { tool_calls: [{ index, function: { arguments: call.function.arguments } }] }, finish_reason: null }]);
  });
  send([{ index: 0, delta: {}, finish_reason: reply.toolCalls?.length ? "tool_calls" : "stop" }]);
  send([], { usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 } });
  res.end("data: [DONE]\n\n");
}

/** Starts the stub on 127.0.0.1 with a random port. With `apiKey`, other keys get a 401. */
export async function startOpenAIStub(script: StubScript, options: { apiKey?: string } = {}): Promise<OpenAIStub> {
  const requests: RecordedRequest[] = [];
  let tick = 0;
  const server = createServer(async (req, res) => {
    try {
      const path = (req.url ?? "").split("?")[0]!;
      const raw = await readBody(req);
      const body = (raw ? JSON.parse(raw) : {}) as RecordedRequest["body"];
      const recorded: RecordedRequest = { path, authorization: req.headers.authorization, body, openedAt: tick++ };
      res.once("finish", () => (recorded.closedAt = tick++));
      requests.push(recorded);
      if (req.method !== "POST") return sendError(res, 405, `method ${req.method} not allowed`);
      if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
        return sendError(res, 401, "Incorrect API key provided.");
      }
      if (path === "/v1/embeddings") {
        const inputs = Array.isArray(body.input) ? body.input : [body.input ?? ""];
        const dimensions = body.dimensions ?? 1536;
        return sendJson(res, 200, {
          object: "list",
          data: inputs.map((text, index) => ({ object: "embedding", index, embedding: fakeEmbedding(text, dimensions) })),
          model: body.model,
          usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
        });
      }
      if (path !== "/v1/chat/completions") return sendError(res, 404, `no route for ${path}`);
      const reply = await script(body);
      if (reply.status && reply.status >= 400) return sendError(res, reply.status, reply.error ?? "scripted failure");
      if (body.stream) return stream(res, body, reply);
      return sendJson(res, 200, completion(body, reply));
    } catch (error) {
      sendError(res, 500, `stub failure: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
