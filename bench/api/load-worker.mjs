// The load generator of bench/api/run.ts, in a worker thread so it never shares the API's event loop:
// autocannon POSTs each conversation's next scripted message; the worker posts back every 200's latency.
import { parentPort, workerData } from "node:worker_threads";
import autocannon from "autocannon";

const { url, headers, ids, script, connections, seconds } = workerData;
const step = new Map();
let next = 0;
const latencies = [];
const run = autocannon({
  url,
  connections,
  duration: seconds,
  timeout: 30,
  requests: [
    {
      method: "POST",
      headers,
      setupRequest: (req) => {
        const id = ids[next++ % ids.length];
        const n = step.get(id) ?? 0;
        step.set(id, n + 1);
        return { ...req, path: `/api/v1/conversations/${id}/messages`, body: JSON.stringify({ text: script[Math.min(n, script.length - 1)] }) };
      },
    },
  ],
});
run.on("response", (_client, status, _bytes, ms) => {
  if (status === 200) latencies.push(ms);
});
const result = await run;
parentPort.postMessage({ latencies, duration: result.duration, non2xx: result.non2xx, errors: result.errors });
