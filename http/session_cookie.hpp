// http/session_cookie.hpp
// The session cookie: found in a Cookie header, checked against the
// server's signature, and issued (HttpOnly, SameSite=Lax, Secure over
// HTTPS) with the page.
#pragma once

#include <string>
#include <string_view>

#include "http/exchange.hpp"
#include "http/server_context.hpp"

namespace dash::http {

inline constexpr std::string_view session_cookie_name = "dash_session";

/// The value of cookie `name` in a Cookie header, or "".
std::string find_cookie(std::string_view header, std::string_view name);

/// The request's session id when the server issued it, or "".
std::string verified_session(const server_context& ctx,
                             const request_view& req);

/// The request's verified session id, or a new one that `r` now sets as
/// the session cookie. Returns "" when the app keeps no sessions.
std::string ensure_session(const server_context& ctx, const request_view& req,
                           reply& r);

} // namespace dash::http
