-- bench/cluster/signal.lua
-- wrk script for bench/cluster/bench.sh: POSTs Example 3's signal-store
-- callback (which reads the memoized global_store(value)) for the values in
-- CATEGORIES (comma separated, default "figs"), taking them in turn, and
-- prints machine-readable figures like bench/update.lua plus non200=.
--
-- CATEGORIES=apples,oranges,figs,pineapples wrk ... -s signal.lua URL

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
package.path = here .. "../?.lua;" .. package.path
local csrf = require("csrf")

local list = os.getenv("CATEGORIES")
if list == nil or list == "" then
  list = "figs"
end

local values = {}
for v in string.gmatch(list, "[^,]+") do
  table.insert(values, v)
end

-- The body the Dash renderer sends when the dropdown changes to VALUE.
local function body(value)
  return '{"output":"signal.data",'
    .. '"outputs":{"id":"signal","property":"data"},'
    .. '"inputs":[{"id":"dropdown","property":"value","value":"' .. value
    .. '"}],"changedPropIds":["dropdown.value"]}'
end

local threads = {}

function setup(thread)
  thread:set("offset", #threads)
  table.insert(threads, thread)
end

-- Per thread: the prebuilt requests, and where this thread starts in them
-- (so that several threads do not ask for the same value in step).
function init()
  requests = {}
  for i, v in ipairs(values) do
    requests[i] = wrk.format("POST", "/_dash-update-component",
      csrf.apply({["Content-Type"] = "application/json"}), body(v))
  end
  next_index = offset % #requests
  non200 = 0
end

function request()
  next_index = next_index % #requests + 1
  return requests[next_index]
end

function response(status)
  if status ~= 200 then
    non200 = non200 + 1
  end
end

-- Called once after the run; durations and latencies are in microseconds.
-- errors counts HTTP statuses > 399 (wrk's rule) plus every socket error;
-- non200 counts every answer other than 200 (204 and 3xx included).
function done(summary, latency)
  local n = 0
  for _, t in ipairs(threads) do
    n = n + t:get("non200")
  end
  local e = summary.errors
  local socket_errors = e.connect + e.read + e.write + e.timeout
  local seconds = summary.duration / 1e6
  io.write(string.format("rps=%.1f\n", summary.requests / seconds))
  io.write(string.format("p50_ms=%.3f\n", latency:percentile(50) / 1000))
  io.write(string.format("p99_ms=%.3f\n", latency:percentile(99) / 1000))
  io.write(string.format("requests=%d\n", summary.requests))
  io.write(string.format("non200=%d\n", n))
  io.write(string.format("status_errors=%d\n", e.status))
  io.write(string.format("socket_errors=%d\n", socket_errors))
  io.write(string.format("errors=%d\n", e.status + socket_errors))
end
