-- bench/soak/example3.lua
-- wrk script of bench/soak/run.sh for apps/example3_signal: the signal
-- callback (dropdown.value -> signal.data, through the memoized
-- global_store) and the four graphs on signal.data (answered from the
-- server-side fan-out when a signal for the value ran in the last
-- fan-out-ttl-ms, else from the memo cache). Unknown categories
-- ("soak-bad-N", a new N each time) make global_store raise: a cache miss
-- whose error is never cached, answered 500 on purpose and counted apart.
-- Nulls (PreventUpdate: 204) are mixed in; plus common.lua's GETs.

dofile((os.getenv("SOAK_DIR") or "bench/soak") .. "/common.lua")

local categories = { "apples", "oranges", "figs", "pineapples" }

soak.expected = { "unknown category 'soak-bad-" }

local function bad_value()
  return soak.str("soak-bad-" .. math.random(1, 1000000000))
end

function soak.next_post()
  if math.random(1000) <= soak.bad_permille then -- half signal, half graph
    if math.random(2) == 1 then
      return soak.bad(soak.post(soak.single_body("signal", "data",
        "dropdown", "value", bad_value())))
    end
    return soak.bad(soak.post(soak.single_body("graph-" .. math.random(4),
      "figure", "signal", "data", bad_value())))
  end
  local r = math.random(100)
  if r <= 35 then -- the signal: a category, or cleared (5%)
    local v = math.random(20) == 1 and "null"
      or soak.str(soak.pick(categories))
    return soak.post(soak.single_body("signal", "data", "dropdown", "value",
      v))
  end
  local graph = "graph-" .. math.random(4)
  local v = math.random(14) == 1 and "null" or soak.str(soak.pick(categories))
  return soak.post(soak.single_body(graph, "figure", "signal", "data", v))
end
