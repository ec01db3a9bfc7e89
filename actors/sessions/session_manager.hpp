// actors/sessions/session_manager.hpp
// Owns the live session actors of one slice of the session-id space:
// verifies ids, starts (or reactivates from the store) a session on first
// use, routes requests to it, and passivates the least recently used ones
// beyond the cap on live sessions.
#pragma once

#include <list>
#include <memory>
#include <string>
#include <unordered_map>

#include <caf/actor.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/sessions/session_actor.hpp"

namespace dash::actors {

struct session_manager_state {
  struct live_session {
    session_actor actor;
    std::list<std::string>::iterator lru_pos;
  };

  std::shared_ptr<const session_config> cfg;
  std::unordered_map<std::string, live_session> live;
  std::list<std::string> lru; ///< most recently used first
  std::unordered_map<caf::actor_addr, std::string> by_address;
  std::uint64_t started = 0;
  std::uint64_t passivated = 0;
  std::uint64_t refused = 0;

  static constexpr const char* name = "dash.session_manager";
};


/// `(value_atom, session_id, name) -> session_reply`;
/// `(passivate_atom, session_id)` from an idle session;
/// `(stats_atom) -> std::vector<std::uint64_t>{live, started, passivated,
/// refused}`.
session_manager_actor::behavior_type session_manager(
  session_manager_actor::stateful_pointer<session_manager_state> self,
  std::shared_ptr<const session_config> cfg);

} // namespace dash::actors
