// actors/callback_table.hpp
// The node's callbacks by output string, each with the pool actor serving
// it, and the cache shards. Built once by spawn_runtime and immutable
// after; the HTTP layer looks a request up here and submits the job
// without waiting.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <caf/actor.hpp>

#include "actors/cache_router.hpp"
#include "actors/messages.hpp"
#include "model/app.hpp"

namespace dash::actors {

class callback_table {
public:
  struct entry {
    std::shared_ptr<const model::registered_callback> callback;
    caf::actor pool;
    /// Its answers go through the cache (a fan-out target): identical
    /// runs share one computation, started early by the upstream callback.
    bool cached = false;
  };

  callback_table(std::unordered_map<std::string, entry> entries,
                 std::shared_ptr<const cache_router> cache,
                 std::shared_ptr<const cache_router> sessions,
                 std::vector<caf::actor> services);

  /// The callback whose output string is `output`, or nullptr.
  const entry* find(std::string_view output) const;

  /// Hands `job` to the callback's pool, or to the cache shard owning its
  /// inputs for a fan-out target. Never blocks.
  void submit(const entry& e, callback_job job) const;

  /// Asks every pool and shard to stop (at shutdown).
  void stop_all() const;

  std::size_t size() const {
    return entries_.size();
  }
  const cache_router& cache() const {
    return *cache_;
  }

private:
  std::unordered_map<std::string, entry> entries_;
  std::shared_ptr<const cache_router> cache_;
  std::shared_ptr<const cache_router> sessions_;
  std::vector<caf::actor> services_; ///< stopped last (session I/O)
};

} // namespace dash::actors
