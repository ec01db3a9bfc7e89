// tests/actors/deterministic/coordinator_fixture.hpp
// An actor system on CAF's test coordinator (scheduler.policy = testing):
// scheduled actors run only when a test steps them and delayed messages wait
// for simulated time. Shared by the tests in tests/actors/deterministic.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include <caf/all.hpp>
#include <caf/scheduler/test_coordinator.hpp>

#include "actors/core/system_types.hpp"

namespace dash::actors::deterministic {

/// How long a probe's request may wait, in simulated time: never reached
/// unless a test advances the clock that far.
inline constexpr std::chrono::seconds probe_limit{86'400};

/// What a probe got back: the answer or an error; neither while pending.
/// `seq` numbers the answers of one test in the order they came (from 1).
template <class T>
struct probe_result {
  std::optional<T> value;
  std::optional<caf::error> error;
  int seq = 0;

  bool answered() const {
    return value.has_value() || error.has_value();
  }
};

/// A scheduled actor that sends one request and keeps what comes back
/// (arguments, not captures: see compute_value in actors/sessions).
template <class T, class Handle, class... Ts>
void probe(caf::event_based_actor* self, std::shared_ptr<probe_result<T>> out,
           std::shared_ptr<int> answers, Handle to, Ts... xs) {
  self->request(to, probe_limit, std::move(xs)...)
    .then(
      [out, answers](T& x) {
        out->value = std::move(x);
        out->seq = ++*answers;
      },
      [out, answers](caf::error& e) {
        out->error = std::move(e);
        out->seq = ++*answers;
      });
}

/// Records the down messages of the actors it watches, in arrival order.
struct down_log {
  std::vector<caf::down_msg> downs;

  /// The reason `a` went down with; nullopt while it is still up.
  std::optional<caf::error> reason_of(const caf::actor_addr& a) const {
    for (const auto& dm : downs)
      if (dm.source == a)
        return dm.reason;
    return std::nullopt;
  }
};

inline caf::behavior watcher(caf::event_based_actor* self,
                             std::shared_ptr<down_log> log,
                             std::vector<caf::actor> watched) {
  for (const auto& a : watched)
    self->monitor(a);
  self->set_down_handler(
    [log](const caf::down_msg& dm) { log->downs.push_back(dm); });
  return {[](int) {}}; // a behaviour keeps it alive; nothing sends it ints
}

/// The actor system of one test. Nothing runs until the test calls `run`
/// (all scheduled actors, until no job is left) or `advance` (simulated
/// time); actors in `owned` are stopped when the test ends.
struct coordinator_fixture {
  caf::actor_system_config cfg;
  caf::actor_system sys{testing(cfg)};
  caf::scheduler::test_coordinator& sched{
    dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler())};
  std::vector<caf::actor> owned;
  std::shared_ptr<int> answers = std::make_shared<int>(0); ///< see seq

  coordinator_fixture() = default;
  coordinator_fixture(const coordinator_fixture&) = delete;
  coordinator_fixture& operator=(const coordinator_fixture&) = delete;

  ~coordinator_fixture() {
    stop_owned();
  }

  static caf::actor_system_config& testing(caf::actor_system_config& c) {
    register_system_types(c);
    c.set("scheduler.policy", caf::atom("testing"));
    return c;
  }

  /// Runs scheduled actors until none has a message left; returns how many
  /// steps that took.
  std::size_t run() {
    return sched.run();
  }

  /// Moves simulated time forward by `d`, delivers what fell due, then
  /// runs; returns how many timeouts fell due.
  std::size_t advance(caf::timespan d) {
    auto fired = sched.advance_time(d);
    run();
    return fired;
  }

  /// Sends `(xs...)` to `to` as a request from a probe; its answer is there
  /// once the test has run the actors.
  template <class T, class Handle, class... Ts>
  std::shared_ptr<probe_result<T>> ask(const Handle& to, Ts... xs) {
    auto out = std::make_shared<probe_result<T>>();
    sys.spawn(probe<T, Handle, Ts...>, out, answers, to, std::move(xs)...);
    return out;
  }

  /// A watcher of `watched`, stopped when the test ends.
  std::shared_ptr<down_log> watch(std::vector<caf::actor> watched) {
    auto log = std::make_shared<down_log>();
    owned.push_back(sys.spawn(watcher, log, std::move(watched)));
    return log;
  }

  void stop_owned() {
    for (auto& a : owned)
      caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
    owned.clear();
    run();
  }
};

} // namespace dash::actors::deterministic
