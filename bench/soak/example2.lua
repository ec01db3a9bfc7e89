-- bench/soak/example2.lua
-- wrk script of bench/soak/run.sh for apps/example2_aggregations: the slow
-- step (dropdown.value -> intermediate-value.data) for varied years, and the
-- three graphs drawn from a stored subset, with nulls (204) among them;
-- plus common.lua's periodic GETs.

dofile((os.getenv("SOAK_DIR") or "bench/soak") .. "/common.lua")

local months = '["Jan","Feb","Mar","Apr","May","Jun","Jul","Aug","Sep",'
  .. '"Oct","Nov","Dec"]'
local fruits = { "apple", "orange", "fig" }

-- intermediate-value.data as the slow step stores it, with varied sales.
local function stored_data()
  local parts = { '"year":"' .. math.random(2000, 2030) .. '"' }
  for i, f in ipairs(fruits) do
    local sales = {}
    for m = 1, 12 do
      sales[m] = tostring(math.random(5, 80))
    end
    parts[#parts + 1] = '"df_' .. i .. '":{"fruit":"' .. f .. '","month":'
      .. months .. ',"sales":[' .. table.concat(sales, ",") .. "]}"
  end
  return "{" .. table.concat(parts, ",") .. "}"
end

function soak.next_post()
  if math.random(100) <= 35 then
    -- The dropdown: its three years mostly, other years, or cleared.
    local r = math.random(20)
    local v
    if r == 1 then
      v = "null"
    elseif r <= 14 then
      v = soak.str(soak.pick({ "2022", "2023", "2024" }))
    else
      v = soak.str(tostring(math.random(1990, 2040)))
    end
    return soak.post(soak.single_body("intermediate-value", "data",
      "dropdown", "value", v))
  end
  local graph = "graph" .. math.random(3)
  local data = math.random(12) == 1 and "null" or stored_data()
  return soak.post(soak.single_body(graph, "figure", "intermediate-value",
    "data", data))
end
