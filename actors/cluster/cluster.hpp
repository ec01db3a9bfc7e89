// actors/cluster/cluster.hpp
// Makes a node a cluster member: registers the messages that cross nodes,
// loads CAF's middleman, publishes the membership actor on the cluster
// port and starts the endpoint other nodes call. Used by `serve`.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

#include "actors/callbacks/callback_table.hpp"
#include "actors/core/interfaces.hpp"
#include "actors/cluster/cluster_address.hpp"
#include "actors/cluster/cluster_auth.hpp"
#include "actors/cluster/near_cache.hpp"
#include "actors/core/metrics.hpp"
#include "actors/cache/placement.hpp"

namespace spdlog {
class logger;
}

namespace dash::actors {

struct cluster_settings {
  std::string host = "127.0.0.1"; ///< the cluster port's address
  std::uint16_t port = 9050;      ///< 0: any free port
  std::string name;               ///< empty: host:port
  std::vector<cluster_address> seeds; ///< nodes to join through
  std::shared_ptr<const cluster_auth> auth; ///< the cluster secret
  std::size_t vnodes = 64;
  std::chrono::milliseconds heartbeat{250};
  std::chrono::milliseconds down_after{2000};
  near_cache_limits near_cache{}; ///< per stand-in of another member
  /// Mutual TLS between nodes (CAF's OpenSSL module) when all three are
  /// set: this node's certificate chain and key, and the CA that signed
  /// every node's certificate. Empty: plain TCP (still HMAC-authenticated).
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string tls_ca_file;
  bool tls() const {
    return !tls_cert_file.empty();
  }
};

/// Loads the middleman, with its heartbeats; call before the actor system
/// is made, after register_system_types (which names the message types
/// that cross between nodes).
void prepare_cluster(caf::actor_system_config& cfg, const cluster_settings& s);

class cluster_membership {
public:
  /// Publishes and starts; throws std::runtime_error when the port
  /// cannot be bound. `http` is "host:port" of this node's HTTP listener.
  cluster_membership(caf::actor_system& sys, const cluster_settings& s,
                     const std::string& app, const std::string& http,
                     const callback_table& table,
                     std::shared_ptr<placement> where,
                     std::shared_ptr<metrics> stats,
                     std::shared_ptr<spdlog::logger> log);
  cluster_membership(const cluster_membership&) = delete;
  cluster_membership& operator=(const cluster_membership&) = delete;

  /// Leaves: the other nodes see the connection close at once.
  void stop();

  const std::string& name() const {
    return name_;
  }

private:
  membership_actor node_;
  cluster_endpoint_actor endpoint_;
  std::string name_;
};

} // namespace dash::actors
