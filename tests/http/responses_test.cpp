// tests/http/responses_test.cpp
// Unit tests for http/responses: JSON error bodies, error-to-status, and
// static file replies (ETag, 304, gzip, caching).
#include "http/responses.hpp"

#include <memory>
#include <string>
#include <string_view>

#include <catch2/catch.hpp>

#include "http/static_file.hpp"
#include "tests/http/http_test_kit.hpp"

using dash::errc;
using dash::http::file_reply;
using dash::http::html_reply;
using dash::http::json_error;
using dash::http::json_reply;
using dash::http::no_content;
using dash::http::request_view;
using dash::http::static_file;
using dash::http::status_of;
using dash::http::test::body_of;
using dash::http::test::header_of;
using dash::json::parse;

namespace {

std::string big_script() {
  std::string js;
  for (int i = 0; i < 400; ++i)
    js += "console.log('line " + std::to_string(i) + "');\n";
  return js;
}

request_view get(std::string_view accept_encoding = {},
                 std::string_view if_none_match = {}) {
  return request_view{.method = "GET",
                      .target = "/x.js",
                      .accept_encoding = accept_encoding,
                      .if_none_match = if_none_match,
                      .request_id = "r9"};
}

} // namespace

TEST_CASE("status_of maps every error code", "[http][unit]") {
  CHECK(status_of(errc::none) == 200);
  CHECK(status_of(errc::bad_request) == 400);
  CHECK(status_of(errc::unknown_callback) == 404);
  CHECK(status_of(errc::callback_failed) == 500);
  CHECK(status_of(errc::worker_lost) == 500);
  CHECK(status_of(errc::forbidden) == 403);
  CHECK(status_of(errc::unavailable) == 503);
  CHECK(status_of(errc::overloaded) == 503);
  CHECK(status_of(errc::timeout) == 504);
  CHECK(status_of(errc::internal) == 500);
}

TEST_CASE("json_error carries code, message and request id", "[http][unit]") {
  auto r = json_error(418, "teapot", "short \"and\" stout", "r1");
  CHECK(r.status == 418);
  CHECK(r.content_type == "application/json");
  CHECK(parse(body_of(r)) == parse(R"({"error":"teapot",
    "message":"short \"and\" stout","request_id":"r1"})"));
}

TEST_CASE("json, html and empty replies", "[http][unit]") {
  auto j = json_reply("[1]");
  CHECK(j.status == 200);
  CHECK(j.content_type == "application/json");
  CHECK(body_of(j) == "[1]");
  auto h = html_reply("<p>");
  CHECK(h.content_type == "text/html; charset=utf-8");
  CHECK(body_of(h) == "<p>");
  auto n = no_content();
  CHECK(n.status == 204);
  CHECK(n.body == nullptr);
}

TEST_CASE("file_reply sends bytes with ETag and no-cache", "[http][unit]") {
  static_file f{"text/css; charset=utf-8", "a{}"};
  auto r = file_reply(f, get(), false);
  CHECK(r.status == 200);
  CHECK(r.content_type == "text/css; charset=utf-8");
  CHECK(r.body == f.bytes()); // shared, not copied
  CHECK(header_of(r, "ETag") == f.etag());
  CHECK(header_of(r, "Cache-Control") == "no-cache");
  CHECK(header_of(r, "Vary") == "Accept-Encoding");
  CHECK_FALSE(header_of(r, "Content-Encoding"));
}

TEST_CASE("file_reply answers 304 when the ETag matches", "[http][unit]") {
  static_file f{"application/javascript", big_script()};
  auto r = file_reply(f, get({}, f.etag()), true);
  CHECK(r.status == 304);
  CHECK(r.body == nullptr);
  CHECK(header_of(r, "ETag") == f.etag());
  CHECK(header_of(r, "Cache-Control") == "public, max-age=31536000, immutable");
  auto other = file_reply(f, get({}, "\"other\""), true);
  CHECK(other.status == 200);
  CHECK(body_of(other) == big_script());
}

TEST_CASE("If-None-Match may be weak, a list, or *", "[http][unit]") {
  static_file f{"text/css; charset=utf-8", "a{}"};
  auto weak = "W/" + f.etag();
  auto list = "\"x\", " + f.etag() + " , \"y\"";
  CHECK(file_reply(f, get({}, weak), false).status == 304);
  CHECK(file_reply(f, get({}, list), false).status == 304);
  CHECK(file_reply(f, get({}, "*"), false).status == 304);
  CHECK(file_reply(f, get({}, "\"x\", \"y\""), false).status == 200);
}

TEST_CASE("file_reply gzips a large script when the client accepts it",
          "[http][unit]") {
  static_file f{"application/javascript", big_script()};
  auto z = file_reply(f, get("gzip, deflate, br"), true);
  CHECK(z.status == 200);
  CHECK(z.content_type == "application/javascript");
  CHECK(header_of(z, "Content-Encoding") == "gzip");
  CHECK(header_of(z, "Cache-Control") == "public, max-age=31536000, immutable");
  REQUIRE(z.body != nullptr);
  CHECK(z.body == f.gzipped());
  CHECK(z.body->size() < big_script().size());
  auto plain = file_reply(f, get("identity"), true);
  CHECK_FALSE(header_of(plain, "Content-Encoding"));
  CHECK(body_of(plain) == big_script());
}

TEST_CASE("the gzip copy has an ETag of its own", "[http][unit]") {
  static_file f{"application/javascript", big_script()};
  auto z = file_reply(f, get("gzip"), true);
  auto gz_etag = header_of(z, "ETag");
  REQUIRE(gz_etag);
  CHECK(*gz_etag != f.etag());
  // Revalidating the gzip copy matches; the plain ETag does not.
  CHECK(file_reply(f, get("gzip", *gz_etag), true).status == 304);
  CHECK(file_reply(f, get("gzip", f.etag()), true).status == 200);
  CHECK(file_reply(f, get({}, *gz_etag), true).status == 200);
}

TEST_CASE("gzip with q=0 is refused, * allows it", "[http][unit]") {
  static_file f{"application/javascript", big_script()};
  CHECK_FALSE(
    header_of(file_reply(f, get("gzip;q=0"), true), "Content-Encoding"));
  CHECK_FALSE(
    header_of(file_reply(f, get("br, gzip; q=0.0"), true), "Content-Encoding"));
  CHECK(header_of(file_reply(f, get("gzip;q=0.5"), true), "Content-Encoding")
        == "gzip");
  CHECK(header_of(file_reply(f, get("*"), true), "Content-Encoding") == "gzip");
  CHECK_FALSE(
    header_of(file_reply(f, get("*, gzip;q=0"), true), "Content-Encoding"));
  CHECK_FALSE(
    header_of(file_reply(f, get("deflate, br"), true), "Content-Encoding"));
}

TEST_CASE("file_reply does not gzip a small file", "[http][unit]") {
  static_file f{"application/javascript", "var a;"};
  auto r = file_reply(f, get("gzip"), false);
  CHECK_FALSE(header_of(r, "Content-Encoding"));
  CHECK(body_of(r) == "var a;");
}
