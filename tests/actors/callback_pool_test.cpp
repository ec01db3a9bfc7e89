// tests/actors/callback_pool_test.cpp
// Unit tests for actors/callback_pool on a real actor system: answers on
// the reply address, worker replacement after a throw, bounded queueing.
#include "actors/callbacks/callback_pool.hpp"

#include <atomic>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <caf/all.hpp>
#include <catch2/catch.hpp>

#include "actors/callbacks/callback_worker.hpp"
#include "model/errors.hpp"
#include "tests/actors/actor_test_kit.hpp"

using dash::errc;
using dash::actors::callback_outcome;
using dash::actors::callback_pool;
using dash::actors::pool_limits;
using dash::actors::run_atom_v;
using dash::actors::worker_context;
using dash::json::value;
using dash::model::app;
using dash::model::input;
using dash::model::output;
using namespace dash::actors::test;

namespace {

/// A pool for the first callback of `a`, stopped when the test ends.
struct pool_fixture : actor_system_fixture {
  app a;
  dash::actors::callback_pool_actor pool;

  void start(pool_limits limits,
             std::shared_ptr<const dash::actors::cache_router> cache = {}) {
    REQUIRE(a.errors().empty());
    REQUIRE(a.callbacks().size() == 1);
    auto wc = std::make_shared<worker_context>();
    wc->cb = a.callbacks().front();
    wc->log = quiet_logger();
    wc->app_log = wc->log;
    wc->cache = std::move(cache);
    wc->wait_timeout = limits.timeout;
    pool = sys.spawn(callback_pool, std::shared_ptr<const worker_context>(wc),
                     limits);
  }

  /// Submits as the HTTP layer does: through the port, as a request.
  void submit(value input, const awaited_outcome& answer) {
    auto to = answer.at(port);
    port.submit(pool, to, run_atom_v,
                job_for(request_with(std::move(input)), to));
  }

  ~pool_fixture() {
    open_gates();
    if (pool)
      caf::anon_send_exit(pool, caf::exit_reason::user_shutdown);
  }
};

} // namespace

TEST_CASE_METHOD(pool_fixture, "a job is answered at its reply address",
                 "[actors][unit]") {
  a.callback(output("out", "children"), input("in", "value"),
             [](int x) { return x * 2; });
  start(pool_limits{2, 8});
  awaited_outcome answer;
  submit(value(21), answer);
  auto o = answer.wait();
  REQUIRE(o);
  CHECK(o->code == errc::none);
  CHECK(o->text == body_for(value(42)));
}

TEST_CASE_METHOD(pool_fixture, "prevent_update and no_update answer empty",
                 "[actors][unit]") {
  a.callback(output("out", "children"), input("in", "value"), [](int x) {
    if (x == 0)
      throw dash::prevent_update{};
    return dash::model::output_value{dash::model::no_update};
  });
  start(pool_limits{1, 8});
  awaited_outcome thrown, returned;
  submit(value(0), thrown);
  submit(value(1), returned);
  auto t = thrown.wait();
  auto r = returned.wait();
  REQUIRE(t);
  REQUIRE(r);
  CHECK(t->is_prevented());
  CHECK(r->is_prevented());
}

TEST_CASE_METHOD(pool_fixture,
                 "a wrong argument type answers 400 by name (the client's "
                 "mistake)",
                 "[actors][unit]") {
  a.callback(output("out", "children"), input("in", "value"),
             [](int x) { return x; });
  start(pool_limits{1, 8});
  awaited_outcome bad, good;
  submit(value("text"), bad);
  submit(value(5), good);
  auto b = bad.wait();
  REQUIRE(b);
  CHECK(b->code == errc::bad_request);
  CHECK_THAT(b->text, Catch::Matchers::StartsWith(
                        "callback out.children: argument 1 (in.value) is "
                        "string \"text\""));
  auto g = good.wait();
  REQUIRE(g);
  CHECK(g->text == body_for(value(5)));
}

TEST_CASE_METHOD(pool_fixture,
                 "a callback that throws answers 500 and the next job works",
                 "[actors][unit]") {
  a.callback(output("out", "children"), input("in", "value"), [](int x) {
    if (x < 0)
      throw std::runtime_error{"negative input"};
    return x + 1;
  });
  start(pool_limits{1, 8});
  awaited_outcome failed;
  submit(value(-1), failed);
  auto f = failed.wait();
  REQUIRE(f);
  CHECK(f->code == errc::callback_failed);
  CHECK(f->text == "callback out.children raised an exception: negative input");

  awaited_outcome next;
  submit(value(1), next);
  auto n = next.wait();
  REQUIRE(n);
  CHECK(n->code == errc::none);
  CHECK(n->text == body_for(value(2)));
}

TEST_CASE_METHOD(pool_fixture, "jobs queued behind a throwing one still run",
                 "[actors][unit]") {
  a.callback(output("out", "children"), input("in", "value"), [](int x) {
    if (x < 0)
      throw 42; // not even a std::exception
    return x;
  });
  start(pool_limits{1, 8});
  awaited_outcome failed, queued1, queued2;
  submit(value(-1), failed);
  submit(value(10), queued1);
  submit(value(20), queued2);
  auto f = failed.wait();
  REQUIRE(f);
  CHECK(f->code == errc::callback_failed);
  CHECK(f->text == "callback out.children raised an unknown exception");
  auto q1 = queued1.wait();
  auto q2 = queued2.wait();
  REQUIRE(q1);
  REQUIRE(q2);
  CHECK(q1->text == body_for(value(10)));
  CHECK(q2->text == body_for(value(20)));
}

TEST_CASE_METHOD(pool_fixture, "a full queue answers overloaded at once",
                 "[actors][unit]") {
  auto held = make_gate();
  a.callback(output("out", "children"), input("in", "value"), [held](int x) {
    held->wait();
    return x;
  });
  start(pool_limits{1, 1});
  awaited_outcome running, waiting, rejected;
  submit(value(1), running); // takes the only worker
  submit(value(2), waiting); // takes the only queue place
  submit(value(3), rejected);
  auto r = rejected.wait();
  bool others_waited = !running.ready() && !waiting.ready();
  held->open();
  INFO("max_workers=1, max_queue=1: one run proceeds, one waits, the "
       "third must be refused");
  REQUIRE(r);
  CHECK(r->code == errc::overloaded);
  CHECK(r->text
        == "callback out.children has too many runs waiting; retry later");
  CHECK(others_waited);
  auto first = running.wait();
  auto second = waiting.wait();
  REQUIRE(first);
  REQUIRE(second);
  CHECK(first->text == body_for(value(1)));
  CHECK(second->text == body_for(value(2)));
}

TEST_CASE_METHOD(pool_fixture, "runs proceed in parallel up to max_workers",
                 "[actors][unit]") {
  // Each run waits until all three have started: only possible when three
  // workers run at once.
  auto started = std::make_shared<std::atomic<int>>(0);
  auto all_started = make_gate();
  a.callback(output("out", "children"), input("in", "value"),
             [started, all_started](int x) {
               if (started->fetch_add(1) + 1 == 3)
                 all_started->open();
               return all_started->wait() ? x : -1;
             });
  start(pool_limits{3, 8});
  std::vector<awaited_outcome> answers(3);
  for (int i = 0; i < 3; ++i)
    submit(value(i), answers[static_cast<std::size_t>(i)]);
  for (int i = 0; i < 3; ++i) {
    auto o = answers[static_cast<std::size_t>(i)].wait();
    REQUIRE(o);
    CHECK(o->text == body_for(value(i)));
  }
}

TEST_CASE_METHOD(pool_fixture,
                 "a waiting run goes to the first worker that is free",
                 "[actors][unit]") {
  // Runs 0 and 1 hold both workers; run 2 is quick and must not wait for
  // run 0 once run 1 has finished and its worker is idle.
  std::vector<std::shared_ptr<gate>> held{make_gate(), make_gate()};
  a.callback(output("out", "children"), input("in", "value"), [held](int x) {
    if (x < 2)
      held[static_cast<std::size_t>(x)]->wait();
    return x;
  });
  start(pool_limits{2, 8});
  awaited_outcome slow, freed, quick;
  submit(value(0), slow);
  submit(value(1), freed);
  submit(value(2), quick);
  held[1]->open();
  auto f = freed.wait();
  auto q = quick.wait();
  bool slow_still_running = !slow.ready();
  held[0]->open();
  REQUIRE(f);
  CHECK(f->text == body_for(value(1)));
  INFO("run 2 was answered only after run 0 finished, although a worker "
       "was idle");
  REQUIRE(q);
  CHECK(q->text == body_for(value(2)));
  CHECK(slow_still_running);
  auto s0 = slow.wait();
  REQUIRE(s0);
  CHECK(s0->text == body_for(value(0)));
}

TEST_CASE_METHOD(pool_fixture,
                 "jobs still queued when the pool stops answer worker_lost",
                 "[actors][unit]") {
  auto held = make_gate();
  a.callback(output("out", "children"), input("in", "value"), [held](int x) {
    held->wait();
    return x;
  });
  start(pool_limits{1, 64});
  // One worker takes a few jobs (the one it runs and some next in line);
  // the last of these certainly still waits in the pool's own queue.
  constexpr std::size_t jobs = 16;
  std::vector<awaited_outcome> answers(jobs);
  for (std::size_t i = 0; i < jobs; ++i)
    submit(value(static_cast<int>(i)), answers[i]);
  caf::anon_send_exit(pool, caf::exit_reason::kill);
  auto last = answers[jobs - 1].wait();
  held->open();
  REQUIRE(last);
  CHECK(last->code == dash::errc::worker_lost);
  CHECK(last->text
        == "the actor running this callback stopped before answering; see "
           "the server log");
  // Every other request is answered too, one way or the other.
  auto running = answers[0].wait();
  REQUIRE(running);
  CHECK(running->text == body_for(value(0)));
  for (std::size_t i = 1; i + 1 < jobs; ++i)
    CHECK(answers[i].wait());
}

TEST_CASE_METHOD(pool_fixture,
                 "a wait for a memoized value ends at the callback's timeout",
                 "[actors][unit]") {
  // A shard that takes every fetch and never answers (a hung node, say).
  // (An argument: CAF 0.17 trips UBSan spawning a function actor without.)
  auto silent = sys.spawn(
    [](int) -> dash::actors::cache_shard_actor::behavior_type {
      using namespace dash::actors;
      return {
        [](fetch_atom, const memo_request&) -> caf::result<memo_reply> {
          return caf::delegated<memo_reply>{};
        },
        [](fetch_atom, const memo_request&, const reply_address&) {},
        [](lend_atom, const memo_request&) -> caf::result<memo_reply> {
          return caf::delegated<memo_reply>{};
        },
        [](prefetch_atom, const memo_request&) {},
        [](computed_atom, const memo_request&, const memo_reply&) {},
        [](stats_atom) { return std::vector<memo_stats>{}; },
        [](members_atom) {},
        [](sweep_atom) {},
      };
    },
    0);
  auto square = a.memoize("square", [](int x) { return x * x; });
  a.callback(output("out", "children"), input("in", "value"),
             [square](int x) { return square(x); });
  start(pool_limits{1, 8, std::chrono::milliseconds{300}},
        std::make_shared<dash::actors::cache_router>(
          std::vector<dash::actors::cache_shard_actor>{silent}));
  awaited_outcome answer;
  submit(value(3), answer);
  auto o = answer.wait();
  REQUIRE(o);
  CHECK(o->code == errc::callback_failed);
  CHECK_THAT(o->text, Catch::Contains("waiting for memoized function square "
                                      "failed: no answer within 300 ms"));
  caf::anon_send_exit(silent, caf::exit_reason::user_shutdown);
}
