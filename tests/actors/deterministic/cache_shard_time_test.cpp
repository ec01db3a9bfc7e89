// tests/actors/deterministic/cache_shard_time_test.cpp
// actors/cache/cache_shard on the test coordinator, in simulated time: an
// entry expires exactly at its TTL; the sweep (each second) drops expired
// entries and fails computations past their timeout without a fetch.
#include "actors/cache/cache_shard.hpp"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <caf/all.hpp>
#include <catch2/catch.hpp>

#include "actors/cache/memo_source.hpp"
#include "actors/core/messages.hpp"
#include "model/memo.hpp"
#include "tests/actors/cache_test_kit.hpp"
#include "tests/actors/deterministic/coordinator_fixture.hpp"

using namespace dash::actors;
using namespace dash::actors::deterministic;
using namespace dash::actors::cache_test;
using std::chrono::milliseconds;

namespace {

/// One shard on the test coordinator; its memo sources answer on the
/// shard's own thread (manual_source), so nothing runs but what the test
/// steps.
struct shard_time_fixture : coordinator_fixture {
  dash::actors::cache_shard_actor shard;

  void start(memo_sources sources) {
    shard = sys.spawn(cache_shard, std::size_t{1},
                      std::make_shared<const memo_sources>(std::move(sources)),
                      std::shared_ptr<const placement>{}, quiet_logger());
    owned.push_back(caf::actor_cast<caf::actor>(shard));
    run();
  }

  std::shared_ptr<probe_result<memo_reply>> fetch(const std::string& fn,
                                                  const std::string& args) {
    auto r = ask<memo_reply>(shard, fetch_atom_v, memo_request{fn, args});
    run();
    return r;
  }

  std::optional<memo_stats> stats_of(const std::string& fn) {
    auto r = ask<std::vector<memo_stats>>(shard, stats_atom_v);
    run();
    if (r->value)
      for (const auto& s : *r->value)
        if (s.function == fn)
          return s;
    return std::nullopt;
  }
};

manual_source instant_source() {
  return manual_source{[](const memo_request& r) {
    return text_reply("v:" + r.args, 10);
  }};
}

} // namespace

TEST_CASE_METHOD(shard_time_fixture,
                 "cache shard: an entry is a hit until its ttl has passed, "
                 "then computed again",
                 "[actors][unit][cache][deterministic]") {
  auto src = instant_source();
  dash::model::memo_options o;
  o.ttl = milliseconds(150);
  start({{"f", src.make(o)}});
  auto first = fetch("f", "[1]");
  REQUIRE(first->value);
  REQUIRE(first->value->error.empty());

  // 1 ms short of the TTL: still the same value.
  advance(milliseconds(149));
  auto hit = fetch("f", "[1]");
  REQUIRE(hit->value);
  CHECK(hit->value->value.address() == first->value->value.address());
  CHECK(src.starts() == 1);

  // At the TTL: expired, computed again.
  advance(milliseconds(1));
  auto later = fetch("f", "[1]");
  REQUIRE(later->value);
  CHECK(later->value->error.empty());
  CHECK(later->value->value.address() != first->value->value.address());
  CHECK(text_of(*later->value) == "v:[1]");
  CHECK(src.starts() == 2);
  auto s = stats_of("f");
  REQUIRE(s);
  CHECK(s->hits == 1);
  CHECK(s->misses == 2);
  CHECK(s->computations == 2);
  CHECK(s->expirations == 1);
  CHECK(s->entries == 1);
  CHECK(s->bytes == 10);
}

TEST_CASE_METHOD(shard_time_fixture,
                 "cache shard: the sweep drops expired entries and fails "
                 "computations past their timeout, without a fetch",
                 "[actors][unit][cache][deterministic]") {
  auto src = instant_source();
  manual_source never; // completes only when the test says so
  dash::model::memo_options short_ttl;
  short_ttl.ttl = milliseconds(50);
  dash::model::memo_options short_timeout;
  short_timeout.timeout = milliseconds(200);
  start({{"f", src.make(short_ttl)}, {"g", never.make(short_timeout)}});
  REQUIRE(fetch("f", "[1]")->value);
  auto waiting = fetch("g", "[1]");
  CHECK_FALSE(waiting->answered());

  // Both are overdue, but the sweep runs once a second: nothing yet.
  advance(milliseconds(999));
  CHECK(stats_of("f")->entries == 1);
  CHECK_FALSE(waiting->answered());

  // The sweep: the expired entry goes, the waiter gets the timeout error.
  CHECK(advance(milliseconds(1)) == 1);
  auto f = stats_of("f");
  REQUIRE(f);
  CHECK(f->entries == 0);
  CHECK(f->bytes == 0);
  CHECK(f->expirations == 1);
  CHECK(src.starts() == 1);
  REQUIRE(waiting->value);
  CHECK(waiting->value->error.find("did not finish within 200 ms")
        != std::string::npos);
  auto g = stats_of("g");
  REQUIRE(g);
  CHECK(g->errors == 1);
  CHECK(g->entries == 0);

  // A late result is dropped, and the next call computes again.
  REQUIRE(never.complete("[1]", text_reply("late", 4)));
  run();
  CHECK(stats_of("g")->entries == 0);
  caf::anon_send(shard, prefetch_atom_v, memo_request{"g", "[1]"});
  run();
  CHECK(stats_of("g")->computations == 2);
  CHECK(never.starts() == 2);
}
