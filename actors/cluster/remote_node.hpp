// actors/cluster/remote_node.hpp
// This node's stand-in for another member: it speaks the same messages as
// a local cache shard and session manager, sends them to that member's
// endpoint, and turns the wire answers back into values. When the member
// leaves, every request still waiting goes to the key's new owner, so a
// waiter gets a result or an error, never silence. Values it fetched stay
// in a near cache (near_cache.hpp) on a short lease; see remote_node.cpp.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <caf/typed_event_based_actor.hpp>

#include "actors/cache/cache_router.hpp"
#include "actors/cache/memo_source.hpp"
#include "actors/cache/placement.hpp"
#include "actors/cluster/near_cache.hpp"
#include "actors/core/interfaces.hpp"
#include "actors/core/metrics.hpp"

namespace spdlog {
class logger;
}

namespace dash::actors {

struct remote_node_config {
  std::string member; ///< its name, for logs
  cluster_endpoint_actor endpoint;
  std::shared_ptr<const cache_router> cache;
  std::shared_ptr<const session_router> sessions;
  std::shared_ptr<const memo_sources> sources;
  std::shared_ptr<metrics> stats;
  std::shared_ptr<spdlog::logger> log;
  /// How long a failed request waits to hear that the member left.
  std::chrono::milliseconds grace{3000};
  /// How long a request waits for the member's answer: the longest a
  /// callback waits (callback_table::max_timeout).
  std::chrono::milliseconds timeout{120'000};
  /// Bounds and lease of the near copies of this member's values.
  near_cache_limits near{};
  /// The cluster view: near copies kept under another view are dropped.
  /// Null: views are not checked (tests of a single stand-in).
  std::shared_ptr<const placement> where{};
};

struct remote_node_state {
  /// A request sent to the member and not yet answered.
  struct waiting {
    memo_request memo;      ///< for a memo fetch
    std::string session_id; ///< for a session value (memo unused)
    std::string name;
    caf::response_promise promise;
    /// A fetch answered at a reply port instead of by the promise.
    std::optional<reply_address> to;
    std::string failure; ///< the error, while waiting to hear `gone`
    std::vector<waiting> followers; ///< fetches of the same key that joined
  };

  remote_node_config cfg;
  std::unordered_map<std::uint64_t, waiting> waiting_for;
  /// Memo keys on their way: the request id later fetches join.
  std::unordered_map<std::string, std::uint64_t> in_flight;
  std::uint64_t next_id = 0;
  bool gone = false; ///< the member left: everything goes to new owners
  /// Decoded values fetched from the member, served without asking it.
  near_cache near;
  /// The view the near copies were kept under.
  std::weak_ptr<const cluster_view> near_view;
  /// Bumped whenever the near cache is emptied: a fetch sent before that
  /// does not put its answer into it.
  std::uint64_t near_epoch = 0;

  static constexpr const char* name = "dash.remote_node";
};


/// Messages as a cache shard (`fetch_atom`, `prefetch_atom`) and a session
/// manager (`value_atom`); `(gone_atom)` from the membership actor once the
/// member has left and the new view is published. Spawn it detached: it
/// decodes values (user conversions) on its own thread.
remote_node_actor::behavior_type
remote_node(remote_node_actor::stateful_pointer<remote_node_state> self,
            remote_node_config cfg);

} // namespace dash::actors
