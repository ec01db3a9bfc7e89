// http/csrf.hpp
// CSRF protection as the Dash renderer supports it: a token cookie the page
// sets, echoed by the renderer in a header, plus an Origin/Referer check.
// Used by the router (callback POSTs) and the index page (the cookie).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/exchange.hpp"
#include "http/server_context.hpp"

namespace dash::http {

/// The names the renderer reads from _dash-config (`csrf_token_name`,
/// `csrf_header_name`); these are also its defaults.
inline constexpr std::string_view csrf_cookie_name = "_csrf_token";
inline constexpr std::string_view csrf_header_name = "X-CSRFToken";

/// Whether the request came over HTTPS: a TLS connection, or with
/// trust-proxy set, `X-Forwarded-Proto: https`.
bool is_https(const server_context& ctx, const request_view& req);

/// This server's origin as the client sees it ("http://host:port"), from
/// the Host header (or X-Forwarded-Host with trust-proxy); "" without one.
std::string served_origin(const server_context& ctx, const request_view& req);

/// The 403 answer for a state-changing request that fails the Origin or
/// token check, or nothing when it passes (or csrf is off).
std::optional<reply> check_csrf(const server_context& ctx,
                                const request_view& req);

/// Sets the token cookie on `r` unless the request carries a well-formed
/// one (or csrf is off).
void ensure_csrf_cookie(const server_context& ctx, const request_view& req,
                        reply& r);

/// Cookie attributes every cookie of ours gets: "; Path=/; ..." with
/// "; Secure" when the request came over HTTPS.
std::string cookie_attributes(const server_context& ctx,
                              const request_view& req, bool http_only);

} // namespace dash::http
