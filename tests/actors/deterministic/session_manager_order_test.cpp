// tests/actors/deterministic/session_manager_order_test.cpp
// actors/sessions/session_manager on the test coordinator: an idle session
// leaves and comes back from the store without recomputing, and a request
// racing the session's passivation is answered in either order.
#include "actors/sessions/session_manager.hpp"

#include <chrono>
#include <string>

#include <catch2/catch.hpp>

#include "tests/actors/deterministic/session_fixture.hpp"

using namespace dash::actors;
using namespace dash::actors::deterministic;
using dash::actors::session_test::run_of;

namespace {

/// A session with its value computed and stored, whose idle timer (0 ms)
/// is due the next time the clock moves.
struct idle_session_fixture : session_fixture {
  std::string id;
  session_answer first;

  idle_session_fixture() {
    start(std::chrono::milliseconds(0));
    id = ids->issue();
    hold_computations();
    first = request(id);
    run();
    if (finish_computation())
      run();
  }
};

} // namespace

TEST_CASE_METHOD(idle_session_fixture,
                 "session manager: an idle session leaves and comes back "
                 "from the store without recomputing",
                 "[actors][unit][session][deterministic]") {
  INFO(describe(first));
  REQUIRE(ok(first));
  REQUIRE(comp.runs() == 1);
  REQUIRE(store->gets == 1);
  // Running alone never passivates: only the idle timer does.
  auto s = stats();
  CHECK(s.live == 1);
  CHECK(s.passivated == 0);

  CHECK(advance(std::chrono::milliseconds(0)) == 1);
  s = stats();
  CHECK(s.live == 0);
  CHECK(s.passivated == 1);
  CHECK(s.started == 1);

  // Back again: a new session actor loads it from the store.
  auto back = request(id);
  run();
  INFO(describe(back));
  REQUIRE(ok(back));
  CHECK(comp.runs() == 1);
  CHECK(run_of(*back->value) == 1);
  CHECK(*back->value->value == *first->value->value);
  CHECK(store->gets == 2);
  s = stats();
  CHECK(s.started == 2);
  CHECK(s.live == 1);
}

TEST_CASE_METHOD(idle_session_fixture,
                 "session manager: a request racing the passivation of its "
                 "session is answered",
                 "[actors][unit][session][deterministic]") {
  REQUIRE(ok(first));
  auto gets_before = store->gets.load();

  SECTION("the session asks to leave before the request reaches the "
          "manager: a new session loads it") {
    sched.advance_time(std::chrono::milliseconds(0)); // the tick is queued
    auto r = request(id);                             // then the request
    run();
    INFO(describe(r));
    REQUIRE(ok(r));
    CHECK(*r->value->value == *first->value->value);
    auto s = stats();
    CHECK(s.started == 2);
    CHECK(s.passivated == 1);
    CHECK(s.live == 1);
    CHECK(store->gets == gets_before + 1);
  }

  SECTION("the request reaches the manager first: the leaving session "
          "answers it from memory, then leaves") {
    auto r = request(id);                             // the request first
    sched.advance_time(std::chrono::milliseconds(0)); // then the tick
    run();
    INFO(describe(r));
    REQUIRE(ok(r));
    CHECK(*r->value->value == *first->value->value);
    auto s = stats();
    CHECK(s.started == 1);
    CHECK(s.passivated == 1);
    CHECK(s.live == 0);
    CHECK(store->gets == gets_before);
  }
  CHECK(comp.runs() == 1);
}
