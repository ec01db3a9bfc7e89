-- bench/update.lua
-- wrk script for bench/run.sh: POSTs the trivial Dash callback on every
-- request and prints machine-readable figures (rps, p50_ms, p99_ms, errors).

wrk.method = "POST"
wrk.path = "/_dash-update-component"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"output":"out.children",'
  .. '"outputs":{"id":"out","property":"children"},'
  .. '"inputs":[{"id":"in","property":"value","value":"x"}],'
  .. '"changedPropIds":["in.value"]}'

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
  io.write(string.format("status_errors=%d\n", e.status))
  io.write(string.format("socket_errors=%d\n", socket_errors))
  io.write(string.format("errors=%d\n", e.status + socket_errors))
end
