-- wrk script: POST a JSON body (WRK_BODY) with an optional Authorization header (WRK_AUTH).
-- WRK_PATHS_FILE: one path per line, each used once, in order (a conversation prepared for exactly one more
-- turn): no request is sent once they are used up, and "WRKDONE" is printed when the last one is answered, for
-- the caller to end wrk with SIGINT (wrk itself only stops at its duration). WRK_EXPECT: a substring a good answer contains; the
-- number of answers without it is reported. Prints one WRKJSON line (run with -t1: the counters are per thread).
local body = os.getenv("WRK_BODY") or "{}"
local auth = os.getenv("WRK_AUTH")
local expect = os.getenv("WRK_EXPECT")
local pathsFile = os.getenv("WRK_PATHS_FILE")
local paths = nil
if pathsFile and pathsFile ~= "" then
  paths = {}
  for line in io.lines(pathsFile) do if line ~= "" then paths[#paths + 1] = line end end
end
local headers = { ["Content-Type"] = "application/json" }
if auth and auth ~= "" then headers["Authorization"] = auth end

sent, reserved, answered, unexpected, sample = 0, 0, 0, 0, ""
local threads = {}
function setup(thread) threads[#threads + 1] = thread end

if paths then
  -- wrk asks for a delay before each request; past the last path the connection waits until wrk is stopped.
  function delay()
    if reserved >= #paths then return 3600000 end
    reserved = reserved + 1
    return 0
  end
end

function request()
  sent = sent + 1
  local path = nil
  if paths then path = paths[((sent - 1) % #paths) + 1] end
  return wrk.format("POST", path, headers, body)
end

function response(status, hdrs, resBody)
  answered = answered + 1
  if expect and expect ~= "" and (status ~= 200 and status ~= 201 or not string.find(resBody, expect, 1, true)) then
    unexpected = unexpected + 1
    if sample == "" then sample = string.sub(resBody, 1, 300) end
  end
  if paths and answered == #paths then io.write("WRKDONE\n"); io.flush() end
end

function done(summary, latency, requests)
  local un, smp = 0, ""
  for _, t in ipairs(threads) do un = un + t:get("unexpected"); if smp == "" then smp = t:get("sample") end end
  local secs = summary.duration / 1e6
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_s":%.3f,"rps":%.2f,"lat_p50_ms":%.3f,"lat_p95_ms":%.3f,"lat_p99_ms":%.3f,"lat_max_ms":%.3f,"err_connect":%d,"err_read":%d,"err_write":%d,"err_timeout":%d,"err_status":%d,"unexpected":%d,"unexpected_sample":"%s"}\n',
    summary.requests, secs, summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout, summary.errors.status, un, (smp:gsub('[%c"\\]', " "))))
end
