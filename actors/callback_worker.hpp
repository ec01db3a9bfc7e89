// actors/callback_worker.hpp
// The actor that runs the user's function for one callback, one job at a
// time, on a thread of its own (spawned detached), so user compute never
// occupies a CAF scheduler thread. Spawned and supervised by callback_pool.
#pragma once

#include <memory>

#include <caf/event_based_actor.hpp>

#include "model/app.hpp"

namespace spdlog {
class logger;
}

namespace dash::actors {

/// Runs jobs (`run_atom, callback_job`) and tells `pool` (`idle_atom`) when
/// done. A function that throws answers its request with 500, and the
/// worker then exits with an error so the pool replaces it with a fresh one.
caf::behavior callback_worker(caf::event_based_actor* self, caf::actor pool,
                              std::shared_ptr<const model::registered_callback>
                                cb,
                              std::shared_ptr<spdlog::logger> log,
                              std::shared_ptr<spdlog::logger> app_log);

} // namespace dash::actors
