// Canvas benchmark: opens a generated 300-node journey in Chromium against a production build and records
// time to first render and frame times while panning. See bench/README.md.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import { layoutJourney } from "@/lib/journey/layout";
import { generateJourney } from "./generate-journey";

const port = process.env.E2E_PORT ?? "3305";
const base = `http://127.0.0.1:${port}`;
const size = Number(process.argv[process.argv.indexOf("--nodes") + 1]) || 300;
const runs = 3;

async function waitForHealth(deadline: number) {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`The server at ${base} did not become healthy`);
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const round = (n: number) => Math.round(n * 10) / 10;

/** Drags the empty pane for ~2 s while recording requestAnimationFrame intervals. */
async function pan(page: Page) {
  // A string, not a function: tsx's name helpers do not exist in the page.
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__recording = true;
    let last = performance.now();
    const tick = (t) => { window.__frames.push(t - last); last = t; if (window.__recording) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
  const box = (await page.locator(".react-flow__pane").boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let i = 0; i < 120; i++) {
    const a = (i / 120) * Math.PI * 2;
    await page.mouse.move(cx + Math.cos(a) * 200, cy + Math.sin(a) * 120);
    await page.waitForTimeout(16);
  }
  await page.mouse.up();
  const frames = (await page.evaluate("(() => { window.__recording = false; return window.__frames.slice(1); })()")) as number[];
  return { frames: frames.length, p50: round(percentile(frames, 50)), p95: round(percentile(frames, 95)), max: round(Math.max(...frames)), over50ms: frames.filter((f) => f > 50).length };
}

async function main() {
  const server = process.env.BENCH_NO_SERVER
    ? null
    : spawn("node", ["scripts/e2e-server.mjs"], { env: { ...process.env, E2E_PORT: port, E2E_REUSE_BUILD: process.env.E2E_REUSE_BUILD ?? "1" }, stdio: "ignore", detached: true });
  try {
    await waitForHealth(Date.now() + 300_000);
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"] });
    const page = await (await browser.newContext({ viewport: { width: 1600, height: 1000 } })).newPage();
    await page.goto(`${base}/sign-in`);
    await page.getByTestId("sign-in-form").getByLabel("Email").fill("demo@switchback.dev");
    await page.getByTestId("sign-in-form").getByLabel("Password").fill("switchback-demo");
    await page.getByTestId("sign-in-form").getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/demo-retail$/);

    const graph = layoutJourney(generateJourney(size));
    const created = await page.evaluate(async (input) => {
      const res = await fetch("/api/trpc/journeys.create", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: input }) });
      return (await res.json()) as { result?: { data: { json: { id: string } } }; error?: unknown };
    }, { workspace: "demo-retail", agent: "retail-support", name: `Bench ${size} ${Date.now()}`, graph });
    if (!created.result) throw new Error(`Could not create the journey: ${JSON.stringify(created.error)}`);
    const url = `${base}/demo-retail/agents/retail-support/journeys/${created.result.data.json.id}`;

    const results = [];
    for (let r = 0; r < runs; r++) {
      await page.goto(url);
      await page.waitForFunction("document.querySelectorAll('.react-flow__node').length > 0 && !document.querySelector(\".react-flow__node[style*='visibility: hidden']\")", null, { timeout: 60_000 });
      const firstRender = (await page.evaluate("performance.now()")) as number;
      const rendered = await page.locator(".react-flow__node").count();
      const atFit = await pan(page);
      // Zoomed in to 100 %: only the visible part of the graph is rendered.
      for (let z = 0; z < 8; z++) await page.locator(".react-flow__controls-zoomin").click();
      await page.waitForTimeout(300);
      const zoomedIn = await pan(page);
      results.push({ firstRenderMs: round(firstRender), nodesRendered: rendered, panAtFit: atFit, panZoomedIn: zoomedIn });
      console.log(JSON.stringify(results.at(-1)));
    }
    const summary = {
      nodes: graph.nodes.length,
      edges: graph.edges.length,
      runs: results,
      firstRenderMs: { median: percentile(results.map((r) => r.firstRenderMs), 50) },
      measuredAt: new Date().toISOString(),
    };
    writeFileSync(path.join(import.meta.dirname, "last-results.json"), `${JSON.stringify(summary, null, 2)}\n`);
    console.log(`first render (median of ${runs}): ${summary.firstRenderMs.median} ms for ${summary.nodes} nodes`);
    await browser.close();
  } finally {
    // Its own process group: npx and next-server go down with it.
    if (server?.pid) process.kill(-server.pid, "SIGTERM");
  }
}

await main();
