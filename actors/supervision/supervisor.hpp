// actors/supervision/supervisor.hpp
// A one-for-one supervisor: starts its children, restarts one that fails,
// and gives up (escalates to its own supervisor by failing) when children
// failed more than `max_restarts` times within `period`.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <caf/actor_cast.hpp>
#include <caf/fwd.hpp>
#include <caf/stateful_actor.hpp>
#include <caf/actor_control_block.hpp>

#include "actors/core/actor_slot.hpp"
#include "actors/core/interfaces.hpp"

namespace spdlog {
class logger;
}

namespace dash::actors {

class metrics;

/// At most `max_restarts` restarts within `period`; one more escalates.
struct restart_intensity {
  std::size_t max_restarts = 5;
  std::chrono::milliseconds period{10'000};
};

/// The restarts made within the last `period` of an intensity: whether one
/// more is allowed. Used by supervisors and by callback pools.
class restart_window {
public:
  explicit restart_window(restart_intensity limit = {}) : limit_(limit) {}

  /// Counts a restart at `now` and returns true, or returns false
  /// (counting nothing) when it would be one more than the intensity
  /// allows. Actors pass their clock's time (`self->clock().now()`), which
  /// the test coordinator simulates.
  bool try_restart(std::chrono::steady_clock::time_point now);
  /// Restarts counted within the period, as of the last try_restart.
  std::size_t used() const {
    return times_.size();
  }
  const restart_intensity& limit() const {
    return limit_;
  }

private:
  restart_intensity limit_;
  std::deque<std::chrono::steady_clock::time_point> times_;
};

/// How to start one child. The supervisor knows a child only as an actor
/// to watch and stop, whatever its interface: each child publishes its own
/// typed handle where its users find it (see `publishing`).
struct child_spec {
  using start_fn = std::function<caf::strong_actor_ptr(caf::actor_system&)>;
  std::string name;
  start_fn start;
};

/// The `start` of a child: `spawn(sys)` makes it, its handle goes into
/// `slot` (where routers and the HTTP layer find it), and the supervisor
/// gets a reference to watch and stop it.
template <class Handle, class Spawn>
child_spec::start_fn
publishing(std::shared_ptr<basic_actor_slot<Handle>> slot, Spawn spawn) {
  return [slot = std::move(slot),
          spawn = std::move(spawn)](caf::actor_system& sys) {
    Handle h = spawn(sys);
    slot->set(h);
    return caf::actor_cast<caf::strong_actor_ptr>(h);
  };
}

struct supervisor_config {
  std::string name;
  std::vector<child_spec> children;
  restart_intensity intensity;
  std::shared_ptr<spdlog::logger> log;
  std::shared_ptr<metrics> stats; ///< may be null
  /// Called (from the supervisor's thread) when it escalates; only the
  /// top of the tree sets it, to end the process.
  std::function<void(const std::string& why)> on_give_up;
};

struct supervisor_state {
  std::shared_ptr<const supervisor_config> cfg;
  std::vector<caf::strong_actor_ptr> current; ///< by child index
  restart_window restarts;
  bool stopping = false;

  static constexpr const char* name = "dash.supervisor";
};

/// Supervises `children` (started from `cfg.children`, in order). Stops
/// with a dash error (errc::internal) when its restart intensity is
/// exceeded; an exit message (shutdown) stops its children and then
/// itself. Answers `(stats_atom)` with the restarts used within the period.
supervisor_actor::behavior_type
supervisor(supervisor_actor::stateful_pointer<supervisor_state> self,
           std::shared_ptr<const supervisor_config> cfg,
           std::vector<caf::strong_actor_ptr> children);

/// Starts the children of `cfg` now, in the calling thread (so that their
/// slots are filled when this returns), then their supervisor.
supervisor_actor
spawn_supervisor(caf::actor_system& sys,
                 std::shared_ptr<const supervisor_config> cfg);

/// The `start` of a child that is itself a supervisor (spawn_supervisor).
child_spec::start_fn
start_supervisor(std::shared_ptr<const supervisor_config> cfg);

} // namespace dash::actors
