-- bench/fixed_id.lua
-- wrk script for bench/pattern_matching.sh, the baseline: POSTs the
-- pattern_matching app's fixed-id callback (clear-status.n_clicks ->
-- status.children, an allow_duplicate output) on every request, the body
-- the Dash renderer sends, and prints figures like bench/update.lua.
--
-- The output string, "status.children@<hash>", comes from the server's
-- /_dash-dependencies: FIXED_OUTPUT='status.children@...' wrk ...

local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
package.path = dir .. "?.lua;" .. package.path
local report = require("wrk_report")

local output = os.getenv("FIXED_OUTPUT")
local id, property = (output or ""):match("^([^.]+)%.(.+)$")
if id == nil then
  error("bench/fixed_id.lua: set FIXED_OUTPUT to the callback's output"
        .. " string from /_dash-dependencies, e.g. status.children@<hash>")
end

wrk.method = "POST"
wrk.path = "/_dash-update-component"
wrk.headers["Content-Type"] = "application/json"
require("csrf").apply(wrk.headers)
wrk.body = '{"output":"' .. output .. '",'
  .. '"outputs":{"id":"' .. id .. '","property":"' .. property .. '"},'
  .. '"inputs":[{"id":"clear-status","property":"n_clicks","value":1}],'
  .. '"changedPropIds":["clear-status.n_clicks"]}'

setup = report.setup
done = report.done
if report.checking then
  local want = '{"multi":true,"response":{"' .. id
    .. '":{"children":"Cleared"}}}'
  response = report.response(function(body) return body == want end)
end
