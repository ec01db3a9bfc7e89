// actors/callbacks/callback_table.hpp
// The node's callbacks by output string, each with the slot of the pool
// serving it, the cache shards and the session managers. Built once by
// spawn_runtime and immutable after; the HTTP layer looks a request up
// here and submits the job without waiting.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <caf/actor.hpp>

#include "actors/core/actor_slot.hpp"
#include "actors/core/reply_port.hpp"
#include "actors/sessions/session_io.hpp"
#include "actors/cache/cache_router.hpp"
#include "actors/cache/memo_source.hpp"
#include "actors/core/messages.hpp"
#include "actors/core/metrics.hpp"
#include "model/app.hpp"

namespace dash::actors {

class callback_table {
public:
  struct entry {
    std::shared_ptr<const model::registered_callback> callback;
    std::shared_ptr<basic_actor_slot<callback_pool_actor>> pool;
    /// Its answers go through the cache (a fan-out target): identical
    /// runs share one computation, started early by the upstream callback.
    bool cached = false;
    std::size_t index = 0; ///< in app.callbacks() and the metrics
    std::chrono::milliseconds timeout{0}; ///< of one run
  };

  callback_table(std::unordered_map<std::string, entry> entries,
                 std::shared_ptr<const cache_router> cache,
                 std::shared_ptr<const session_router> sessions,
                 supervisor_actor root, std::vector<session_io_actor> services,
                 std::shared_ptr<const memo_sources> sources = nullptr);

  /// The callback whose output string is `output`, or nullptr.
  const entry* find(std::string_view output) const;

  /// Hands `job` to the callback's pool, or to the cache shard owning its
  /// inputs for a fan-out target, through `port` (the job's reply address
  /// is at it): a pool or shard that is gone answers at once. Never blocks.
  void submit(const entry& e, callback_job job, const reply_port& port) const;

  /// Asks the shards and session managers for their counters; `done` gets
  /// them (on an actor's thread) within `timeout`. Never blocks.
  void collect(std::chrono::milliseconds timeout,
               std::function<void(runtime_stats)> done) const;

  /// Asks the session store whether it answers; `done` gets "" or the
  /// problem within `timeout`. Never blocks.
  void check_backends(std::chrono::milliseconds timeout,
                      std::function<void(std::string)> done) const;

  /// Stops the supervision tree (pools, shards, session managers), then
  /// the session store once the writes already sent to it are done.
  void stop_all() const;

  /// The longest timeout of any callback.
  std::chrono::milliseconds max_timeout() const;

  std::size_t size() const {
    return entries_.size();
  }

  /// The routers and the memo sources (for the cluster's actors).
  const std::shared_ptr<const cache_router>& cache() const {
    return cache_;
  }
  const std::shared_ptr<const session_router>& sessions() const {
    return sessions_;
  }
  const std::shared_ptr<const memo_sources>& sources() const {
    return sources_;
  }

private:
  std::unordered_map<std::string, entry> entries_;
  std::shared_ptr<const cache_router> cache_;
  std::shared_ptr<const session_router> sessions_;
  supervisor_actor root_;            ///< the top supervisor
  std::vector<session_io_actor> services_; ///< stopped last
  std::shared_ptr<const memo_sources> sources_;
};

} // namespace dash::actors
