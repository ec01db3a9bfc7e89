// actors/sessions/session_io.hpp
// The actor that owns a session store (memory, disk or Redis) and does its
// blocking I/O on a thread of its own (spawned detached): loads, writes
// and erases of session blobs for the session actors.
#pragma once

#include <chrono>
#include <memory>

#include <caf/event_based_actor.hpp>

#include "actors/sessions/store/session_store.hpp"

namespace spdlog {
class logger;
}

namespace dash::actors {

/// `(load_atom, key) -> load_reply`, `(store_atom, key, blob, ttl_s) ->
/// std::string` (empty: ok, else the error), `(erase_atom, key)`,
/// `(stats_atom) -> std::string` (readiness: empty when the backend
/// answers) and `(passivate_atom)`: stop once the writes before it are done.
caf::behavior session_io(caf::event_based_actor* self,
                         std::shared_ptr<store::session_store> store,
                         std::shared_ptr<spdlog::logger> log);

} // namespace dash::actors
