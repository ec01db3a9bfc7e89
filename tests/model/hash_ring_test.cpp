// tests/model/hash_ring_test.cpp
// The consistent-hash ring: the same answer whatever the member order,
// keys spread over every member, and a membership change moves only the
// keys of the member that joined or left.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "model/hash_ring.hpp"

using dash::model::hash_ring;

namespace {

std::vector<std::string> keys(int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i)
    out.push_back("global_store\x1f[\"value-" + std::to_string(i) + "\"]");
  return out;
}

} // namespace

TEST_CASE("the owner of a key does not depend on the member order",
          "[hash_ring]") {
  hash_ring a{{"n1", "n2", "n3"}, 64};
  hash_ring b{{"n3", "n1", "n2"}, 64};
  for (const auto& k : keys(500))
    CHECK(a.owner_name(k) == b.owner_name(k));
}

TEST_CASE("keys spread over every member", "[hash_ring]") {
  hash_ring ring{{"n1", "n2", "n3"}, 64};
  std::map<std::string, int> count;
  for (const auto& k : keys(3000))
    ++count[ring.owner_name(k)];
  REQUIRE(count.size() == 3);
  for (const auto& [name, n] : count) {
    INFO(name << " owns " << n);
    CHECK(n > 600); // a fair share is 1000
    CHECK(n < 1400);
  }
}

TEST_CASE("a member leaving moves only its own keys", "[hash_ring]") {
  hash_ring three{{"n1", "n2", "n3"}, 64};
  hash_ring two{{"n1", "n3"}, 64};
  int moved = 0;
  for (const auto& k : keys(2000)) {
    auto before = three.owner_name(k);
    auto after = two.owner_name(k);
    if (before != "n2")
      CHECK(after == before);
    else
      ++moved;
  }
  CHECK(moved > 0);
}

TEST_CASE("a member joining takes keys only for itself", "[hash_ring]") {
  hash_ring two{{"n1", "n2"}, 64};
  hash_ring three{{"n1", "n2", "n3"}, 64};
  for (const auto& k : keys(2000)) {
    auto after = three.owner_name(k);
    if (after != "n3")
      CHECK(after == two.owner_name(k));
  }
}

TEST_CASE("a ring refuses no members and repeated names", "[hash_ring]") {
  CHECK_THROWS_AS(hash_ring({}, 8), std::invalid_argument);
  CHECK_THROWS_AS(hash_ring({"a", "a"}, 8), std::invalid_argument);
  CHECK_THROWS_AS(hash_ring({"a"}, 0), std::invalid_argument);
  hash_ring one{{"only"}, 1};
  CHECK(one.owner_name("anything") == "only");
}
