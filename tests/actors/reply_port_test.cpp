// tests/actors/reply_port_test.cpp
// Unit tests for actors/core/reply_port, the edge where answers leave the
// actors: one answer per ticket from any thread, cached answers unwrapped,
// and a request whose receiver is gone answered at once.
#include "actors/core/reply_port.hpp"

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include <caf/all.hpp>
#include <catch2/catch.hpp>

#include "tests/actors/actor_test_kit.hpp"

using dash::errc;
using dash::actors::answer_atom_v;
using dash::actors::callback_outcome;
using dash::actors::memo_reply;
using dash::actors::reply_address;
using dash::actors::run_atom_v;
using namespace dash::actors::test;

TEST_CASE_METHOD(actor_system_fixture,
                 "an answer runs its continuation once, and only its own",
                 "[actors][unit]") {
  awaited_outcome first, second;
  auto a = first.at(port);
  auto b = second.at(port);
  CHECK(a.ticket != b.ticket);
  CHECK(port.waiting() == 2);
  b.send(callback_outcome::ok("two"));
  a.send(callback_outcome::ok("one"));
  a.send(callback_outcome::ok("again")); // a late duplicate: ignored
  auto o1 = first.wait();
  auto o2 = second.wait();
  REQUIRE(o1);
  REQUIRE(o2);
  CHECK(o1->text == "one");
  CHECK(o2->text == "two");
  CHECK(port.waiting() == 0);
}

TEST_CASE_METHOD(actor_system_fixture,
                 "answers from many threads reach every continuation",
                 "[actors][unit]") {
  constexpr int n = 2000;
  std::atomic<int> answered{0};
  std::vector<reply_address> to;
  for (int i = 0; i < n; ++i)
    to.push_back(port.expect([&answered](callback_outcome o) {
      if (o.code == errc::none)
        answered.fetch_add(1);
    }));
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&to, t] {
      for (int i = t; i < n; i += 4)
        to[static_cast<std::size_t>(i)].send(callback_outcome::ok("x"));
    });
  for (auto& th : threads)
    th.join();
  CHECK(answered.load() == n);
  CHECK(port.waiting() == 0);
}

TEST_CASE_METHOD(actor_system_fixture,
                 "a cached answer is unwrapped for a callback's continuation",
                 "[actors][unit]") {
  awaited_outcome hit, broken;
  memo_reply r;
  r.value = dash::model::shared_value::of(
    std::make_shared<const callback_outcome>(callback_outcome::ok("{}")));
  hit.at(port).send(r);
  memo_reply wrong;
  wrong.value = dash::model::shared_value::of(std::make_shared<const int>(1));
  broken.at(port).send(wrong);
  auto o = hit.wait();
  REQUIRE(o);
  CHECK(o->code == errc::none);
  CHECK(o->text == "{}");
  auto b = broken.wait();
  REQUIRE(b);
  CHECK(b->code == errc::internal);
}

TEST_CASE_METHOD(actor_system_fixture,
                 "a request to an actor that has stopped is answered at once",
                 "[actors][unit]") {
  // (An argument: CAF 0.17 trips UBSan spawning a function actor without.)
  auto gone = sys.spawn(
    [](int) -> caf::behavior { return {[](dash::actors::run_atom, int) {}}; },
    0);
  caf::scoped_actor self{sys};
  self->send_exit(gone, caf::exit_reason::user_shutdown);
  self->wait_for(gone);
  awaited_outcome answer;
  auto to = answer.at(port);
  port.submit(gone, to, run_atom_v, 1);
  auto o = answer.wait();
  REQUIRE(o);
  CHECK(o->code == errc::worker_lost);
  CHECK_THAT(o->text, Catch::Contains("stopped before reading it"));
  awaited_outcome nobody;
  port.submit(caf::actor{}, nobody.at(port), run_atom_v, 2);
  auto n = nobody.wait();
  REQUIRE(n);
  CHECK(n->code == errc::worker_lost);
}
