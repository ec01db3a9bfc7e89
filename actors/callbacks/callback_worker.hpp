// actors/callbacks/callback_worker.hpp
// The actor that runs the user's function for one callback on a thread of
// its own (spawned detached), so user code never occupies a CAF scheduler
// thread. A callback that waits on a memoized value returns a deferred:
// the worker takes the next job meanwhile and resumes it when the cache
// shard's completion signal arrives. Spawned and supervised by
// callback_pool.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <caf/typed_event_based_actor.hpp>

#include "actors/cache/cache_router.hpp"
#include "actors/core/interfaces.hpp"
#include "model/app.hpp"
#include "model/fan_out.hpp"

namespace spdlog {
class logger;
}

namespace dash::actors {

class metrics;

/// A dependent callback this one feeds (server-side fan-out).
struct fan_out_link {
  std::string function;          ///< its cache function name
  std::vector<std::size_t> from; ///< per input: which of our outputs
};

/// Everything a worker needs; shared by the workers of one callback.
struct worker_context {
  std::shared_ptr<const model::registered_callback> cb;
  std::shared_ptr<spdlog::logger> log;
  std::shared_ptr<spdlog::logger> app_log;
  std::shared_ptr<const cache_router> cache;
  /// Session managers by session id; null when the app has no sessions.
  std::shared_ptr<const session_router> sessions;
  std::vector<fan_out_link> fan_out;
  /// How long a run waits for a memoized or session value: the callback's
  /// own timeout (a deferred run holds no worker, so this is its bound).
  std::chrono::milliseconds wait_timeout{120'000};
  /// Session values each worker keeps (a hit then skips the session
  /// manager and the session actor); 0 turns the cache off.
  std::size_t session_cache_entries = 256;
  /// Where the pool counts timeouts and replaced workers; may be null.
  std::shared_ptr<metrics> stats;
  std::size_t metrics_index = 0; ///< this callback in `stats`
};

/// Runs jobs (`run_atom, callback_job`) and tells `pool` (`idle_atom`) when
/// it can take another. A function that throws a std::exception answers
/// its request with 500 and the worker goes on (as a Dash worker does);
/// anything else thrown answers 500 and the worker exits with an error, so
/// the pool replaces it.
callback_worker_actor::behavior_type
callback_worker(callback_worker_actor::pointer self, callback_pool_actor pool,
                std::shared_ptr<const worker_context> wc);

} // namespace dash::actors
