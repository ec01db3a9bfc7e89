// actors/cluster/cluster_endpoint.hpp
// The door through which other nodes reach this node's cache shards and
// session managers: it answers only admitted members, hands each request
// to the local actor for its key, and sends values back in their wire
// form (encoded once, when they were computed).
#pragma once

#include <chrono>
#include <memory>
#include <set>

#include <caf/node_id.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/cache/cache_router.hpp"
#include "actors/cluster/lent_keys.hpp"
#include "actors/core/metrics.hpp"

namespace spdlog {
class logger;
}

namespace dash::actors {

struct cluster_endpoint_state {
  std::shared_ptr<const cache_router> cache;
  std::shared_ptr<const session_router> sessions; ///< null: no sessions
  std::set<caf::node_id> admitted;
  /// How long it waits for a local shard or session manager.
  std::chrono::milliseconds timeout{120'000};
  std::shared_ptr<spdlog::logger> log;
  /// Who holds near copies of which keys (set up by the behaviour).
  lent_keys lent{std::chrono::milliseconds{0}, 1};

  static constexpr const char* name = "dash.cluster_endpoint";
};


/// Messages: `(members_atom, std::vector<caf::node_id>)` from the local
/// membership actor (who may ask); `(evicted_atom, keys)` from a local
/// shard (passed on to the members that fetched those keys within
/// `near_lease`, their near copies' longest life); from members
/// `(fetch_atom, memo_request) -> memo_wire`, `(prefetch_atom,
/// memo_request)`, `(value_atom, session_id, name) -> session_wire`.
cluster_endpoint_actor::behavior_type cluster_endpoint(
  cluster_endpoint_actor::stateful_pointer<cluster_endpoint_state> self,
  std::shared_ptr<const cache_router> cache,
  std::shared_ptr<const session_router> sessions,
  std::chrono::milliseconds timeout, std::chrono::milliseconds near_lease,
  std::shared_ptr<spdlog::logger> log);

} // namespace dash::actors
