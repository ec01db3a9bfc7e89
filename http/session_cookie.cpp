// http/session_cookie.cpp
// Cookie parsing and the Set-Cookie attributes of the session cookie.
#include "http/session_cookie.hpp"

#include "actors/sessions/session_ids.hpp"
#include "http/csrf.hpp"

namespace dash::http {

std::string find_cookie(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    auto semi = header.find(';');
    auto pair = header.substr(0, semi);
    while (!pair.empty() && pair.front() == ' ')
      pair.remove_prefix(1);
    auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name)
      return std::string{pair.substr(eq + 1)};
    if (semi == std::string_view::npos)
      break;
    header.remove_prefix(semi + 1);
  }
  return {};
}

std::string verified_session(const server_context& ctx,
                             const request_view& req) {
  if (!ctx.session_ids)
    return {};
  auto id = find_cookie(req.cookie, session_cookie_name);
  return !id.empty() && ctx.session_ids->verify(id) ? id : std::string{};
}

std::string ensure_session(const server_context& ctx, const request_view& req,
                           reply& r) {
  if (!ctx.session_ids)
    return {};
  auto id = verified_session(ctx, req);
  if (!id.empty())
    return id;
  id = ctx.session_ids->issue();
  r.header("Set-Cookie", std::string{session_cookie_name} + "=" + id
                           + cookie_attributes(ctx, req, true));
  return id;
}

} // namespace dash::http
