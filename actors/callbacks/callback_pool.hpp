// actors/callbacks/callback_pool.hpp
// The actor that owns one registered callback: it queues jobs (bounded),
// hands each to an idle worker, grows its pool of workers on demand up to a
// limit, and supervises them: a worker that crashes or runs past the
// callback's timeout is replaced at once, within a restart intensity.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include <caf/actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/callbacks/callback_worker.hpp"
#include "actors/core/interfaces.hpp"
#include "actors/supervision/supervisor.hpp"
#include "model/app.hpp"

namespace spdlog {
class logger;
}

namespace dash::actors {

struct pool_limits {
  std::size_t max_workers = 4; ///< runs that may proceed at once
  std::size_t max_queue = 1024; ///< runs that may wait; then 503
  /// A run still going after this is answered 504 and its worker replaced.
  std::chrono::milliseconds timeout{120'000};
  /// Worker replacements allowed; one more stops the pool with an error,
  /// so that its supervisor restarts it (or escalates).
  restart_intensity workers{20, std::chrono::milliseconds{10'000}};
};

struct callback_pool_state {
  /// Jobs a worker holds at most (the one it runs and those next in its
  /// mailbox), so that under load it never sleeps waiting for the pool.
  static constexpr std::size_t pipeline = 4;

  struct slot {
    callback_worker_actor worker;
    std::deque<callback_job> jobs; ///< sent to it, oldest (running) first
    /// When the oldest job began running (as far as the pool can tell).
    std::chrono::steady_clock::time_point since;
  };

  std::shared_ptr<const worker_context> wc;
  pool_limits limits;
  std::vector<slot> slots;
  std::deque<callback_job> queue;
  std::uint64_t replaced = 0;
  restart_window restarts; ///< of workers, within limits.workers
  bool tick_pending = false;
  bool stopping = false; ///< gave up: restart intensity exceeded

  callback_pool_state() = default;
  callback_pool_state(const callback_pool_state&) = delete;
  callback_pool_state& operator=(const callback_pool_state&) = delete;
  /// Answers every job still held, but those running, with worker_lost.
  ~callback_pool_state();

  static constexpr const char* name = "dash.callback_pool";
};


/// Accepts `run_atom, callback_job` from the HTTP layer. Stops with an
/// error when its workers needed more replacements than `limits.workers`
/// allows; queued requests then get 503.
callback_pool_actor::behavior_type
callback_pool(callback_pool_actor::stateful_pointer<callback_pool_state> self,
              std::shared_ptr<const worker_context> wc, pool_limits limits);

} // namespace dash::actors
