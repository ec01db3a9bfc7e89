// tests/actors/lent_keys_test.cpp
// actors/cluster/lent_keys: the endpoint's record of which members hold
// near copies of which keys, by simulated time: grouped notices, holders
// forgotten after the hold or past the key bound, nothing kept without one.
#include "actors/cluster/lent_keys.hpp"

#include <chrono>
#include <string>
#include <vector>

#include <caf/all.hpp>
#include <catch2/catch.hpp>

#include "tests/actors/actor_test_kit.hpp"

using namespace dash::actors;
using namespace std::chrono_literals;

namespace {

struct lent_fixture {
  caf::actor_system_config cfg;
  caf::actor_system sys{test::small_config(cfg)};
  lent_keys::clock::time_point t0 = lent_keys::clock::now();

  /// A stand-in handle; the registry only compares and returns it.
  remote_node_actor holder() {
    auto a = sys.spawn([](caf::event_based_actor* self, int) -> caf::behavior {
      return {[self](int) { self->quit(); }};
    }, 0);
    caf::anon_send(a, 0); // it ends; the handle stays comparable
    return caf::actor_cast<remote_node_actor>(a);
  }
};

std::vector<std::string> keys_for(const lent_keys::notices& n,
                                  const remote_node_actor& h) {
  for (const auto& [who, keys] : n)
    if (who == h)
      return keys;
  return {};
}

} // namespace

TEST_CASE_METHOD(lent_fixture,
                 "lent keys: each holder hears of the keys it fetched, once",
                 "[actors][unit][cluster]") {
  lent_keys lent{1000ms, 100};
  auto a = holder();
  auto b = holder();
  lent.lend("k1", a, t0);
  lent.lend("k1", b, t0);
  lent.lend("k1", a, t0 + 1ms); // again: one notice still
  lent.lend("k2", a, t0);
  auto n = lent.take({"k1", "k2", "k3"}, t0 + 10ms);
  CHECK(n.size() == 2);
  CHECK(keys_for(n, a) == std::vector<std::string>{"k1", "k2"});
  CHECK(keys_for(n, b) == std::vector<std::string>{"k1"});
  CHECK(lent.take({"k1", "k2"}, t0 + 20ms).empty());
  CHECK(lent.size() == 0);
}

TEST_CASE_METHOD(lent_fixture,
                 "lent keys: a holder is forgotten after the hold, unless it "
                 "fetched again",
                 "[actors][unit][cluster]") {
  lent_keys lent{1000ms, 100};
  auto a = holder();
  lent.lend("old", a, t0);
  lent.lend("fresh", a, t0);
  lent.lend("fresh", a, t0 + 900ms);
  auto n = lent.take({"old", "fresh"}, t0 + 1500ms);
  CHECK(keys_for(n, a) == std::vector<std::string>{"fresh"});
}

TEST_CASE_METHOD(lent_fixture,
                 "lent keys: past the key bound the oldest loans go; a zero "
                 "hold keeps none",
                 "[actors][unit][cluster]") {
  lent_keys lent{1000ms, 2};
  auto a = holder();
  lent.lend("k1", a, t0);
  lent.lend("k2", a, t0 + 1ms);
  lent.lend("k3", a, t0 + 2ms);
  CHECK(lent.size() == 2);
  auto n = lent.take({"k1", "k2", "k3"}, t0 + 3ms);
  CHECK(keys_for(n, a) == std::vector<std::string>{"k2", "k3"});

  lent_keys none{0ms, 100};
  none.lend("k1", a, t0);
  CHECK(none.size() == 0);
  CHECK(none.take({"k1"}, t0).empty());
}
