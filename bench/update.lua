-- bench/update.lua
-- wrk script for bench/run.sh: POSTs the trivial Dash callback on every
-- request and prints machine-readable figures (rps, p50_ms, p99_ms, errors;
-- see wrk_report.lua).

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
package.path = here .. "?.lua;" .. package.path
local report = require("wrk_report")

wrk.method = "POST"
wrk.path = "/_dash-update-component"
wrk.headers["Content-Type"] = "application/json"
require("csrf").apply(wrk.headers)
wrk.body = '{"output":"out.children",'
  .. '"outputs":{"id":"out","property":"children"},'
  .. '"inputs":[{"id":"in","property":"value","value":"x"}],'
  .. '"changedPropIds":["in.value"]}'

done = report.done
