-- bench/soak/example4.lua
-- wrk script of bench/soak/run.sh for apps/example4_sessions: POSTs
-- output-1 / output-2 (get-data-button.n_clicks + session-id.data) with the
-- session's dash_session cookie, as the renderer does after "Get data".
--
-- Sessions: the ids in SOAK_SESSIONS_FILE (run.sh got each from GET /) and
-- new ones minted on the way: SOAK_NEW_SESSION_PERMILLE (default 10) of
-- 1000 requests are a GET / without a cookie, and the id its Set-Cookie carries joins the pool (its first POST
-- computes the session's data: a miss). The pool holds at most
-- SOAK_SESSION_POOL ids (default 128); a new id then replaces an old
-- cold one, which is left to idle out. 80% of POSTs go to the first four
-- ids (hot, always live), the rest to any id (some idle long enough to be
-- passivated and come back from the store).
-- On purpose, SOAK_BAD_PERMILLE of 1000 POSTs (common.lua): a foreign
-- session id (cookie of one session, data of another) or an altered
-- cookie; both are answered 403, counted apart.

dofile((os.getenv("SOAK_DIR") or "bench/soak") .. "/common.lua")

local pool = {}
local pool_cap = tonumber(os.getenv("SOAK_SESSION_POOL") or "") or 128
local hot = 4
local new_permille = tonumber(os.getenv("SOAK_NEW_SESSION_PERMILLE") or "")
  or 10

soak.expected = {
  "this session id is not the session of this browser",
  "this request carries no session cookie",
}

function soak.init(args)
  pool = soak.read_lines(os.getenv("SOAK_SESSIONS_FILE"))
  if #pool == 0 then
    error("bench/soak/example4.lua: SOAK_SESSIONS_FILE holds no session ids")
  end
end

local function any_id()
  if math.random(100) <= 80 then
    return pool[math.random(math.min(hot, #pool))]
  end
  return pool[math.random(#pool)]
end

-- Page GETs carry a session's cookie, as a reload would.
function soak.cookie()
  return any_id()
end

local function body(n, id, clicks)
  return '{"output":"output-' .. n .. '.children",'
    .. '"outputs":{"id":"output-' .. n .. '","property":"children"},'
    .. '"inputs":[{"id":"get-data-button","property":"n_clicks","value":'
    .. clicks .. '},{"id":"session-id","property":"data","value":"' .. id
    .. '"}],"changedPropIds":["get-data-button.n_clicks"]}'
end

-- The id with one character of its signature changed.
local function altered(id)
  local last = string.sub(id, -1)
  return string.sub(id, 1, -2) .. (last == "A" and "B" or "A")
end

function soak.next_post()
  if math.random(1000) <= new_permille then -- a new browser: gets a cookie
    return soak.get("/")
  end
  local id = any_id()
  local n = math.random(2)
  local clicks = math.random(20) == 1 and "null"
    or tostring(math.random(1, 1000))
  if math.random(1000) <= soak.bad_permille then
    local other = pool[math.random(#pool)]
    if other ~= id and math.random(2) == 1 then -- foreign: another's data
      return soak.bad(soak.post(body(n, other, clicks),
        { ["Cookie"] = "dash_session=" .. id }))
    end
    return soak.bad(soak.post(body(n, id, clicks), -- altered cookie
      { ["Cookie"] = "dash_session=" .. altered(id) }))
  end
  return soak.post(body(n, id, clicks), { ["Cookie"] = "dash_session=" .. id })
end

function soak.on_response(status, headers, body)
  local set = headers["Set-Cookie"] or headers["set-cookie"]
  if set == nil then
    return
  end
  local id = string.match(set, "^dash_session=([^;]+)")
  if id == nil then
    return
  end
  n_sessions_new = n_sessions_new + 1
  if #pool < pool_cap then
    pool[#pool + 1] = id
  else
    pool[math.random(hot + 1, #pool)] = id
  end
end
