// tests/actors/near_cache_test.cpp
// The near cache alone: leases, and least-recently-used eviction by the
// entry and byte bounds. Time is passed in; nothing sleeps.
#include "actors/cluster/near_cache.hpp"

#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "model/shared_value.hpp"

using namespace dash::actors;
using namespace std::chrono_literals;

namespace {

memo_reply value_of(const std::string& text) {
  memo_reply r;
  r.value = dash::model::shared_value::of(
    std::make_shared<const std::string>(text));
  return r;
}

std::string text_at(near_cache& c, const std::string& key,
                    near_cache::clock::time_point now) {
  const auto* r = c.find(key, now);
  if (!r)
    return "<none>";
  auto s = r->value.as<std::string>();
  return s ? *s : "<no string>";
}

const auto t0 = near_cache::clock::time_point{} + 1h;

} // namespace

TEST_CASE("a near copy is served until its lease ends",
          "[actors][near_cache]") {
  near_cache c{{8, 1000, 500ms}};
  c.put("k", value_of("v"), 10, t0 + 500ms);
  CHECK(text_at(c, "k", t0) == "v");
  CHECK(text_at(c, "k", t0 + 499ms) == "v");
  CHECK(text_at(c, "k", t0 + 500ms) == "<none>");
  CHECK(c.size() == 0);
  CHECK(c.bytes() == 0);
  CHECK(c.dropped().expirations == 1);
  CHECK(text_at(c, "other", t0) == "<none>");
}

TEST_CASE("the entry bound evicts the least recently used",
          "[actors][near_cache]") {
  near_cache c{{2, 1000, 1s}};
  c.put("a", value_of("A"), 1, t0 + 1s);
  c.put("b", value_of("B"), 1, t0 + 1s);
  REQUIRE(text_at(c, "a", t0) == "A"); // b is now the least recent
  c.put("c", value_of("C"), 1, t0 + 1s);
  CHECK(c.size() == 2);
  CHECK(text_at(c, "b", t0) == "<none>");
  CHECK(text_at(c, "a", t0) == "A");
  CHECK(text_at(c, "c", t0) == "C");
  CHECK(c.dropped().evictions == 1);
}

TEST_CASE("the byte bound evicts the least recently used, and a value "
          "bigger than it is not kept",
          "[actors][near_cache]") {
  near_cache c{{100, 100, 1s}};
  c.put("a", value_of("A"), 40, t0 + 1s);
  c.put("b", value_of("B"), 40, t0 + 1s);
  c.put("c", value_of("C"), 40, t0 + 1s); // 120 > 100: a goes
  CHECK(c.size() == 2);
  CHECK(c.bytes() == 80);
  CHECK(text_at(c, "a", t0) == "<none>");
  c.put("huge", value_of("H"), 101, t0 + 1s);
  CHECK(text_at(c, "huge", t0) == "<none>");
  CHECK(c.size() == 2);
  // Putting a key again replaces it (its bytes are not counted twice).
  c.put("b", value_of("B2"), 50, t0 + 1s);
  CHECK(c.bytes() == 90);
  CHECK(text_at(c, "b", t0) == "B2");
  CHECK(c.clear() == 2);
  CHECK(c.bytes() == 0);
}

TEST_CASE("a zero bound or lease turns the near cache off",
          "[actors][near_cache]") {
  for (auto limits : {near_cache_limits{0, 100, 1s},
                      near_cache_limits{10, 0, 1s},
                      near_cache_limits{10, 100, 0ms}}) {
    near_cache c{limits};
    CHECK_FALSE(c.limits().enabled());
    c.put("a", value_of("A"), 1, t0 + 1s);
    CHECK(c.size() == 0);
  }
}
