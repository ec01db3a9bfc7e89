// actors/cluster/cluster_node.hpp
// A node's membership actor, published on the cluster port: it admits
// peers that prove they hold the cluster secret (challenge both ways),
// joins through the seeds, pings the members, removes one that dies or
// goes silent, and publishes the hash ring over the living ones.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <caf/stateful_actor.hpp>

#include "actors/cache/cache_router.hpp"
#include "actors/cluster/cluster_address.hpp"
#include "actors/cluster/cluster_auth.hpp"
#include "actors/cluster/near_cache.hpp"
#include "actors/cache/memo_source.hpp"
#include "actors/core/interfaces.hpp"
#include "actors/core/messages.hpp"
#include "actors/core/metrics.hpp"
#include "actors/cache/placement.hpp"

namespace spdlog {
class logger;
}

namespace dash::actors {

struct cluster_node_config {
  cluster_auth auth;
  std::vector<cluster_address> seeds;
  std::size_t vnodes = 64;
  std::chrono::milliseconds heartbeat{250};
  std::chrono::milliseconds down_after{2000};
  std::shared_ptr<placement> where;
  cluster_endpoint_actor endpoint; ///< this node's, told who is admitted
  // What the stand-ins of other members need:
  std::shared_ptr<const cache_router> cache;
  std::shared_ptr<const session_router> sessions;
  std::shared_ptr<const memo_sources> sources;
  std::shared_ptr<metrics> stats;
  std::shared_ptr<spdlog::logger> log;
  /// How long a stand-in waits for another member's answer.
  std::chrono::milliseconds request_timeout{120'000};
  /// Bounds and lease of each stand-in's near cache.
  near_cache_limits near_cache{};
  /// Links go through CAF's OpenSSL middleman (mutual TLS).
  bool tls = false;
};

struct cluster_node_state {
  using clock = std::chrono::steady_clock;

  struct member {
    node_info info;
    remote_node_actor stand_in;
    clock::time_point last_seen;
  };

  /// A hello this gate answered, waiting for the join that proves it.
  struct challenge {
    std::string joiner;
    std::string their_nonce;
    clock::time_point issued;
  };

  /// When to try an address again after a failed attempt.
  struct backoff {
    clock::time_point next;
    std::chrono::milliseconds wait{0};
  };

  std::shared_ptr<const cluster_node_config> cfg;
  node_info self_info; ///< set by configure
  bool started = false;
  std::map<std::string, member> members; ///< by name, without this node
  std::map<std::string, challenge> challenges; ///< by this gate's nonce
  std::set<std::string> connecting; ///< host:port attempts in flight
  std::map<std::string, backoff> retry;
  clock::time_point last_tick; ///< to notice this node was not running

  static constexpr const char* name = "dash.cluster_node";
};

using cluster_node_actor =
  membership_actor::stateful_pointer<cluster_node_state>;

/// Waits for `(configure_atom, node_info self)` (its name, app, HTTP and
/// cluster addresses, once the ports are bound), then joins and runs.
/// Messages from peers: `(hello_atom, name, nonce) -> (nonce, proof,
/// name)`, `(join_atom, node_info, nonce, proof) -> std::vector<node_info>`,
/// `(ping_atom, name)`, `(pong_atom, name, addresses)` (comma-separated
/// cluster addresses of the members the sender knows). Refusals are dash
/// errors: errc::forbidden (wrong secret, other app, name taken),
/// errc::unavailable (not accepting joins now), errc::bad_request.
membership_actor::behavior_type
cluster_node(cluster_node_actor self,
             std::shared_ptr<const cluster_node_config> cfg);

} // namespace dash::actors
