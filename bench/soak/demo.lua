-- bench/soak/demo.lua
-- wrk script of bench/soak/run.sh for apps/demo: POSTs the bodies the Dash
-- renderer sends for the demo's five callbacks (student scores, Example 1's
-- slow store and its graph and table, the two-output fruit query), with
-- varied inputs, nulls (PreventUpdate: 204) among them; plus common.lua's
-- periodic GETs.

dofile((os.getenv("SOAK_DIR") or "bench/soak") .. "/common.lua")

local cities = { "Montreal", "Toronto", "Vancouver", "Ottawa" }
local fruits = { "apples", "oranges", "figs", "kiwis", "pears" }
local days = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" }

-- intermediate-value.data as Example 1's slow step stores it, with
-- varied temperatures so that no two answers are alike.
local function store_data()
  local rows = {}
  for i, d in ipairs(days) do
    rows[i] = string.format('{"day":"%s","temperature":%.1f}', d,
      math.random(-150, 150) / 10)
  end
  return '{"city":"' .. soak.pick(cities) .. '","rows":['
    .. table.concat(rows, ",") .. "]}"
end

local function multi_body(fruit_json)
  return '{"output":"..sales-graph.figure...sales-table.children..",'
    .. '"outputs":[{"id":"sales-graph","property":"figure"},'
    .. '{"id":"sales-table","property":"children"}],'
    .. '"inputs":[{"id":"fruit","property":"value","value":' .. fruit_json
    .. "}],"
    .. '"changedPropIds":["fruit.value"]}'
end

function soak.next_post()
  local r = math.random(100)
  if r <= 35 then -- cheap: 1..5 (and 0, 7: no student), null: 0
    local v = math.random(0, 8)
    return soak.post(soak.single_body("output", "children", "score", "value",
      v == 8 and "null" or tostring(v)))
  elseif r <= 55 then -- Example 1's slow step (delay-ms)
    local v = math.random(10) == 1 and "null" or soak.str(soak.pick(cities))
    return soak.post(soak.single_body("intermediate-value", "data",
      "dropdown", "value", v))
  elseif r <= 80 then -- the graph or the table drawn from the store
    local out, prop = "graph", "figure"
    if math.random(2) == 1 then
      out, prop = "table", "children"
    end
    local data = math.random(10) == 1 and "null" or store_data()
    return soak.post(soak.single_body(out, prop, "intermediate-value", "data",
      data))
  end
  -- one query, two outputs (delay-ms / 2)
  local f = math.random(12) == 1 and "null" or soak.str(soak.pick(fruits))
  return soak.post(multi_body(f))
end
