// tests/http/csrf_test.cpp
// Unit tests for http/csrf: the token and Origin/Referer checks, the cookie
// and its attributes, trust-proxy, and the switch that turns it off.
#include "http/csrf.hpp"

#include <optional>
#include <string>

#include <catch2/catch.hpp>

#include "http/session_cookie.hpp"
#include "tests/http/http_test_kit.hpp"

using dash::http::check_csrf;
using dash::http::cookie_attributes;
using dash::http::ensure_csrf_cookie;
using dash::http::find_cookie;
using dash::http::is_https;
using dash::http::reply;
using dash::http::request_view;
using dash::http::served_origin;
using dash::http::server_context;
using dash::http::test::body_of;
using dash::http::test::server_fixture;
using dash::json::parse;
using dash::json::value;

namespace {

constexpr std::string_view token = server_fixture::token;
constexpr std::string_view cookie = server_fixture::token_cookie;

/// A POST as the renderer sends it from http://127.0.0.1:8050.
request_view good() {
  return request_view{.method = "POST",
                      .target = "/_dash-update-component",
                      .cookie = cookie,
                      .request_id = "c1",
                      .host = "127.0.0.1:8050",
                      .origin = "http://127.0.0.1:8050",
                      .csrf_token = token};
}

std::string refusal(const std::optional<reply>& r) {
  REQUIRE(r);
  CHECK(r->status == 403);
  return parse(body_of(*r)).at("error").as_string().c_str();
}

} // namespace

TEST_CASE("csrf: the renderer's request passes", "[http][csrf]") {
  server_context ctx;
  CHECK_FALSE(check_csrf(ctx, good()));
  auto no_origin = good();
  no_origin.origin = {};
  CHECK_FALSE(check_csrf(ctx, no_origin)); // not a browser: token only
  auto by_referer = good();
  by_referer.origin = {};
  by_referer.referer = "http://127.0.0.1:8050/a/b?c=d";
  CHECK_FALSE(check_csrf(ctx, by_referer));
  auto upper = good();
  upper.origin = "HTTP://127.0.0.1:8050";
  CHECK_FALSE(check_csrf(ctx, upper));
}

TEST_CASE("csrf: a missing or wrong token is refused, naming the check",
          "[http][csrf]") {
  server_context ctx;
  auto r = good();
  r.cookie = {};
  CHECK(refusal(check_csrf(ctx, r)) == "csrf_cookie_missing");
  r = good();
  r.csrf_token = {};
  CHECK(refusal(check_csrf(ctx, r)) == "csrf_token_missing");
  r = good();
  r.csrf_token = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPR";
  CHECK(refusal(check_csrf(ctx, r)) == "csrf_token_mismatch");
  r = good();
  r.cookie = "_csrf_token=short";
  r.csrf_token = "short";
  CHECK(refusal(check_csrf(ctx, r)) == "csrf_token_mismatch");
  r = good();
  r.csrf_token = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ ";
  CHECK_FALSE(check_csrf(ctx, r)); // header whitespace is not content
}

TEST_CASE("csrf: a foreign Origin or Referer is refused even with the token",
          "[http][csrf]") {
  server_context ctx;
  for (std::string_view o : {"https://evil.example", "null",
                             "http://127.0.0.1:8051",
                             "https://127.0.0.1:8050", "http://localhost:8050",
                             "http://127.0.0.1:8050.evil.example"}) {
    auto r = good();
    r.origin = o;
    CHECK(refusal(check_csrf(ctx, r)) == "origin_not_allowed");
  }
  auto r = good();
  r.origin = {};
  r.referer = "https://evil.example/http://127.0.0.1:8050/";
  CHECK(refusal(check_csrf(ctx, r)) == "origin_not_allowed");
  r.referer = "not a url";
  CHECK(refusal(check_csrf(ctx, r)) == "origin_not_allowed");
  auto no_host = good();
  no_host.host = {};
  CHECK(refusal(check_csrf(ctx, no_host)) == "origin_not_allowed");
}

TEST_CASE("csrf: allowed-origins, trust-proxy and the off switch",
          "[http][csrf]") {
  server_context ctx;
  ctx.settings.allowed_origins = " https://a.example/ ,https://B.example";
  auto r = good();
  r.origin = "https://a.example";
  CHECK_FALSE(check_csrf(ctx, r));
  r.origin = "https://b.example";
  CHECK_FALSE(check_csrf(ctx, r));
  r.origin = "https://c.example";
  CHECK(refusal(check_csrf(ctx, r)) == "origin_not_allowed");

  r = good();
  r.forwarded_proto = "https";
  r.forwarded_host = "dash.example.org";
  r.origin = "https://dash.example.org";
  CHECK(refusal(check_csrf(ctx, r)) == "origin_not_allowed");
  CHECK_FALSE(is_https(ctx, r));
  ctx.settings.trust_proxy = true;
  CHECK_FALSE(check_csrf(ctx, r));
  CHECK(is_https(ctx, r));
  CHECK(served_origin(ctx, r) == "https://dash.example.org");

  ctx.settings.csrf = false;
  CHECK_FALSE(check_csrf(ctx, request_view{.method = "POST"}));
}

TEST_CASE("csrf: the page sets a fresh readable token cookie once",
          "[http][csrf]") {
  server_context ctx;
  reply r;
  ensure_csrf_cookie(ctx, request_view{.host = "h"}, r);
  REQUIRE(r.headers.size() == 1);
  CHECK(r.headers[0].first == "Set-Cookie");
  auto set = r.headers[0].second;
  auto value = find_cookie(set.substr(0, set.find(';')), "_csrf_token");
  CHECK(value.size() == 43);
  CHECK(set.find("HttpOnly") == std::string::npos);
  CHECK(set.find("; Path=/; SameSite=Lax") != std::string::npos);
  CHECK(set.find("Secure") == std::string::npos);
  reply again;
  ensure_csrf_cookie(ctx, request_view{.cookie = cookie}, again);
  CHECK(again.headers.empty());
  reply other;
  ensure_csrf_cookie(ctx, request_view{.host = "h"}, other);
  CHECK(other.headers[0].second != set); // random per issue

  request_view tls{.tls = true};
  CHECK(cookie_attributes(ctx, tls, true)
        == "; Path=/; HttpOnly; SameSite=Lax; Secure");
  ctx.settings.csrf = false;
  reply off;
  ensure_csrf_cookie(ctx, request_view{}, off);
  CHECK(off.headers.empty());
}
