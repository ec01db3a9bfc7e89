// tests/http/security_headers_test.cpp
// Unit tests for http/security_headers: the headers every answer gets, the
// frame policy, and CSP hashes as browsers compute them.
#include "http/security_headers.hpp"

#include <string>

#include <catch2/catch.hpp>

#include "http/responses.hpp"
#include "tests/http/http_test_kit.hpp"

using dash::http::add_security_headers;
using dash::http::content_security_policy;
using dash::http::csp_hash;
using dash::http::html_reply;
using dash::http::json_reply;
using dash::http::server_context;
using dash::http::test::header_of;

TEST_CASE("security headers on every answer, frame policy on pages",
          "[http][security_headers]") {
  server_context ctx;
  auto json = json_reply("{}");
  add_security_headers(ctx, json, false);
  CHECK(header_of(json, "X-Content-Type-Options") == "nosniff");
  CHECK(header_of(json, "Referrer-Policy") == "same-origin");
  CHECK_FALSE(header_of(json, "X-Frame-Options"));
  auto page = html_reply("<p>");
  add_security_headers(ctx, page, false);
  CHECK(header_of(page, "X-Frame-Options") == "SAMEORIGIN");
  ctx.settings.frame_ancestors = "'none'";
  auto denied = html_reply("<p>");
  add_security_headers(ctx, denied, false);
  CHECK(header_of(denied, "X-Frame-Options") == "DENY");
  ctx.settings.frame_ancestors = "https://portal.example";
  auto other = html_reply("<p>");
  add_security_headers(ctx, other, false);
  CHECK_FALSE(header_of(other, "X-Frame-Options"));
  // Set twice is set once.
  add_security_headers(ctx, other, false);
  CHECK(other.headers.size() == 2);
  CHECK_FALSE(header_of(other, "Strict-Transport-Security"));
  auto secure = json_reply("{}");
  add_security_headers(ctx, secure, true);
  CHECK(header_of(secure, "Strict-Transport-Security")
        == "max-age=31536000");
  ctx.settings.hsts_max_age_s = 0;
  auto no_hsts = json_reply("{}");
  add_security_headers(ctx, no_hsts, true);
  CHECK_FALSE(header_of(no_hsts, "Strict-Transport-Security"));
}

TEST_CASE("csp hashes match the browser's sha256 of the script text",
          "[http][security_headers]") {
  // printf 'var renderer = new DashRenderer();' | openssl dgst -sha256
  //   -binary | base64
  CHECK(csp_hash("var renderer = new DashRenderer();")
        == "'sha256-jZlsGVOhUAIcH+4PVs7QuGZkthRMgvT2n0ilH6/zTM0='");
  CHECK(csp_hash("") == "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
}

TEST_CASE("the page's policy: hashes, no unsafe-inline scripts",
          "[http][security_headers]") {
  server_context ctx;
  auto csp = content_security_policy(ctx, {"'sha256-a'", "'sha256-b'"},
                                     {"https://cdn.example"});
  CHECK(csp.find("script-src 'self' https://cdn.example 'sha256-a' "
                 "'sha256-b';")
        != std::string::npos);
  CHECK(csp.find("frame-ancestors 'self'") != std::string::npos);
  CHECK(csp.find("object-src 'none'") != std::string::npos);
  auto scripts = csp.substr(csp.find("script-src"));
  scripts = scripts.substr(0, scripts.find(';'));
  CHECK(scripts.find("unsafe") == std::string::npos);
}
