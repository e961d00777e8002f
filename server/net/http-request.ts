import "server-only";
import http from "node:http";
import https from "node:https";

// Tool calls reach the same few backends over and over: their connections stay open between calls. A
// socket idle for 4 s is closed first (sooner if the server's Keep-Alive hint says so), so a call never
// reuses one the server is closing.
const agents: Record<string, http.Agent> = {
  "http:": new http.Agent({ keepAlive: true, timeout: 4000 }),
  "https:": new https.Agent({ keepAlive: true, timeout: 4000 }),
};

export interface PlainResponse {
  status: number;
  text: string;
}

/**
 * One request over node:http(s): for the calls a turn makes to its own app, where fetch's web streams
 * and Request/Response objects cost several times the CPU of the call itself. Rejects with an error
 * named "TimeoutError" when no complete answer arrives within `timeoutMs`.
 */
export function httpRequest(url: string, init: { method: string; headers: Record<string, string>; body?: string; timeoutMs: number }): Promise<PlainResponse> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const client = target.protocol === "https:" ? https : http;
    const headers = init.body === undefined ? init.headers : { ...init.headers, "content-length": String(Buffer.byteLength(init.body)) };
    const request = client.request(target, { method: init.method, headers, agent: agents[target.protocol] }, (response) => {
      const parts: Buffer[] = [];
      response.on("data", (part: Buffer) => parts.push(part));
      response.on("end", () => {
        clearTimeout(timer);
        resolve({ status: response.statusCode ?? 0, text: Buffer.concat(parts).toString("utf8") });
      });
      response.on("error", fail);
    });
    const timer = setTimeout(() => request.destroy(Object.assign(new Error(`No answer within ${init.timeoutMs} ms`), { name: "TimeoutError" })), init.timeoutMs);
    request.on("error", fail);
    request.end(init.body);

    function fail(error: Error) {
      clearTimeout(timer);
      reject(error);
    }
  });
}
