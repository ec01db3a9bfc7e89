// tests/model/errors_test.cpp
// Unit tests for model/errors: the stable names of error codes and the
// exception types users and clients meet.
#include "model/errors.hpp"

#include <stdexcept>
#include <string>

#include <catch2/catch.hpp>

using dash::errc;

TEST_CASE("every error code has a stable name", "[model][unit]") {
  CHECK(std::string{to_string(errc::none)} == "none");
  CHECK(std::string{to_string(errc::bad_request)} == "bad_request");
  CHECK(std::string{to_string(errc::unknown_callback)} == "unknown_callback");
  CHECK(std::string{to_string(errc::callback_failed)} == "callback_failed");
  CHECK(std::string{to_string(errc::worker_lost)} == "worker_lost");
  CHECK(std::string{to_string(errc::forbidden)} == "forbidden");
  CHECK(std::string{to_string(errc::unavailable)} == "unavailable");
  CHECK(std::string{to_string(errc::overloaded)} == "overloaded");
  CHECK(std::string{to_string(errc::timeout)} == "timeout");
  CHECK(std::string{to_string(errc::internal)} == "internal");
}

TEST_CASE("user and client mistakes are invalid_argument", "[model][unit]") {
  CHECK_THROWS_AS(throw dash::registration_error{"r"}, std::invalid_argument);
  CHECK_THROWS_AS(throw dash::request_error{"q"}, std::invalid_argument);
  CHECK_THROWS_WITH(throw dash::argument_error{"a"}, "a");
}

TEST_CASE("prevent_update is not a std::logic or runtime error",
          "[model][unit]") {
  dash::prevent_update p;
  const std::exception& e = p;
  CHECK(std::string{e.what()} == "prevent_update");
  CHECK(dynamic_cast<const std::runtime_error*>(&e) == nullptr);
  CHECK(dynamic_cast<const std::logic_error*>(&e) == nullptr);
}
