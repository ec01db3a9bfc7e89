// tests/actors/session_value_cache_test.cpp
// The worker's session-value cache: a value is served only for its own
// session and name, never after the session's expiry, a restarted
// session's older values are dropped, and the bound holds.
#include "actors/callbacks/session_value_cache.hpp"

#include <memory>
#include <string>

#include <catch2/catch.hpp>

using dash::actors::session_value_cache;
namespace json = dash::json;

namespace {

session_value_cache::value_ptr value_of(const char* text) {
  return std::make_shared<const json::value>(json::string{text});
}

const std::string alice = "alice-session-id";
const std::string bob = "bob-session-id";

} // namespace

TEST_CASE("session value cache: serves a value only to its own session",
          "[actors][unit][session_value_cache]") {
  session_value_cache cache{16};
  auto mine = value_of("alice's rows");
  cache.put(alice, "df", mine, 1000, 0);
  CHECK(cache.find(alice, "df", 10) == mine);
  CHECK(cache.find(bob, "df", 10) == nullptr);
  CHECK(cache.find(alice, "other", 10) == nullptr);
  // An id that only starts like another one is another session.
  CHECK(cache.find(alice.substr(0, 5), "df", 10) == nullptr);
  CHECK(cache.find(alice + "x", "df", 10) == nullptr);

  auto theirs = value_of("bob's rows");
  cache.put(bob, "df", theirs, 1000, 0);
  CHECK(cache.find(alice, "df", 10) == mine);
  CHECK(cache.find(bob, "df", 10) == theirs);
  CHECK(cache.size() == 2);
}

TEST_CASE("session value cache: an expired session is refused even if "
          "cached",
          "[actors][unit][session_value_cache]") {
  session_value_cache cache{16};
  cache.put(alice, "df", value_of("rows"), 1000, 0);
  cache.put(alice, "other", value_of("more"), 1000, 0);
  CHECK(cache.find(alice, "df", 999) != nullptr);
  CHECK(cache.find(alice, "df", 1000) == nullptr);
  CHECK(cache.size() == 0); // every value of the session went with it
  CHECK(cache.find(alice, "other", 10) == nullptr);
}

TEST_CASE("session value cache: unknown or past expiry is not kept",
          "[actors][unit][session_value_cache]") {
  session_value_cache cache{16};
  cache.put(alice, "df", value_of("rows"), 0, 0); // from a remote node
  cache.put(bob, "df", value_of("rows"), 500, 500);
  cache.put(bob, "x", nullptr, 1000, 0);
  CHECK(cache.size() == 0);
  session_value_cache off{0};
  off.put(alice, "df", value_of("rows"), 1000, 0);
  CHECK(off.find(alice, "df", 1) == nullptr);
}

TEST_CASE("session value cache: a session that started anew replaces its "
          "old values; a stale answer does not",
          "[actors][unit][session_value_cache]") {
  session_value_cache cache{16};
  auto old_df = value_of("old");
  cache.put(alice, "df", old_df, 1000, 0);
  cache.put(alice, "other", value_of("old other"), 1000, 0);
  auto new_df = value_of("new");
  cache.put(alice, "df", new_df, 2000, 1500);
  CHECK(cache.find(alice, "df", 1600) == new_df);
  CHECK(cache.find(alice, "other", 1600) == nullptr);
  cache.put(alice, "df", old_df, 1000, 900); // late answer of the old life
  CHECK(cache.find(alice, "df", 950) == new_df);
  CHECK(cache.size() == 1);
}

TEST_CASE("session value cache: holds at most its bound, dropping the least "
          "recently used session",
          "[actors][unit][session_value_cache]") {
  session_value_cache cache{2};
  cache.put("s1", "df", value_of("1"), 1000, 0);
  cache.put("s2", "df", value_of("2"), 1000, 0);
  CHECK(cache.find("s1", "df", 1) != nullptr); // s2 is now the oldest
  cache.put("s3", "df", value_of("3"), 1000, 0);
  CHECK(cache.size() == 2);
  CHECK(cache.find("s2", "df", 1) == nullptr);
  CHECK(cache.find("s1", "df", 1) != nullptr);
  CHECK(cache.find("s3", "df", 1) != nullptr);
  for (int i = 0; i < 100; ++i)
    cache.put("s" + std::to_string(i), "df", value_of("v"), 1000, 0);
  CHECK(cache.size() == 2);
}
