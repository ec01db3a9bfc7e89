-- bench/csrf.lua
-- The CSRF token for wrk scripts: DASH_CSRF_TOKEN (the _csrf_token cookie
-- of the app's GET /, fetched by the bench scripts' csrf_token in lib.sh)
-- sent as the renderer sends it: X-CSRFToken header plus the cookie.

local csrf = {}

csrf.token = os.getenv("DASH_CSRF_TOKEN")
if csrf.token == "" then
  csrf.token = nil
end

-- Adds the header and cookie to the table `h` (extending a Cookie there).
function csrf.apply(h)
  if csrf.token == nil then
    return h
  end
  h["X-CSRFToken"] = csrf.token
  local c = "_csrf_token=" .. csrf.token
  if h["Cookie"] ~= nil and h["Cookie"] ~= "" then
    h["Cookie"] = h["Cookie"] .. "; " .. c
  else
    h["Cookie"] = c
  end
  return h
end

return csrf
