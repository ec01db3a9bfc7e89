// tests/actors/messages_test.cpp
// The messages between actors are values: each serializes and reads back
// (as it would to cross nodes) with what a receiver needs, and a shared
// value read as the wrong type is an error, not a blind cast.
#include "actors/core/messages.hpp"

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <caf/all.hpp>
#include <catch2/catch.hpp>

#include "model/shared_value.hpp"

using namespace dash::actors;
using dash::errc;
using dash::model::shared_value;

namespace {

/// `x` written by CAF's binary serializer and read back into a fresh T.
template <class T>
T round_trip(caf::actor_system& sys, T x) {
  std::vector<char> buf;
  caf::binary_serializer sink{sys, buf};
  REQUIRE_FALSE(sink(x));
  T y;
  caf::binary_deserializer source{sys, buf};
  REQUIRE_FALSE(source(y));
  return y;
}

struct system_fixture {
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
};

} // namespace

TEST_CASE_METHOD(system_fixture,
                 "a memo reply crosses as its encoded form, with its error",
                 "[actors][unit]") {
  memo_reply r;
  r.value = shared_value::of(std::make_shared<const int>(7));
  r.wire = std::make_shared<const std::string>("7");
  r.bytes = 1;
  r.cacheable = false;
  auto back = round_trip(sys, r);
  REQUIRE(back.wire);
  CHECK(*back.wire == "7");
  CHECK(back.bytes == 1);
  CHECK_FALSE(back.cacheable);
  CHECK_FALSE(back.value); // the receiver decodes the wire form
  memo_reply failed;
  failed.error = "memoized function f raised: boom";
  auto back2 = round_trip(sys, failed);
  CHECK(back2.error == failed.error);
  CHECK_FALSE(back2.wire);
}

TEST_CASE_METHOD(system_fixture,
                 "a session reply carries its JSON value and error code",
                 "[actors][unit]") {
  session_reply r;
  r.value = std::make_shared<const dash::json::value>(
    dash::json::parse(R"({"rows":[1,2.5,"x"]})"));
  r.expires_ms = 1'800'000'000'000;
  auto back = round_trip(sys, r);
  REQUIRE(back.value);
  CHECK(*back.value == *r.value);
  CHECK(back.code == errc::none);
  CHECK(back.expires_ms == r.expires_ms);
  session_reply refused{nullptr, "not this browser's session",
                        errc::forbidden};
  auto back2 = round_trip(sys, refused);
  CHECK_FALSE(back2.value);
  CHECK(back2.code == errc::forbidden);
  CHECK(back2.error == refused.error);
}

TEST_CASE_METHOD(system_fixture, "stats and store answers round-trip",
                 "[actors][unit]") {
  memo_stats s;
  s.function = "global_store";
  s.hits = 3;
  s.coalesced = 2;
  s.bytes = 1024;
  auto back = round_trip(sys, std::vector<memo_stats>{s});
  REQUIRE(back.size() == 1);
  CHECK(back[0].function == "global_store");
  CHECK(back[0].hits == 3);
  CHECK(back[0].coalesced == 2);
  CHECK(back[0].bytes == 1024);
  auto l = round_trip(sys, load_reply{true, "blob", ""});
  CHECK(l.found);
  CHECK(l.blob == "blob");
}

TEST_CASE("a shared value is read only as the type it holds",
          "[actors][unit]") {
  auto v = shared_value::of(std::make_shared<const std::string>("x"));
  CHECK(v.holds<std::string>());
  CHECK_FALSE(v.holds<int>());
  CHECK(*v.as<std::string>() == "x");
  CHECK_THROWS_AS(v.as<int>(), std::logic_error);
  CHECK_FALSE(shared_value{}.as<int>());
}
