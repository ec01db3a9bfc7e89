-- bench/wrk_report.lua
-- Shared by the wrk scripts of bench/ (update, scores, fixed_id,
-- pattern_matching), loaded with require; each script puts its own folder
-- on package.path. Prints the
-- figures in bench/update.lua's shape: rps, p50_ms, p99_ms, requests,
-- status_errors, socket_errors, errors.
--
-- With CHECK_BODIES=1 in the environment, a script that passes a checker
-- also reads every answer body (this costs wrk CPU, so pattern_matching.sh
-- turns it on for the warm-up only) and adds checked_bodies= and
-- bad_bodies= lines; bad bodies count as errors.

local M = {}

M.checking = os.getenv("CHECK_BODIES") == "1"

local threads = {}

-- wrk calls setup() once per thread, in the main Lua state, which is also
-- where done() runs; each thread has its own Lua state and globals.
function M.setup(thread)
  table.insert(threads, thread)
end

-- M.response(ok): a response() for wrk that counts, in the thread's
-- globals, answers with status 200 whose body ok(body) rejects.
function M.response(ok)
  checked_bodies, bad_bodies = 0, 0
  return function(status, headers, body)
    if status == 200 then
      checked_bodies = checked_bodies + 1
      if not ok(body) then
        bad_bodies = bad_bodies + 1
      end
    end
  end
end

-- Called once after the run; durations and latencies are in microseconds.
-- errors counts HTTP statuses > 399 (wrk's rule) plus every socket error,
-- plus wrong bodies when they are checked.
function M.done(summary, latency, requests)
  local e = summary.errors
  local socket_errors = e.connect + e.read + e.write + e.timeout
  local seconds = summary.duration / 1e6
  local checked, bad = 0, 0
  for _, t in ipairs(threads) do
    checked = checked + (t:get("checked_bodies") or 0)
    bad = bad + (t:get("bad_bodies") or 0)
  end
  io.write(string.format("rps=%.1f\n", summary.requests / seconds))
  io.write(string.format("p50_ms=%.3f\n", latency:percentile(50) / 1000))
  io.write(string.format("p99_ms=%.3f\n", latency:percentile(99) / 1000))
  io.write(string.format("requests=%d\n", summary.requests))
  io.write(string.format("status_errors=%d\n", e.status))
  io.write(string.format("socket_errors=%d\n", socket_errors))
  if M.checking then
    io.write(string.format("checked_bodies=%d\n", checked))
    io.write(string.format("bad_bodies=%d\n", bad))
  end
  io.write(string.format("errors=%d\n", e.status + socket_errors + bad))
end

return M
