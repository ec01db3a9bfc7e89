-- bench/scores.lua
-- wrk script for bench/run.sh: POSTs Example 0's callback (student scores:
-- score.value -> output.children) on every request; figures as update.lua.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
package.path = here .. "?.lua;" .. package.path
local report = require("wrk_report")

wrk.method = "POST"
wrk.path = "/_dash-update-component"
wrk.headers["Content-Type"] = "application/json"
require("csrf").apply(wrk.headers)
wrk.body = '{"output":"output.children",'
  .. '"outputs":{"id":"output","property":"children"},'
  .. '"inputs":[{"id":"score","property":"value","value":5}],'
  .. '"changedPropIds":["score.value"]}'

done = report.done
