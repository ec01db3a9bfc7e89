// actors/callback_table.hpp
// The node's callbacks by output string, each with the pool actor serving
// it. Built once at start-up and immutable after; the HTTP layer looks a
// request up here and submits the job without waiting.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

#include "actors/callback_pool.hpp"
#include "actors/messages.hpp"
#include "model/app.hpp"

namespace spdlog {
class logger;
}

namespace dash::actors {

class callback_table {
public:
  struct entry {
    std::shared_ptr<const model::registered_callback> callback;
    caf::actor pool;
  };

  /// Spawns one pool per callback of `app`.
  callback_table(caf::actor_system& sys, const model::app& app,
                 pool_limits defaults, std::shared_ptr<spdlog::logger> log,
                 std::shared_ptr<spdlog::logger> app_log);

  /// The callback whose output string is `output`, or nullptr.
  const entry* find(std::string_view output) const;

  /// Hands `job` to the callback's pool. Never blocks.
  void submit(const entry& e, callback_job job) const;

  /// Asks every pool to stop (at shutdown).
  void stop_all() const;

  std::size_t size() const {
    return entries_.size();
  }

private:
  std::unordered_map<std::string, entry> entries_;
};

} // namespace dash::actors
