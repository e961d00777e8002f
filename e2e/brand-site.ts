import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

// A brand's web page on an origin of its own (its own port) that embeds the widget with one script tag:
// e2e/fixtures/widget-host.html with the widget's base URL and key filled in.

export type BrandSite = { url: string; key: string; requests: string[]; close: () => Promise<void> };

/** A brand's web page on an origin of its own, embedding the widget script from `widgetBase` with `site.key`. */
export async function startBrandSite(widgetBase: string): Promise<BrandSite> {
  const template = readFileSync(path.join(import.meta.dirname, "fixtures/widget-host.html"), "utf8");
  const server = createServer((req, res) => {
    site.requests.push(req.url ?? "");
    if (req.url !== "/") return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(template.replace("__STUDIO__", widgetBase).replace("__KEY__", site.key));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const site: BrandSite = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    key: "",
    requests: [],
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
  return site;
}
