// actors/cluster/cluster.cpp
// Start-up of a cluster member: the endpoint and membership actors, then
// the published port, then the node's own description (its name needs the
// bound port).
#include "actors/cluster/cluster.hpp"

#include <stdexcept>

#include <caf/all.hpp>
#include <caf/io/all.hpp>
#include <caf/openssl/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/cluster/cluster_endpoint.hpp"
#include "actors/cluster/cluster_node.hpp"
#include "actors/cluster/openssl_error_queue.hpp"
#include "actors/core/messages.hpp"

namespace dash::actors {

void prepare_cluster(caf::actor_system_config& cfg,
                     const cluster_settings& s) {
  cfg.load<caf::io::middleman>();
  if (s.tls()) {
    // Every link is TLS with certificates checked on both sides (CAF sets
    // SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT when given these).
    // A refused peer must not break the members' links (see the header).
    if (!openssl_error_queue_guarded())
      throw std::runtime_error(
        "cluster TLS: this program does not wrap OpenSSL's I/O calls "
        "(actors/cluster/openssl_error_queue.cpp), so a refused peer could "
        "drop the members' links; link dash_cluster statically into it");
    cfg.load<caf::openssl::manager>();
    cfg.openssl_certificate = s.tls_cert_file;
    cfg.openssl_key = s.tls_key_file;
    cfg.openssl_cafile = s.tls_ca_file;
  }
  // The middleman's own heartbeats find a hung connection too.
  cfg.set("middleman.heartbeat-interval", caf::timespan{s.heartbeat});
  cfg.set("middleman.connection-timeout", caf::timespan{s.down_after});
}

cluster_membership::cluster_membership(
  caf::actor_system& sys, const cluster_settings& s, const std::string& app,
  const std::string& http, const callback_table& table,
  std::shared_ptr<placement> where, std::shared_ptr<metrics> stats,
  std::shared_ptr<spdlog::logger> log) {
  auto cfg = std::make_shared<cluster_node_config>(cluster_node_config{
    *s.auth, s.seeds,
    s.vnodes, s.heartbeat, s.down_after, where, cluster_endpoint_actor{},
    table.cache(),
    table.sessions(), table.sources(), stats, log, table.max_timeout()});
  endpoint_ = sys.spawn(cluster_endpoint, table.cache(), table.sessions(),
                        table.max_timeout(),
                        s.near_cache.enabled() ? s.near_cache.lease
                                               : std::chrono::milliseconds{0},
                        log);
  cfg->endpoint = endpoint_;
  cfg->near_cache = s.near_cache;
  cfg->tls = s.tls();
  node_ = sys.spawn(cluster_node,
                    std::shared_ptr<const cluster_node_config>(std::move(cfg)));
  // SO_REUSEADDR: a node restarted at once binds its port again (its old
  // connections may linger in TIME_WAIT); two live listeners never share.
  auto port = s.tls()
                ? caf::openssl::publish(node_, s.port, s.host.c_str(), true)
                : sys.middleman().publish(node_, s.port, s.host.c_str(), true);
  if (!port) {
    stop();
    throw std::runtime_error("cannot listen for the cluster on " + s.host
                             + ":" + std::to_string(s.port) + ": "
                             + sys.render(port.error()));
  }
  auto address = s.host + ':' + std::to_string(*port);
  name_ = s.name.empty() ? address : s.name;
  log->info("cluster listening on {} node={} transport={}", address, name_,
            s.tls() ? "mutual-tls" : "tcp");
  caf::anon_send(node_, configure_atom_v,
                 node_info{name_, app, http, address, {}, {}});
}

void cluster_membership::stop() {
  caf::anon_send_exit(node_, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(endpoint_, caf::exit_reason::user_shutdown);
}

} // namespace dash::actors
