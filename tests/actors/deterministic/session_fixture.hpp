// tests/actors/deterministic/session_fixture.hpp
// Session managers and session actors on the test coordinator, with the
// store's I/O actor (session_io over a counting memory store) on the
// scheduler too; used by the deterministic session tests.
#pragma once

#include <chrono>
#include <cstdint>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <caf/all.hpp>

#include "actors/core/messages.hpp"
#include "actors/sessions/session_actor.hpp"
#include "actors/sessions/session_io.hpp"
#include "actors/sessions/session_manager.hpp"
#include "tests/actors/deterministic/coordinator_fixture.hpp"
#include "tests/actors/session_test_kit.hpp"

namespace dash::actors::deterministic {

using session_test::answer_limit;
using session_test::computations;
using session_test::counting_store;
using session_test::manager_stats;

using session_answer = std::shared_ptr<probe_result<session_reply>>;

/// One session manager with one value, "df", computed by `comp`. The
/// computation runs on a detached actor (a thread of its own): a test holds
/// it (`hold_computations`) before it can start and lets it finish with
/// `finish_computation`, so that only the test's thread ever steps the
/// coordinator.
struct session_fixture : coordinator_fixture {
  std::shared_ptr<counting_store> store
    = std::make_shared<counting_store>(store::make_memory_store());
  std::shared_ptr<const session_ids> ids
    = std::make_shared<const session_ids>(session_test::test_secret('k'));
  computations comp;
  session_io_actor io;
  std::shared_ptr<const session_config> config;
  dash::actors::session_manager_actor manager;
  bool held = false;

  ~session_fixture() {
    if (held) // a test that failed early: let the worker end first
      finish_computation();
  }

  /// Starts the I/O actor and the manager; `idle` is the session's idle
  /// timer (0: every tick of it finds the session idle).
  void start(std::chrono::milliseconds idle = std::chrono::minutes(1)) {
    io = sys.spawn(session_io, store, session_test::quiet_logger());
    auto c = std::make_shared<session_config>();
    c->ids = ids;
    auto d = comp.def("df");
    c->values[d->name] = d;
    c->io = io;
    c->idle = idle;
    c->log = session_test::quiet_logger();
    config = c;
    manager = sys.spawn(session_manager, config);
    owned.push_back(caf::actor_cast<caf::actor>(manager));
    owned.push_back(caf::actor_cast<caf::actor>(io));
  }

  /// `(value_atom, id, name)` to the manager, from a probe.
  session_answer request(const std::string& id,
                         const std::string& name = "df") {
    return ask<session_reply>(manager, value_atom_v, id, name);
  }

  manager_stats stats() {
    auto r = ask<std::vector<std::uint64_t>>(manager, stats_atom_v);
    run();
    manager_stats s;
    if (r->value && r->value->size() == 4) {
      const auto& v = *r->value;
      s = manager_stats{v[0], v[1], v[2], v[3]};
    }
    return s;
  }

  /// Computations that start from now on wait until `finish_computation`.
  void hold_computations() {
    comp.close();
    held = true;
  }

  /// Lets the held computation finish, then waits (no sleep: on the
  /// enqueue hook of the test coordinator, then on the worker's reference
  /// count) until its worker has put the result into the session's mailbox
  /// and is done with CAF (its cleanup touches the test clock). Call it
  /// with every scheduled actor idle (after `run`). False if the worker
  /// did not report within `answer_limit`.
  bool finish_computation() {
    held = false;
    auto sent = std::make_shared<std::promise<void>>();
    auto arrived = sent->get_future();
    sched.after_next_enqueue([sent] { sent->set_value(); });
    comp.open();
    if (arrived.wait_for(answer_limit) != std::future_status::ready)
      return false;
    // The session (the only job) has the result (its only message). This
    // peek is compiled into CAF: the inline mailbox().peek() trips UBSan's
    // vptr check on the queue's sentinel node.
    if (sched.jobs.size() != 1)
      return false;
    const auto* msg
      = sched.next_job<caf::scheduled_actor>().peek_at_next_mailbox_element();
    if (msg == nullptr || !msg->sender)
      return false;
    // The worker drops its own reference last; the message holds the other.
    const auto& refs = msg->sender->strong_refs;
    auto limit = std::chrono::steady_clock::now() + answer_limit;
    while (refs.load() > 1)
      if (std::chrono::steady_clock::now() > limit)
        return false;
      else
        std::this_thread::yield();
    return true;
  }

  /// The stored blob of session `id`, parsed; null when absent.
  json::value stored(const std::string& id) {
    auto blob = store->peek(config->key_prefix + id);
    return blob ? json::parse(*blob) : json::value{nullptr};
  }
};

/// True when `r` is a value (no error code, no error text).
inline bool ok(const session_answer& r) {
  return r->value && r->value->code == errc::none && r->value->error.empty()
         && r->value->value;
}

inline std::string describe(const session_answer& r) {
  if (r->error)
    return "error " + caf::to_string(*r->error);
  if (!r->value)
    return "no answer yet";
  const auto& v = *r->value;
  return "code=" + std::string{dash::to_string(v.code)} + " error='" + v.error
         + "' value=" + (v.value ? json::serialize(*v.value) : "null");
}

} // namespace dash::actors::deterministic
