-- bench/pattern_matching.lua
-- wrk script for bench/pattern_matching.sh: POSTs the pattern_matching
-- app's MATCH callback ({"index":MATCH,"type":"city"}.value ->
-- {"index":MATCH,"type":"city-out"}.children), the body the Dash renderer
-- sends for one component, a different component index on each request:
-- each wrk thread cycles i = 1..COMPONENTS (default 200) with its own
-- counter, thread k starting k*97 further on so the threads don't send the
-- same index at the same time. Prints figures like bench/update.lua.
--
-- With CHECK_BODIES=1 every answer must carry "Filter i: NYC" under the id
-- key of the same i. wrk does not say which request an answer belongs to,
-- so this checks that each answer is consistent with itself; the burst
-- check (pattern_matching_burst.js) matches answers to requests.

local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
package.path = dir .. "?.lua;" .. package.path
local report = require("wrk_report")

local components = tonumber(os.getenv("COMPONENTS") or "200")

wrk.method = "POST"
wrk.path = "/_dash-update-component"
wrk.headers["Content-Type"] = "application/json"
require("csrf").apply(wrk.headers)

-- The renderer's body for component i (dash-renderer 3.4): the output and
-- changedPropIds are strings holding the ids as JSON with sorted keys.
local function body(i)
  return [==[{"output":"{\"index\":[\"MATCH\"],\"type\":\"city-out\"}.children",]==]
    .. [==["outputs":{"id":{"index":]==] .. i
    .. [==[,"type":"city-out"},"property":"children"},]==]
    .. [==["inputs":[{"id":{"index":]==] .. i
    .. [==[,"type":"city"},"property":"value","value":"NYC"}],]==]
    .. [==["changedPropIds":["{\"index\":]==] .. i
    .. [==[,\"type\":\"city\"}.value"]}]==]
end

local thread_count = 0

function setup(thread)
  thread:set("first", (thread_count * 97) % components)
  thread_count = thread_count + 1
  report.setup(thread)
end

-- The requests are built once per thread, after wrk.init has set the Host
-- header; request() then only picks the next one.
local requests = {}
local n = 0

function init(args)
  for i = 1, components do
    requests[i] = wrk.format(nil, nil, nil, body(i))
  end
  n = first or 0
end

function request()
  n = n % components + 1
  return requests[n]
end

done = report.done
if report.checking then
  local pattern = '^{"multi":true,"response":{"{\\"index\\":(%d+),'
    .. '\\"type\\":\\"city%-out\\"}":{"children":"Filter (%d+): NYC"}}}$'
  response = report.response(function(b)
    local key, text = b:match(pattern)
    return key ~= nil and key == text
      and tonumber(key) >= 1 and tonumber(key) <= components
  end)
end
