import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { expect, test } from "@playwright/test";
import { type ServeProcess, startServeProcess } from "../test/serve-process";
import { startBrandSite } from "./brand-site";
import { handOffAndBack } from "./handoff-flow";
import { openWidget } from "./studio";

// The widget and the hosted API through haproxy (deploy/haproxy.cfg, as docs/deploy.md runs it) in
// front of `switchback serve` and the studio's `next start` (issue 21). The agent, its release, API key
// and widget key are written straight into the database serve opens (e2e/fixtures/serve-workspace.ts).
// On Postgres (DATABASE_URL) two serve processes share the e2e database. On PGlite the studio's
// `next start` holds the embedded database (a folder opens in one process only), so serve runs one
// process on an embedded database of its own, listed twice in haproxy's api backend.

const root = path.resolve(import.meta.dirname, "..");
const studioUrl = `http://127.0.0.1:${process.env.E2E_PORT ?? "3100"}`;
const ORDER = "Where is my order #W2378156?";
const EMAIL = "yusuf.rossi7301@example.com";

let site: Server;
let siteUrl = "";
let lbUrl = "";
let haproxy: ChildProcess;
const haproxyLog: string[] = [];
const serves: ServeProcess[] = [];
let dataDir: string | undefined;
let fixture: { key: string; agent: string; widgetKey: string };

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Waits (start-up only) until `url` answers `status` through haproxy. */
async function until(url: string, status: number) {
  for (let i = 0; i < 150; i++) {
    const res = await fetch(url).catch(() => null);
    if (res?.status === status) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer ${status} through haproxy:\n${haproxyLog.join("\n")}`);
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  if (spawnSync("haproxy", ["-v"]).error) throw new Error("haproxy is not installed: apt-get install haproxy (Debian's 2.6; .ci/run installs it)");

  // The brand's website on an origin of its own, embedding the widget from the load balancer.
  const template = readFileSync(path.join(import.meta.dirname, "fixtures/widget-host.html"), "utf8");
  site = createServer((req, res) => {
    if (req.url !== "/") return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(template.replace("__STUDIO__", lbUrl).replace("__KEY__", fixture.widgetKey));
  });
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;

  const databaseUrl = process.env.DATABASE_URL;
  dataDir = databaseUrl ? undefined : mkdtempSync(path.join(tmpdir(), "switchback-e2e-serve-"));
  const env: Record<string, string> = {
    NODE_ENV: "production",
    AUTH_SECRET: process.env.AUTH_SECRET!, // the e2e server's (playwright.config.ts): they share the database
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { SWITCHBACK_DATA_DIR: dataDir! }),
  };
  const prepared = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "e2e/fixtures/serve-workspace.ts"], {
    cwd: root,
    env: { ...process.env, ...env, WIDGET_ORIGIN: siteUrl },
    encoding: "utf8",
  });
  expect(prepared.status, prepared.stderr).toBe(0);
  fixture = JSON.parse(prepared.stdout.trim().split("\n").at(-1)!);

  for (let i = 0; i < (databaseUrl ? 2 : 1); i++) serves.push(await startServeProcess({ env }));
  const [api1, api2 = api1] = serves.map((s) => new URL(s.url).host);

  const port = await freePort();
  lbUrl = `http://127.0.0.1:${port}`;
  haproxy = spawn("haproxy", ["-f", "deploy/haproxy.cfg", "-db"], {
    cwd: root,
    env: { ...process.env, SB_BIND: `127.0.0.1:${port}`, SB_API1: api1!, SB_API2: api2!, SB_STUDIO: new URL(studioUrl).host },
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const stream of [haproxy.stdout!, haproxy.stderr!]) createInterface({ input: stream }).on("line", (line) => haproxyLog.push(line));
  await until(`${lbUrl}/api/v1/openapi.json`, 200);
  await until(`${lbUrl}/api/health`, 200);
});

test.afterAll(async () => {
  if (haproxy && haproxy.exitCode === null) {
    haproxy.kill("SIGTERM");
    await once(haproxy, "exit");
  }
  // Each serve process stops gracefully: SIGTERM, in-flight work done, database closed, exit 0.
  for (const serve of serves) expect(await serve.stop("SIGTERM")).toBe(0);
  if (site) await new Promise<void>((resolve, reject) => site.close((e) => (e ? reject(e) : resolve())));
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test("the hosted API and the widget through haproxy, served by switchback serve", async ({ page, request }) => {
  const headers = { authorization: `Bearer ${fixture.key}` };
  const api = (route: string) => `${lbUrl}/api/v1${route}`;

  // The API: a conversation, a verified order question, read back — several requests, both servers.
  const created = await request.post(api("/conversations"), { headers, data: { agent: fixture.agent } });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const say = async (text: string) => {
    const res = await request.post(api(`/conversations/${id}/messages`), { headers, data: { text } });
    expect(res.status()).toBe(200);
    return ((await res.json()) as { messages: { text: string }[] }).messages[0]!.text;
  };
  expect(await say(ORDER)).toMatch(/verify your identity/);
  expect(await say(EMAIL)).toMatch(/W2378156 is delivered/);
  const read = await request.get(api(`/conversations/${id}`), { headers });
  expect(await read.json()).toMatchObject({ id, channel: "api", turns: 2 });
  // Streamed (SSE) through the proxy as well.
  const streamed = await request.post(api(`/conversations/${id}/messages`), { headers: { ...headers, accept: "text/event-stream" }, data: { text: ORDER } });
  expect(streamed.headers()["content-type"]).toContain("text/event-stream");
  expect(await streamed.text()).toMatch(/"type":"data-status"[\s\S]*\[DONE\]/);

  // haproxy sent /api/v1 to the serve processes (both servers of its api backend), not to the studio.
  const served = haproxyLog.filter((line) => line.includes("/api/v1/conversations"));
  expect(served.some((line) => line.includes(" api/api1 "))).toBe(true);
  expect(served.some((line) => line.includes(" api/api2 "))).toBe(true);
  expect(served.some((line) => line.includes(" studio/"))).toBe(false);

  // The widget: widget.js from the studio and /api/v1/widget from serve, one origin (the load balancer).
  await page.goto(siteUrl);
  const { chat, messages, say: send } = await openWidget(page, "Acme help");
  await expect(messages.first()).toContainText("Hi, I'm Sam");
  await expect(chat.getByRole("button", { name: "Where is my order?" })).toBeVisible();
  await expect(await send(ORDER)).toContainText(/verify your identity/);
  await expect(await send(EMAIL)).toContainText(/W2378156 is delivered/);
  await page.reload();
  await page.getByRole("button", { name: "Open chat" }).click();
  await expect(page.getByRole("dialog", { name: "Acme help" }).getByTestId("widget-message")).toHaveCount(5);
  expect(haproxyLog.some((line) => line.includes(" studio/studio1 ") && line.includes("GET /widget.js"))).toBe(true);
  expect(haproxyLog.some((line) => / api\/api[12] .*\/api\/v1\/widget\/conversations/.test(line))).toBe(true);
});

test("a handoff across instances: the customer's widget on the serve processes, the human agent on the studio", async ({ page, browser }) => {
  // On PGlite serve has a database of its own (see above): instances sharing one exist only on Postgres.
  test.skip(!process.env.DATABASE_URL, "two instances share one database only on Postgres (DATABASE_URL); .ci/run runs it there");
  // The demo workspace in the e2e database, its widget served through the load balancer: every widget
  // request (the turns, the event stream) goes to a serve process, every inbox action to the studio, so
  // the person's reply reaches the customer only through the database's events and their notifications.
  const site = await startBrandSite(lbUrl);
  try {
    await handOffAndBack(page, browser, site);
  } finally {
    await site.close();
  }
  const widgetRequests = haproxyLog.filter((line) => line.includes("/api/v1/widget/conversations"));
  expect(widgetRequests.some((line) => line.includes(" studio/"))).toBe(false);
  // haproxy logs a request when it ends: the event stream's line comes once the customer's browser closed it.
  await expect.poll(() => haproxyLog.some((line) => / api\/api[12] .*GET \/api\/v1\/widget\/conversations\/[^/ ]+\/events/.test(line))).toBe(true);
});
