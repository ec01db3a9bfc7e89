-- bench/soak/common.lua
-- Shared part of the wrk scripts of bench/soak/run.sh: pacing, the periodic
-- GETs of the page and its scripts, counting answers by class, and the
-- key=value figures printed at the end. Loaded by each app's script with
-- dofile; the app's script sets soak.next_post (and optionally
-- soak.expected, soak.on_response, soak.cookie) before wrk starts.
--
-- Environment (set by run.sh):
--   SOAK_PACE_MS       pause before each request of a connection (ms)
--   SOAK_GET_PERCENT   share of requests that are page/script GETs
--   SOAK_SCRIPTS_FILE  file with the page's /_dash-component-suites/ paths
--   SOAK_BAD_PERMILLE  deliberately bad POSTs per 1000 (apps that send any)

soak = {}

local pace_ms = tonumber(os.getenv("SOAK_PACE_MS") or "") or 10
local get_percent = tonumber(os.getenv("SOAK_GET_PERCENT") or "") or 3

soak.bad_permille = tonumber(os.getenv("SOAK_BAD_PERMILLE") or "") or 5

-- Body substrings of deliberate error answers (bad input the scripts send
-- on purpose); such answers are counted apart from unexpected ones.
soak.expected = {}

-- Counters, globals of each thread's Lua state so that done() can read
-- them with thread:get().
n_responses = 0
n_2xx = 0
n_204 = 0
n_expected = 0
n_unexpected = 0
n_get = 0
n_post = 0
n_bad_sent = 0
n_sessions_new = 0
last_unexpected = ""

-- ---- helpers for the app scripts --------------------------------------

function soak.pick(list)
  return list[math.random(#list)]
end

-- A JSON string literal for plain ASCII text without quotes or backslashes.
function soak.str(s)
  if s == nil then
    return "null"
  end
  return '"' .. s .. '"'
end

-- The body the Dash renderer sends for a one-output, one-input callback.
function soak.single_body(out_id, out_prop, in_id, in_prop, value_json)
  return '{"output":"' .. out_id .. "." .. out_prop .. '",'
    .. '"outputs":{"id":"' .. out_id .. '","property":"' .. out_prop .. '"},'
    .. '"inputs":[{"id":"' .. in_id .. '","property":"' .. in_prop .. '",'
    .. '"value":' .. value_json .. "}],"
    .. '"changedPropIds":["' .. in_id .. "." .. in_prop .. '"]}'
end

-- A POST /_dash-update-component with `body`; extra headers optional.
function soak.post(body, headers)
  local h = { ["Content-Type"] = "application/json" }
  for k, v in pairs(headers or {}) do
    h[k] = v
  end
  -- The CSRF token (DASH_CSRF_TOKEN, from the app's GET / in run.sh), sent
  -- as the renderer sends it: header plus cookie.
  local token = os.getenv("DASH_CSRF_TOKEN")
  if token ~= nil and token ~= "" then
    h["X-CSRFToken"] = token
    if h["Cookie"] ~= nil then
      h["Cookie"] = h["Cookie"] .. "; _csrf_token=" .. token
    else
      h["Cookie"] = "_csrf_token=" .. token
    end
  end
  n_post = n_post + 1
  return wrk.format("POST", "/_dash-update-component", h, body)
end

-- A GET of `path`; extra headers optional.
function soak.get(path, headers)
  n_get = n_get + 1
  return wrk.format("GET", path, headers or {}, nil)
end

-- Marks the request being built as deliberately bad (expects an error).
function soak.bad(req)
  n_bad_sent = n_bad_sent + 1
  return req
end

-- ---- the periodic GETs --------------------------------------------------

local scripts = {}
local get_turn = 0

local function read_lines(file)
  local out = {}
  if file == nil or file == "" then
    return out
  end
  local f = io.open(file, "r")
  if f == nil then
    return out
  end
  for line in f:lines() do
    if line ~= "" then
      out[#out + 1] = line
    end
  end
  f:close()
  return out
end
soak.read_lines = read_lines

-- Round robin over /, /_dash-layout, /_dash-dependencies and one of the
-- page's component-suite scripts (every other time gzip-encoded).
local function next_get()
  get_turn = get_turn + 1
  local headers = {}
  if soak.cookie then
    local c = soak.cookie()
    if c then
      headers["Cookie"] = "dash_session=" .. c
    end
  end
  local k = get_turn % 4
  if k == 1 then
    return soak.get("/", headers)
  elseif k == 2 then
    return soak.get("/_dash-layout", headers)
  elseif k == 3 or #scripts == 0 then
    return soak.get("/_dash-dependencies", headers)
  end
  local path = scripts[(math.floor(get_turn / 4) % #scripts) + 1]
  if math.floor(get_turn / 4) % 2 == 0 then
    headers["Accept-Encoding"] = "gzip"
  end
  return soak.get(path, headers)
end

-- ---- wrk hooks ------------------------------------------------------------

local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_no", thread_count)
  threads[#threads + 1] = thread
end

function init(args)
  math.randomseed(os.time() * 1000 + (thread_no or 0) * 7919
    + math.floor((os.clock() * 1e6) % 1000))
  scripts = read_lines(os.getenv("SOAK_SCRIPTS_FILE"))
  if soak.init then
    soak.init(args)
  end
end

function delay()
  return pace_ms
end

function request()
  if math.random() * 100 < get_percent then
    return next_get()
  end
  return soak.next_post()
end

function response(status, headers, body)
  n_responses = n_responses + 1
  if status >= 200 and status < 300 then
    n_2xx = n_2xx + 1
    if status == 204 then
      n_204 = n_204 + 1
    end
  else
    local expected = false
    for _, pattern in ipairs(soak.expected) do
      if body ~= nil and string.find(body, pattern, 1, true) then
        expected = true
        break
      end
    end
    if expected then
      n_expected = n_expected + 1
    else
      n_unexpected = n_unexpected + 1
      last_unexpected = status .. " "
        .. string.gsub(string.sub(body or "", 1, 160), "[\r\n]", " ")
    end
  end
  if soak.on_response then
    soak.on_response(status, headers, body)
  end
end

-- Sums a counter over all threads.
local function total(name)
  local sum = 0
  for _, t in ipairs(threads) do
    sum = sum + (tonumber(t:get(name)) or 0)
  end
  return sum
end

-- Durations and latencies from wrk are in microseconds.
function done(summary, latency, requests)
  local e = summary.errors
  local socket_errors = e.connect + e.read + e.write + e.timeout
  local seconds = summary.duration / 1e6
  local out = {
    { "requests", summary.requests },
    { "duration_s", string.format("%.1f", seconds) },
    { "rps", string.format("%.1f", summary.requests / seconds) },
    { "p50_ms", string.format("%.3f", latency:percentile(50) / 1000) },
    { "p99_ms", string.format("%.3f", latency:percentile(99) / 1000) },
    { "max_ms", string.format("%.3f", latency.max / 1000) },
    { "socket_errors", socket_errors },
    { "socket_connect", e.connect },
    { "socket_read", e.read },
    { "socket_write", e.write },
    { "socket_timeout", e.timeout },
    { "status_errors", e.status },
    { "responses", total("n_responses") },
    { "ok_2xx", total("n_2xx") },
    { "no_content_204", total("n_204") },
    { "expected_errors", total("n_expected") },
    { "unexpected_non2xx", total("n_unexpected") },
    { "sent_get", total("n_get") },
    { "sent_post", total("n_post") },
    { "sent_bad", total("n_bad_sent") },
    { "sessions_new", total("n_sessions_new") },
  }
  for _, kv in ipairs(out) do
    io.write(kv[1] .. "=" .. tostring(kv[2]) .. "\n")
  end
  for _, t in ipairs(threads) do
    local last = t:get("last_unexpected")
    if last ~= nil and last ~= "" then
      io.write("last_unexpected=" .. last .. "\n")
    end
  end
end
