// tests/actors/deterministic/session_actor_order_test.cpp
// actors/sessions/session_actor on the test coordinator: requests before
// the load and during the computation share one computation and are
// answered in order; the value is written through; the idle timer
// passivates only a session that is not computing, never one in use (idle
// time is measured on the actors' clock, simulated here), and one idle past
// the period comes back from the store without recomputing.
#include "actors/sessions/session_actor.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "tests/actors/deterministic/session_fixture.hpp"

using namespace dash::actors;
using namespace dash::actors::deterministic;
using dash::actors::session_test::run_of;
using dash::actors::session_test::session_of;

TEST_CASE_METHOD(session_fixture,
                 "session: requests before the load and during the "
                 "computation share one computation, answered in order, "
                 "and the value is written through",
                 "[actors][unit][session][deterministic]") {
  start();
  auto id = ids->issue();
  hold_computations();
  // Two requests reach the session before its store load is answered: they
  // wait for it, then the first starts the one computation.
  std::vector<session_answer> waiting{request(id), request(id)};
  run();
  CHECK(store->gets == 1);
  // A third comes while that computation runs: it joins it.
  waiting.push_back(request(id));
  run();
  for (const auto& w : waiting)
    CHECK_FALSE(w->answered());
  CHECK(store->puts == 0);

  REQUIRE(finish_computation());
  run();
  int seq = 0;
  for (const auto& w : waiting) {
    INFO(describe(w));
    REQUIRE(ok(w));
    CHECK(w->seq == ++seq); // in the order they were asked
    CHECK(run_of(*w->value) == 1);
    CHECK(session_of(*w->value) == id);
    // One shared value.
    CHECK(w->value->value == waiting.front()->value->value);
  }
  CHECK(comp.runs() == 1);
  CHECK(store->puts == 1);

  // A later request is answered from the session: no computation, no load.
  auto again = request(id);
  run();
  INFO(describe(again));
  REQUIRE(ok(again));
  CHECK(run_of(*again->value) == 1);
  CHECK(comp.runs() == 1);
  CHECK(store->gets == 1);

  // Written through: the store holds it with its creation time.
  auto blob = stored(id);
  REQUIRE(blob.is_object());
  auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::system_clock::now().time_since_epoch())
                  .count();
  auto created = blob.at("created").to_number<std::int64_t>();
  CHECK(created <= now_ms);
  CHECK(created > now_ms - 60'000);
  CHECK(blob.at("values").at("df") == *again->value->value);
  auto s = stats();
  CHECK(s.started == 1);
  CHECK(s.live == 1);
  CHECK(s.passivated == 0);
}

TEST_CASE_METHOD(session_fixture,
                 "session: the idle timer passivates a session only when "
                 "nothing is computing",
                 "[actors][unit][session][deterministic]") {
  // Idle time 0: whenever the timer fires, the session counts as idle.
  start(std::chrono::milliseconds(0));
  auto id = ids->issue();
  hold_computations();
  auto first = request(id);
  run();
  REQUIRE_FALSE(first->answered());

  // The timer fires while the value is computing: the session stays (and
  // sets the timer again).
  CHECK(advance(std::chrono::milliseconds(0)) == 1);
  CHECK(sched.has_pending_timeout());
  auto s = stats();
  CHECK(s.live == 1);
  CHECK(s.passivated == 0);

  REQUIRE(finish_computation());
  run();
  INFO(describe(first));
  REQUIRE(ok(first));
  // Nothing passivates it until its timer fires again.
  CHECK(stats().passivated == 0);
  CHECK(advance(std::chrono::milliseconds(0)) == 1);
  s = stats();
  CHECK(s.live == 0);
  CHECK(s.passivated == 1);
  CHECK(comp.runs() == 1);
}

TEST_CASE_METHOD(session_fixture,
                 "session: a session in use is not passivated; idle past the "
                 "period it is, and comes back from the store without "
                 "recomputing",
                 "[actors][unit][session][deterministic]") {
  using std::chrono::milliseconds;
  const milliseconds idle{200};
  start(idle);
  auto id = ids->issue();
  hold_computations();
  auto first = request(id);
  run();
  REQUIRE(finish_computation());
  run();
  INFO(describe(first));
  REQUIRE(ok(first));
  REQUIRE(store->gets == 1);

  // In use: a request every 150 ms of simulated time for 3 s (15 idle
  // periods, every tick of the idle timer fires meanwhile): it stays.
  for (int i = 0; i < 20; ++i) {
    advance(milliseconds(150));
    auto r = request(id);
    run();
    INFO("request " << i << ": " << describe(r));
    REQUIRE(ok(r));
    CHECK(run_of(*r->value) == 1);
  }
  auto s = stats();
  CHECK(s.passivated == 0);
  CHECK(s.live == 1);
  CHECK(s.started == 1);

  // Idle, but not yet for the period: still there.
  advance(idle - milliseconds(1));
  CHECK(stats().passivated == 0);
  // Idle past the period: the next tick passivates it (at most one more
  // period later).
  advance(idle);
  s = stats();
  CHECK(s.passivated == 1);
  CHECK(s.live == 0);

  // Back again: loaded from the store, not computed.
  auto back = request(id);
  run();
  INFO(describe(back));
  REQUIRE(ok(back));
  CHECK(run_of(*back->value) == 1);
  CHECK(*back->value->value == *first->value->value);
  CHECK(comp.runs() == 1);
  CHECK(store->gets == 2);
  s = stats();
  CHECK(s.started == 2);
  CHECK(s.live == 1);
  CHECK(s.passivated == 1);
}
