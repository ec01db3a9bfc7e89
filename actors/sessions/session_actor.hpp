// actors/sessions/session_actor.hpp
// One live user session: owns that user's values on the server, computes
// each at most once (single flight within the session), writes them
// through to the session store, passivates itself when idle and ends when
// its lifetime is over. Spawned and routed to by session_manager.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <caf/actor.hpp>
#include <caf/typed_response_promise.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/core/interfaces.hpp"
#include "actors/sessions/session_ids.hpp"
#include "actors/sessions/session_io.hpp"
#include "model/session_memo.hpp"

namespace spdlog {
class logger;
}

namespace dash::actors {

/// What every session of a node shares; immutable.
struct session_config {
  std::shared_ptr<const session_ids> ids;
  std::unordered_map<std::string, std::shared_ptr<const model::session_memo_def>>
    values;
  session_io_actor io; ///< the store's I/O actor (typed: the compiler
                       ///< checks every message sent to it)
  std::chrono::milliseconds idle{300'000};
  std::chrono::seconds lifetime{86'400};
  std::size_t max_live = 100'000; ///< per manager
  /// A value still computing after this fails its waiters.
  std::chrono::milliseconds compute_timeout{120'000};
  std::string key_prefix = "session:";
  std::shared_ptr<spdlog::logger> log;
};

struct session_state {
  using reply_promise = caf::typed_response_promise<session_reply>;

  std::string id;
  std::shared_ptr<const session_config> cfg;
  session_manager_actor manager;
  bool loaded = false;
  bool loading = false;
  bool dirty = false;
  std::int64_t created_ms = 0;
  std::chrono::steady_clock::time_point last_used;
  std::unordered_map<std::string, std::shared_ptr<const json::value>> values;
  std::unordered_map<std::string, std::vector<reply_promise>>
    computing;
  std::vector<std::pair<std::string, reply_promise>> before_load;

  static constexpr const char* name = "dash.session";
};


/// `(value_atom, name) -> session_reply`; `(passivate_atom)` from the
/// manager.
session_actor::behavior_type
session(session_actor::stateful_pointer<session_state> self, std::string id,
        std::shared_ptr<const session_config> cfg,
        session_manager_actor manager);

} // namespace dash::actors
