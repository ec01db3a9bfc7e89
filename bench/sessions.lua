-- bench/sessions.lua
-- wrk script for bench/sessions.sh: POSTs Example 4's output-1 callback for
-- one session whose data is already computed (a session-data hit), with the
-- session's cookie, and prints machine-readable figures like update.lua
-- (rps, p50_ms, p99_ms, errors).
--
-- The session id comes from the environment: SESSION_ID=<id> wrk ...
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
package.path = here .. "?.lua;" .. package.path

local id = os.getenv("SESSION_ID")
if id == nil or id == "" then
  error("bench/sessions.lua: set SESSION_ID to a session id the server issued")
end

wrk.method = "POST"
wrk.path = "/_dash-update-component"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cookie"] = "dash_session=" .. id
require("csrf").apply(wrk.headers)
wrk.body = '{"output":"output-1.children",'
  .. '"outputs":{"id":"output-1","property":"children"},'
  .. '"inputs":[{"id":"get-data-button","property":"n_clicks","value":1},'
  .. '{"id":"session-id","property":"data","value":"' .. id .. '"}],'
  .. '"changedPropIds":["get-data-button.n_clicks"]}'

-- Called once after the run; durations and latencies are in microseconds.
-- errors counts HTTP statuses > 399 (wrk's rule) plus every socket error.
function done(summary, latency, requests)
  local e = summary.errors
  local socket_errors = e.connect + e.read + e.write + e.timeout
  local seconds = summary.duration / 1e6
  io.write(string.format("rps=%.1f\n", summary.requests / seconds))
  io.write(string.format("p50_ms=%.3f\n", latency:percentile(50) / 1000))
  io.write(string.format("p99_ms=%.3f\n", latency:percentile(99) / 1000))
  io.write(string.format("requests=%d\n", summary.requests))
  io.write(string.format("bytes_per_request=%.0f\n",
    summary.requests > 0 and summary.bytes / summary.requests or 0))
  io.write(string.format("status_errors=%d\n", e.status))
  io.write(string.format("socket_errors=%d\n", socket_errors))
  io.write(string.format("errors=%d\n", e.status + socket_errors))
end
