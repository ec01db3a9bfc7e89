// actors/runtime.hpp
// Spawns a node's actors for an app: cache shards, one pool per callback,
// the sources shards compute from (memoized functions, fan-out targets),
// and returns the immutable table the HTTP layer uses.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>

#include <caf/fwd.hpp>

#include "actors/callback_pool.hpp"
#include "actors/callback_table.hpp"
#include "model/app.hpp"

namespace spdlog {
class logger;
}

namespace dash::actors {

struct runtime_settings {
  pool_limits pools;
  std::size_t cache_shards = 2;
  /// How long fan-out answers nobody asked for are kept.
  std::chrono::milliseconds fan_out_ttl{10'000};
  std::size_t fan_out_entries = 1024; ///< per fan-out target
  /// How long a callback waits for a memoized value.
  std::chrono::milliseconds memo_timeout{120'000};
};

std::shared_ptr<const callback_table>
spawn_runtime(caf::actor_system& sys, const model::app& app,
              const runtime_settings& settings,
              std::shared_ptr<spdlog::logger> log,
              std::shared_ptr<spdlog::logger> app_log);

} // namespace dash::actors
