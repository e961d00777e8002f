// A stand-in for a model on Switchback's one structured call per turn (`understand`: intent scores and slots),
// in front of the Flowise kit's fake OpenAI server, which predates that call and answers it with empty scores
// (so every llm turn fell through to the help centre). An `understand` request goes to the fake as the kit's
// `classifyIntent` (its intent scores by word overlap, its latency, its call count); the proxy adds the slots a
// model would read from the message — emails and `#W…` order ids — for slots of those kinds. Everything else
// (replies, embeddings, /stats, /latency) passes through untouched. Only Switchback's servers use it; Flowise's
// chains talk to the fake directly and never send structured calls.
// Run: node bench/servers/understand-proxy.mjs   (PROXY_PORT, default 18081; UPSTREAM, default http://127.0.0.1:18080)
import http from "node:http";

const PORT = Number(process.env.PROXY_PORT ?? 18081);
const UPSTREAM = new URL(process.env.UPSTREAM ?? "http://127.0.0.1:18080");
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** Slot values a model would read from the message, for the slots the prompt lists (`- name (type): …`). */
function slotsFrom(prompt) {
  const message = prompt.split("Customer message:")[1] ?? "";
  const listed = [...prompt.matchAll(/^- ([\w.]+) \((\w+)\)/gm)].map((m) => ({ name: m[1], type: m[2] }));
  const slots = [];
  const email = /[\w.+-]+@[\w-]+\.[\w.]+/.exec(message)?.[0];
  const order = /#W\d{7}/.exec(message)?.[0];
  for (const s of listed) {
    if (email && s.type === "email") slots.push({ name: s.name, value: email, source: email });
    else if (order && /order/.test(s.name)) slots.push({ name: s.name, value: order, source: order });
  }
  return slots;
}

function forward(req, res, body) {
  const up = http.request({ host: UPSTREAM.hostname, port: UPSTREAM.port, method: req.method, path: req.url, headers: { ...req.headers, host: UPSTREAM.host, "content-length": Buffer.byteLength(body) }, agent }, (upRes) => {
    res.writeHead(upRes.statusCode ?? 502, upRes.headers);
    upRes.pipe(res);
  });
  up.on("error", (e) => {
    res.writeHead(502, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { message: `upstream: ${e.message}` } }));
  });
  up.end(body);
}

async function understand(req, res, j) {
  const prompt = (j.messages ?? []).filter((m) => m.role === "user").map((m) => (typeof m.content === "string" ? m.content : m.content.map((c) => c.text ?? "").join(""))).join("\n");
  const asClassify = { ...j, response_format: { ...j.response_format, json_schema: { ...j.response_format.json_schema, name: "classifyIntent" } } };
  const upRes = await fetch(new URL(req.url, UPSTREAM), { method: "POST", headers: { "content-type": "application/json", authorization: req.headers.authorization ?? "" }, body: JSON.stringify(asClassify) });
  const answer = await upRes.json();
  if (upRes.ok) {
    const message = answer.choices[0].message;
    message.content = JSON.stringify({ scores: JSON.parse(message.content).scores ?? [], slots: slotsFrom(prompt) });
  }
  res.writeHead(upRes.status, { "content-type": "application/json" });
  res.end(JSON.stringify(answer));
}

http
  .createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let j = null;
      if (req.method === "POST" && req.url?.endsWith("/chat/completions")) {
        try {
          j = JSON.parse(body);
        } catch {
          j = null;
        }
      }
      if (j?.response_format?.json_schema?.name === "understand") {
        understand(req, res, j).catch((e) => {
          res.writeHead(502, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: { message: `proxy: ${e.message}` } }));
        });
      } else forward(req, res, body);
    });
  })
  .listen(PORT, "127.0.0.1", () => console.log(`understand proxy on 127.0.0.1:${PORT} → ${UPSTREAM.href}`));
