// actors/runtime.hpp
// Spawns a node's actors for an app under a supervision tree (root ->
// callbacks/cache/sessions supervisors -> pools, shards, session managers)
// and returns the immutable table the HTTP layer uses.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include <caf/fwd.hpp>

#include "actors/callbacks/callback_pool.hpp"
#include "actors/callbacks/callback_table.hpp"
#include "actors/core/metrics.hpp"
#include "actors/cache/placement.hpp"
#include "actors/sessions/session_ids.hpp"
#include "actors/supervision/supervisor.hpp"
#include "model/app.hpp"

namespace spdlog {
class logger;
}

namespace dash::actors {

struct session_settings {
  std::string backend = "memory"; ///< memory, disk or redis
  std::string dir;                ///< disk backend folder
  std::size_t disk_max_bytes = std::size_t{1} << 30;
  std::string redis_host = "127.0.0.1";
  int redis_port = 6379;
  std::chrono::milliseconds redis_timeout{1000};
  std::chrono::milliseconds idle{300'000};
  std::chrono::seconds lifetime{86'400};
  std::size_t max_live = 100'000; ///< live session actors per node
  std::size_t managers = 2;
};

struct runtime_settings {
  session_settings sessions;
  pool_limits pools;
  std::size_t cache_shards = 2;
  /// How long fan-out answers nobody asked for are kept.
  std::chrono::milliseconds fan_out_ttl{10'000};
  std::size_t fan_out_entries = 1024; ///< per fan-out target
  /// How long a memoized or session value may compute before its waiters
  /// get an error (a memo may set its own: memo_options::timeout).
  std::chrono::milliseconds memo_timeout{120'000};
  /// Restart intensity of the supervisors above pools, shards and session
  /// managers (and of the root above them).
  restart_intensity supervisors{5, std::chrono::milliseconds{60'000}};
  /// Where keys live when this node is one of a cluster; null: alone.
  std::shared_ptr<const placement> where;
  /// Counters; spawn_runtime makes its own when null.
  std::shared_ptr<metrics> stats;
  /// Called when the root supervisor gives up: the process should end
  /// with a non-zero status so that its process manager restarts it.
  std::function<void(const std::string& why)> on_give_up;
};

/// Counters for `app`: its callbacks and the supervisors spawn_runtime
/// starts (root, callbacks, cache, sessions).
std::shared_ptr<metrics> make_metrics(const model::app& app);

/// Spawns everything. `ids` signs and checks session ids. Throws
/// std::runtime_error when a session backend cannot be opened.
std::shared_ptr<const callback_table>
spawn_runtime(caf::actor_system& sys, const model::app& app,
              const runtime_settings& settings,
              std::shared_ptr<const session_ids> ids,
              std::shared_ptr<spdlog::logger> log,
              std::shared_ptr<spdlog::logger> app_log);

} // namespace dash::actors
