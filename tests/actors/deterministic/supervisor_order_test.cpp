// tests/actors/deterministic/supervisor_order_test.cpp
// actors/supervision/supervisor on the test coordinator: restarts refill
// slots in the order children failed, one failure beyond the intensity
// escalates, restarts older than the period (in simulated time) do not
// count, and a shutdown stops the children before the supervisor ends.
#include "actors/supervision/supervisor.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <caf/all.hpp>
#include <catch2/catch.hpp>

#include "actors/core/errors.hpp"
#include "actors/core/messages.hpp"
#include "actors/core/metrics.hpp"
#include "tests/actors/actor_test_kit.hpp"
#include "tests/actors/deterministic/coordinator_fixture.hpp"

using namespace dash::actors;
using namespace dash::actors::deterministic;
using dash::actors::test::quiet_logger;

namespace {

using start_log = std::vector<std::string>;

/// A child that notes its start, fails on `run_atom` and answers
/// `value_atom` with 7.
caf::behavior fragile(caf::event_based_actor* self,
                      std::shared_ptr<start_log> starts, std::string name) {
  starts->push_back(std::move(name));
  return {
    [self](run_atom) {
      self->quit(caf::make_error(caf::sec::runtime_error, "told to fail"));
    },
    [](value_atom) { return 7; },
  };
}

struct supervisor_fixture : coordinator_fixture {
  std::shared_ptr<start_log> starts = std::make_shared<start_log>();
  std::shared_ptr<metrics> stats = std::make_shared<metrics>(
    std::vector<std::string>{}, std::vector<std::string>{"test", "top"});

  /// A supervisor config "test" with one fragile child per name, each
  /// published in a slot of `slots` (filled here, in the same order).
  /// The restart window reads the actors' clock, which only `advance`
  /// moves: the default period never passes unless a test says so.
  std::shared_ptr<supervisor_config>
  config(std::vector<std::string> names, std::size_t max_restarts,
         std::vector<std::shared_ptr<actor_slot>>& slots,
         std::chrono::milliseconds period = std::chrono::hours(1)) {
    auto c = std::make_shared<supervisor_config>();
    c->name = "test";
    c->intensity = restart_intensity{max_restarts, period};
    c->log = quiet_logger();
    c->stats = stats;
    for (auto& n : names) {
      slots.push_back(std::make_shared<actor_slot>());
      c->children.push_back(child_spec{
        n, publishing(slots.back(), [s = starts, n](caf::actor_system& system) {
          return system.spawn(fragile, s, n);
        })});
    }
    return c;
  }

  /// Whether the `i`th job of the scheduler is actor `a`.
  bool is_job(std::size_t i, const caf::actor& a) {
    auto* job = dynamic_cast<caf::resumable*>(
      caf::actor_cast<caf::abstract_actor*>(a));
    return i < sched.jobs.size() && sched.jobs[i] == job;
  }

  std::optional<int> value_of(const caf::actor& a) {
    auto r = ask<int>(a, value_atom_v);
    run();
    return r->value;
  }
};

} // namespace

TEST_CASE_METHOD(supervisor_fixture,
                 "supervisor: failed children are restarted in the order they "
                 "failed and their slots refilled",
                 "[actors][unit][deterministic]") {
  std::vector<std::shared_ptr<actor_slot>> slots;
  auto sup = caf::actor_cast<caf::actor>(spawn_supervisor(sys, config({"a", "b", "c"}, 5, slots)));
  owned.push_back(sup);
  // The slots are filled when spawn_supervisor returns; the children start
  // (run their behaviour) in the order they were spawned.
  auto a = slots[0]->get();
  auto b = slots[1]->get();
  auto c = slots[2]->get();
  REQUIRE(a);
  REQUIRE(b);
  REQUIRE(c);
  run();
  CHECK(*starts == start_log{"a", "b", "c"});

  // b fails first, then a: they are restarted in that order.
  caf::anon_send(b, run_atom_v);
  caf::anon_send(a, run_atom_v);
  run();
  CHECK(*starts == start_log{"a", "b", "c", "b", "a"});
  CHECK(slots[0]->get() != a);
  CHECK(slots[1]->get() != b);
  CHECK(slots[2]->get() == c);
  for (const auto& s : slots)
    CHECK(value_of(s->get()) == 7);
  CHECK(stats->supervisor("test").restarts.load() == 2);
  auto used = ask<std::uint64_t>(sup, stats_atom_v);
  run();
  CHECK(used->value == std::uint64_t{2});
}

TEST_CASE_METHOD(supervisor_fixture,
                 "supervisor: one restart beyond the intensity escalates",
                 "[actors][unit][deterministic]") {
  std::vector<std::shared_ptr<actor_slot>> slots;
  auto gave_up = std::make_shared<std::vector<std::string>>();
  auto top_cfg = std::make_shared<supervisor_config>();
  top_cfg->name = "top";
  top_cfg->intensity = restart_intensity{0, std::chrono::hours(1)};
  top_cfg->log = quiet_logger();
  top_cfg->stats = stats;
  top_cfg->on_give_up = [gave_up](const std::string& why) {
    gave_up->push_back(why);
  };
  top_cfg->children.push_back(child_spec{
    "test", start_supervisor(config({"fragile"}, 2, slots))});
  auto top = caf::actor_cast<caf::actor>(spawn_supervisor(sys, top_cfg));
  owned.push_back(top); // stopped at the end should the test fail early
  auto downs = watch({top});
  run();
  REQUIRE(starts->size() == 1);

  // Two failures: both within the intensity of "test" (two restarts).
  for (std::size_t i = 1; i <= 2; ++i) {
    auto before = slots[0]->get();
    caf::anon_send(before, run_atom_v);
    run();
    CHECK(slots[0]->get() != before);
    CHECK(starts->size() == i + 1);
    CHECK(gave_up->empty());
    CHECK_FALSE(downs->reason_of(top.address()));
  }
  CHECK(stats->supervisor("test").restarts.load() == 2);

  // The third is one more than allowed: "test" fails, and "top" (allowed
  // no restarts) gives up and fails too; nothing is restarted.
  caf::anon_send(slots[0]->get(), run_atom_v);
  run();
  CHECK(starts->size() == 3);
  REQUIRE(gave_up->size() == 1);
  const auto& why = gave_up->front();
  CHECK(why.find("supervisor top: child test stopped") != std::string::npos);
  CHECK(why.find("supervisor test: child fragile stopped")
        != std::string::npos);
  CHECK(why.find("restart intensity") != std::string::npos);
  auto reason = downs->reason_of(top.address());
  REQUIRE(reason);
  CHECK(errc_of(*reason) == dash::errc::internal);
  CHECK(stats->supervisor("top").restarts.load() == 0);
}

TEST_CASE_METHOD(supervisor_fixture,
                 "supervisor: restarts older than the period do not count",
                 "[actors][unit][deterministic]") {
  using std::chrono::milliseconds;
  const milliseconds period{10'000};
  std::vector<std::shared_ptr<actor_slot>> slots;
  auto sup = caf::actor_cast<caf::actor>(spawn_supervisor(sys, config({"fragile"}, 1, slots, period)));
  owned.push_back(sup);
  auto downs = watch({sup});
  run();
  REQUIRE(starts->size() == 1);
  auto fail = [&] {
    auto before = slots[0]->get();
    caf::anon_send(before, run_atom_v);
    run();
    return slots[0]->get() != before;
  };
  auto used = [&] {
    auto r = ask<std::uint64_t>(sup, stats_atom_v);
    run();
    return r->value;
  };

  // The one restart allowed within the period.
  REQUIRE(fail());
  CHECK(used() == std::uint64_t{1});

  // Just past the period that restart no longer counts: one more is
  // allowed (without the wait it would have escalated).
  advance(period + milliseconds(1));
  REQUIRE(fail());
  CHECK(starts->size() == 3);
  CHECK(used() == std::uint64_t{1});
  CHECK(value_of(slots[0]->get()) == 7);
  CHECK_FALSE(downs->reason_of(sup.address()));

  // Half a period later that new restart still counts: the next failure
  // is one beyond the intensity and escalates.
  advance(period / 2);
  caf::anon_send(slots[0]->get(), run_atom_v);
  run();
  CHECK(starts->size() == 3);
  auto reason = downs->reason_of(sup.address());
  REQUIRE(reason);
  CHECK(errc_of(*reason) == dash::errc::internal);
  CHECK(stats->supervisor("test").restarts.load() == 2);
}

TEST_CASE_METHOD(supervisor_fixture,
                 "supervisor: a shutdown stops the children first and "
                 "restarts none",
                 "[actors][unit][deterministic]") {
  std::vector<std::shared_ptr<actor_slot>> slots;
  auto sup = caf::actor_cast<caf::actor>(spawn_supervisor(sys, config({"a", "b"}, 5, slots)));
  owned.push_back(sup);
  auto a = slots[0]->get();
  auto b = slots[1]->get();
  auto downs = watch({sup, a, b});
  run();
  REQUIRE(starts->size() == 2);

  caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
  // One step: the supervisor handles the exit. It has told both children
  // to stop before it ended: their exits are queued ahead of the news of
  // its own end (the watcher's job comes last).
  REQUIRE(sched.jobs.size() == 1);
  sched.run_once();
  REQUIRE(sched.jobs.size() == 3);
  CHECK(is_job(0, a));
  CHECK(is_job(1, b));
  run();
  REQUIRE(downs->downs.size() == 3);
  CHECK(downs->downs[0].source == sup.address());
  CHECK(downs->reason_of(a.address()) == caf::exit_reason::user_shutdown);
  CHECK(downs->reason_of(b.address()) == caf::exit_reason::user_shutdown);
  CHECK(*starts == start_log{"a", "b"});
  CHECK(stats->supervisor("test").restarts.load() == 0);
}
