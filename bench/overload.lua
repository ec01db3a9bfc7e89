-- bench/overload.lua
-- wrk script for bench/overload.sh: POSTs the faults app's `slow` callback
-- (one worker, SLOW_MS per run) far beyond its capacity and counts answers
-- by status, to show refusals come at once (503) and served runs stay
-- within the bounded queue's wait.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
package.path = here .. "?.lua;" .. package.path

local slow_ms = os.getenv("SLOW_MS") or "20"
wrk.method = "POST"
wrk.path = "/_dash-update-component"
wrk.headers["Content-Type"] = "application/json"
require("csrf").apply(wrk.headers)
wrk.body = '{"output":"slow.children",'
  .. '"outputs":{"id":"slow","property":"children"},'
  .. '"inputs":[{"id":"slow-in","property":"value","value":' .. slow_ms .. '}],'
  .. '"changedPropIds":["slow-in.value"]}'

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init()
  ok, refused, other = 0, 0, 0
end

function response(status)
  if status == 200 then
    ok = ok + 1
  elseif status == 503 then
    refused = refused + 1
  else
    other = other + 1
  end
end

function done(summary, latency)
  local n200, n503, nother = 0, 0, 0
  for _, t in ipairs(threads) do
    n200 = n200 + t:get("ok")
    n503 = n503 + t:get("refused")
    nother = nother + t:get("other")
  end
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format("rps=%.1f\n", summary.requests / seconds))
  io.write(string.format("served=%d\nrefused=%d\nother=%d\n", n200, n503,
                         nother))
  io.write(string.format("p50_ms=%.3f\n", latency:percentile(50) / 1000))
  io.write(string.format("p90_ms=%.3f\n", latency:percentile(90) / 1000))
  io.write(string.format("p99_ms=%.3f\n", latency:percentile(99) / 1000))
  io.write(string.format("max_ms=%.3f\n", latency.max / 1000))
  io.write(string.format("socket_errors=%d\n",
                         e.connect + e.read + e.write + e.timeout))
end
