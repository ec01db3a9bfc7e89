// actors/sessions/session_io.hpp
// The actor that owns a session store (memory, disk or Redis) and does its
// blocking I/O on a thread of its own (spawned detached): loads, writes
// and erases of session blobs for the session actors.
#pragma once

#include <chrono>
#include <memory>

#include <cstdint>
#include <string>

#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/core/messages.hpp"
#include "actors/sessions/store/session_store.hpp"

namespace spdlog {
class logger;
}

namespace dash::actors {

/// The session store I/O actor's interface, checked by the compiler:
/// `(load_atom, key) -> load_reply`, `(store_atom, key, blob, ttl_s) ->
/// std::string` (empty: ok, else the error), `(erase_atom, key)`,
/// `(stats_atom) -> std::string` (readiness: empty when the backend
/// answers) and `(passivate_atom)`: stop once the writes before it are done.
using session_io_actor = caf::typed_actor<
  caf::replies_to<load_atom, std::string>::with<load_reply>,
  caf::replies_to<store_atom, std::string, std::string,
                  std::int64_t>::with<std::string>,
  caf::reacts_to<erase_atom, std::string>,
  caf::replies_to<stats_atom>::with<std::string>,
  caf::reacts_to<passivate_atom>>;

session_io_actor::behavior_type
session_io(session_io_actor::pointer self,
           std::shared_ptr<store::session_store> store,
           std::shared_ptr<spdlog::logger> log);

} // namespace dash::actors
