// http/csrf.cpp
// Double-submit token (cookie == header, compared in constant time) and the
// Origin/Referer check against the served host and allowed-origins.
#include "http/csrf.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "http/header_text.hpp"
#include "http/responses.hpp"
#include "http/session_cookie.hpp"

namespace dash::http {

namespace {

constexpr std::size_t token_bytes = 32;
constexpr std::size_t token_chars = 43; // base64url of 32 bytes, no padding

std::string lower(std::string_view s) {
  std::string out{s};
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(std::tolower(c));
  });
  return out;
}

bool well_formed(std::string_view token) {
  if (token.size() != token_chars)
    return false;
  return std::all_of(token.begin(), token.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_';
  });
}

std::string new_token() {
  unsigned char bytes[token_bytes];
  if (RAND_bytes(bytes, static_cast<int>(token_bytes)) != 1)
    throw std::runtime_error("the system's random number source failed");
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"
                                     "opqrstuvwxyz0123456789-_";
  std::string out;
  unsigned bits = 0;
  int have = 0;
  for (unsigned char b : bytes) {
    bits = (bits << 8) | b;
    have += 8;
    while (have >= 6) {
      have -= 6;
      out += alphabet[(bits >> have) & 63];
    }
  }
  if (have > 0)
    out += alphabet[(bits << (6 - have)) & 63];
  return out;
}

/// "scheme://authority" of a URL ("" when it has none).
std::string origin_of_url(std::string_view url) {
  auto sep = url.find("://");
  if (sep == std::string_view::npos)
    return {};
  auto end = url.find_first_of("/?#", sep + 3);
  return lower(url.substr(0, end));
}

/// Whether `origin` is this server or one of allowed-origins.
bool allowed(const server_context& ctx, const request_view& req,
             const std::string& origin) {
  if (origin.empty())
    return false;
  if (origin == served_origin(ctx, req))
    return true;
  std::string_view list = ctx.settings.allowed_origins;
  while (!list.empty()) {
    auto comma = list.find(',');
    auto item = trim_ows(list.substr(0, comma));
    while (!item.empty() && item.back() == '/')
      item.remove_suffix(1);
    if (!item.empty() && lower(item) == origin)
      return true;
    if (comma == std::string_view::npos)
      break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

reply refuse(const request_view& req, std::string_view code,
             const std::string& message) {
  return json_error(403, code, message, req.request_id);
}

} // namespace

bool is_https(const server_context& ctx, const request_view& req) {
  if (req.tls)
    return true;
  if (!ctx.settings.trust_proxy)
    return false;
  auto proto = trim_ows(req.forwarded_proto.substr(0, req.forwarded_proto.find(',')));
  return lower(proto) == "https";
}

std::string served_origin(const server_context& ctx,
                          const request_view& req) {
  std::string_view host = req.host;
  if (ctx.settings.trust_proxy && !req.forwarded_host.empty())
    host = trim_ows(req.forwarded_host.substr(0, req.forwarded_host.find(',')));
  host = trim_ows(host);
  if (host.empty())
    return {};
  return (is_https(ctx, req) ? "https://" : "http://") + lower(host);
}

std::optional<reply> check_csrf(const server_context& ctx,
                                const request_view& req) {
  if (!ctx.settings.csrf)
    return std::nullopt;
  // Origin first (browsers send it with every POST), else the Referer's
  // origin. A client sending neither is no browser on another site.
  auto origin_header = trim_ows(req.origin);
  std::string origin;
  const char* from = "Origin";
  if (!origin_header.empty()) {
    origin = lower(origin_header);
  } else if (!req.referer.empty()) {
    origin = origin_of_url(trim_ows(req.referer));
    from = "Referer";
  }
  if ((!origin_header.empty() || !req.referer.empty())
      && !allowed(ctx, req, origin))
    return refuse(req, "origin_not_allowed",
                  std::string{"csrf check failed: the request's "} + from
                    + " '" + (origin.empty() ? std::string{"null"} : origin)
                    + "' is not this server ('" + served_origin(ctx, req)
                    + "') nor one of the allowed-origins setting"
                    + (ctx.settings.trust_proxy
                         ? ""
                         : "; behind an HTTPS proxy set trust-proxy"));
  auto cookie = find_cookie(req.cookie, csrf_cookie_name);
  if (cookie.empty())
    return refuse(req, "csrf_cookie_missing",
                  "csrf check failed: no " + std::string{csrf_cookie_name}
                    + " cookie; load the page (GET /) first, which sets it");
  auto header = trim_ows(req.csrf_token);
  if (header.empty())
    return refuse(req, "csrf_token_missing",
                  "csrf check failed: no " + std::string{csrf_header_name}
                    + " header; send the value of the "
                    + std::string{csrf_cookie_name} + " cookie in it");
  if (!well_formed(cookie) || header.size() != cookie.size()
      || CRYPTO_memcmp(header.data(), cookie.data(), cookie.size()) != 0)
    return refuse(req, "csrf_token_mismatch",
                  "csrf check failed: the " + std::string{csrf_header_name}
                    + " header does not match the "
                    + std::string{csrf_cookie_name}
                    + " cookie; reload the page");
  return std::nullopt;
}

void ensure_csrf_cookie(const server_context& ctx, const request_view& req,
                        reply& r) {
  if (!ctx.settings.csrf)
    return;
  if (well_formed(find_cookie(req.cookie, csrf_cookie_name)))
    return;
  // Not HttpOnly: the renderer reads it from document.cookie.
  r.header("Set-Cookie", std::string{csrf_cookie_name} + "=" + new_token()
                           + cookie_attributes(ctx, req, false));
}

std::string cookie_attributes(const server_context& ctx,
                              const request_view& req, bool http_only) {
  std::string out = "; Path=/";
  if (http_only)
    out += "; HttpOnly";
  out += "; SameSite=Lax";
  if (is_https(ctx, req))
    out += "; Secure";
  return out;
}

} // namespace dash::http
