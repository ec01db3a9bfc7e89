// tests/actors/supervisor_test.cpp
// Unit tests for actors/supervisor on a real actor system: restarts older
// than the period are forgotten (the restart window reads the steady clock,
// so this one waits); and metrics rendering. Restarts, escalation and
// shutdown are in deterministic/supervisor_order_test.cpp.
#include "actors/supervision/supervisor.hpp"

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include <caf/all.hpp>
#include <catch2/catch.hpp>

#include "actor_test_kit.hpp"
#include "actors/core/messages.hpp"
#include "actors/core/metrics.hpp"

using namespace dash::actors;
using namespace dash::actors::test;

namespace {

/// A child that fails when it gets `run_atom` and answers `value_atom`.
caf::behavior fragile(caf::event_based_actor* self,
                      std::shared_ptr<std::atomic<int>> starts) {
  starts->fetch_add(1);
  return {
    [self](run_atom) {
      self->quit(caf::make_error(caf::sec::runtime_error, "told to fail"));
    },
    [](value_atom) { return 7; },
  };
}

struct supervisor_fixture : actor_system_fixture {
  std::shared_ptr<std::atomic<int>> starts =
    std::make_shared<std::atomic<int>>(0);
  std::shared_ptr<actor_slot> slot = std::make_shared<actor_slot>();
  std::shared_ptr<metrics> stats = std::make_shared<metrics>(
    std::vector<std::string>{}, std::vector<std::string>{"test", "top"});

  std::shared_ptr<supervisor_config> config(std::size_t max_restarts,
                                            std::chrono::milliseconds period) {
    auto c = std::make_shared<supervisor_config>();
    c->name = "test";
    c->intensity = restart_intensity{max_restarts, period};
    c->log = quiet_logger();
    c->stats = stats;
    c->children.push_back(child_spec{
      "fragile",
      [s = starts](caf::actor_system& system) {
        return system.spawn(fragile, s);
      },
      slot});
    return c;
  }

  /// Fails the child in the slot and waits until a new one is there.
  bool fail_and_wait_for_restart() {
    auto before = slot->get();
    caf::anon_send(before, run_atom_v);
    for (int i = 0; i < 500; ++i) {
      if (slot->get() != before)
        return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

  std::optional<int> ask(const caf::actor& a) {
    caf::scoped_actor self{sys};
    std::optional<int> got;
    self->request(a, std::chrono::seconds(2), value_atom_v)
      .receive([&](int v) { got = v; }, [](const caf::error&) {});
    return got;
  }
};

} // namespace

TEST_CASE_METHOD(supervisor_fixture,
                 "restarts older than the period do not count",
                 "[actors][unit]") {
  auto sup = spawn_supervisor(sys, config(1, std::chrono::milliseconds(200)));
  REQUIRE(fail_and_wait_for_restart());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  REQUIRE(fail_and_wait_for_restart());
  CHECK(starts->load() == 3);
  CHECK(ask(slot->get()) == 7);
  caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
}

TEST_CASE("actor metrics render only their own families, labels escaped",
          "[actors][unit]") {
  metrics m{{"a\"b.children"}, {"root"}};
  m.callback(0).timeouts.fetch_add(3);
  m.callback(0).refused.fetch_add(2);
  m.supervisor("root").restarts.fetch_add(1);
  runtime_stats rs;
  memo_stats ms;
  ms.function = "store";
  ms.hits = 5;
  ms.computations = 1;
  rs.memos.push_back(ms);
  std::string text;
  m.render_callbacks(text);
  m.render_refusals(text);
  m.render(text, rs);
  auto has = [&](const std::string& line) {
    return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
  };
  CHECK(has(R"(dashcpp_callback_timeouts_total{callback="a\"b.children"} 3)"));
  CHECK(has(R"(dashcpp_callback_restarts_total{callback="a\"b.children"} 0)"));
  CHECK(has(R"(dashcpp_overload_refusals_total{reason="callback_queue"} 2)"));
  CHECK(has(R"(dashcpp_supervisor_restarts_total{supervisor="root"} 1)"));
  CHECK(has(R"(dashcpp_cache_hits_total{function="store"} 5)"));
  CHECK(has(R"(dashcpp_cache_computations_total{function="store"} 1)"));
  CHECK(has("dashcpp_cluster_members 1"));
  // The shared family's HELP is the scrape's (http/scrape), and nothing
  // here is the HTTP layer's.
  CHECK(text.find("# HELP dashcpp_overload_refusals_total")
        == std::string::npos);
  CHECK(text.find("dashcpp_http_") == std::string::npos);
  CHECK(text.find("route=") == std::string::npos);
  CHECK(text.find("reason=\"connections\"") == std::string::npos);
}
