// tests/http/logging_test.cpp
// Unit tests for the JSON log line: fields a message mentions become
// fields of the object; quotes and control characters stay valid JSON.
#include "http/logging.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

using dash::http::json_log_line;

TEST_CASE("a JSON log line carries request, callback and session fields",
          "[http][unit]") {
  auto line = json_log_line(
    "2026-01-01T00:00:00.000Z", "error", "actors",
    R"(callback threw request=r12 callback=boom.children error="a "b"")");
  auto o = boost::json::parse(line).as_object();
  CHECK(o.at("time") == "2026-01-01T00:00:00.000Z");
  CHECK(o.at("level") == "error");
  CHECK(o.at("logger") == "actors");
  CHECK(o.at("request") == "r12");
  CHECK(o.at("callback") == "boom.children");
  CHECK_FALSE(o.contains("session"));
  CHECK(o.at("msg").as_string().find("error=") != boost::json::string::npos);
}

TEST_CASE("a JSON log line escapes control characters and ignores '-'",
          "[http][unit]") {
  auto line = json_log_line("t", "info", "http",
                            "GET /\n\t\x01 session=- request=r1");
  auto o = boost::json::parse(line).as_object();
  CHECK(o.at("msg") == "GET /\n\t\x01 session=- request=r1");
  CHECK_FALSE(o.contains("session"));
  CHECK(o.at("request") == "r1");
  CHECK(line.find('\n') == std::string::npos);
}
