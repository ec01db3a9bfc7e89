// actors/cluster/cluster_node.cpp
// Joining: connect (middleman, asynchronously) -> hello (our nonce; the
// gate answers its nonce and its proof) -> check the gate's proof -> join
// (our proof) -> the gate's member list, each of which we join the same
// way. Watching: a monitor per member (connection lost) and pings (a hung
// peer); a member silent for down-after is removed. Every change publishes
// a new ring before the stand-in of a member that left is told.
#include "actors/cluster/cluster_node.hpp"

#include <algorithm>

#include <caf/all.hpp>
#include <caf/io/middleman.hpp>
#include <caf/openssl/manager.hpp>
#include <spdlog/spdlog.h>

#include "actors/cluster/remote_node.hpp"
#include "actors/core/errors.hpp"

namespace dash::actors {

namespace {

using state_t = cluster_node_state;
using clock = state_t::clock;

constexpr std::chrono::seconds handshake_timeout{5};
constexpr std::chrono::milliseconds first_retry{500};
constexpr std::chrono::milliseconds longest_retry{30'000};

std::string joined_addresses(const state_t& st) {
  std::string out;
  for (const auto& [name, m] : st.members) {
    if (!out.empty())
      out += ',';
    out += m.info.cluster;
  }
  return out;
}

/// Publishes the ring over this node and the members, and tells the
/// endpoint whom to serve.
void publish(cluster_node_actor self) {
  auto& st = self->state;
  std::vector<std::string> names{st.self_info.name};
  for (const auto& [name, m] : st.members)
    names.push_back(name);
  auto view = std::make_shared<cluster_view>(
    cluster_view{model::hash_ring{names, st.cfg->vnodes}, {}, 0});
  for (const auto& name : view->ring.members()) {
    if (name == st.self_info.name) {
      view->self = view->members.size();
      view->members.push_back({name, st.self_info.http, remote_node_actor{}});
    } else {
      const auto& m = st.members.at(name);
      view->members.push_back({name, m.info.http, m.stand_in});
    }
  }
  st.cfg->where->set(view);
  for (const auto& shard : st.cfg->cache->shards())
    self->send(shard, members_atom_v);
  st.cfg->stats->cluster_members.store(st.members.size() + 1,
                                       std::memory_order_relaxed);
  std::vector<caf::node_id> nodes;
  for (const auto& [name, m] : st.members)
    nodes.push_back(m.info.node.node());
  self->send(st.cfg->endpoint, members_atom_v, std::move(nodes));
}

void remove_member(cluster_node_actor self, const std::string& name,
                   const std::string& why) {
  auto& st = self->state;
  auto it = st.members.find(name);
  if (it == st.members.end())
    return;
  auto gone = std::move(it->second);
  st.members.erase(it);
  self->demonitor(gone.info.node.address());
  publish(self); // first: the stand-in sends its waiters to the new owners
  self->send(gone.stand_in, gone_atom_v);
  st.cfg->log->warn("cluster member left: {} ({}) members={}", name, why,
                    st.members.size() + 1);
}

void admit(cluster_node_actor self, const node_info& info) {
  auto& st = self->state;
  if (info.name == st.self_info.name)
    return;
  auto it = st.members.find(info.name);
  if (it != st.members.end()) {
    if (it->second.info.node == info.node) {
      it->second.last_seen = clock::now();
      return;
    }
    remove_member(self, info.name, "it came back as a new process");
  }
  self->monitor(info.node);
  remote_node_config rc{info.name, info.endpoint, st.cfg->cache,
                        st.cfg->sessions, st.cfg->sources, st.cfg->stats,
                        st.cfg->log,
                        st.cfg->down_after + 2 * st.cfg->heartbeat,
                        st.cfg->request_timeout};
  rc.near = st.cfg->near_cache;
  rc.where = st.cfg->where;
  auto stand_in = self->spawn<caf::detached + caf::linked>(remote_node,
                                                            std::move(rc));
  st.members.emplace(info.name, state_t::member{info, stand_in, clock::now()});
  st.retry.erase(info.cluster);
  publish(self);
  st.cfg->log->info("cluster member joined: {} (http={}) members={}",
                    info.name, info.http, st.members.size() + 1);
}

bool knows_address(const state_t& st, const std::string& address) {
  if (address == st.self_info.cluster || st.connecting.count(address) != 0)
    return true;
  for (const auto& [name, m] : st.members)
    if (m.info.cluster == address)
      return true;
  return false;
}

void failed(cluster_node_actor self, const std::string& address,
            const std::string& why, bool loud) {
  auto& st = self->state;
  st.connecting.erase(address);
  auto& b = st.retry[address];
  b.wait = b.wait.count() == 0 ? first_retry
                               : std::min(longest_retry, b.wait * 2);
  b.next = clock::now() + b.wait;
  if (loud)
    st.cfg->log->warn("cluster join refused by {}: {}", address, why);
  else
    st.cfg->log->debug("cluster: cannot reach {} yet: {} (next try in {} ms)",
                       address, why, b.wait.count());
}

/// Joins the node at `host:port` (the whole handshake, asynchronously).
void join(cluster_node_actor self, const cluster_address& to) {
  const auto& [host, port] = to;
  auto& me = self->state;
  auto address = host + ':' + std::to_string(port);
  if (knows_address(me, address))
    return;
  auto r = me.retry.find(address);
  if (r != me.retry.end() && clock::now() < r->second.next)
    return;
  me.connecting.insert(address);
  auto& sys = self->home_system();
  auto mm = me.cfg->tls ? sys.openssl_manager().actor_handle()
                        : sys.middleman().actor_handle();
  self->request(mm, handshake_timeout, caf::connect_atom::value, host, port)
    .then(
      [self, address](const caf::node_id& nid, caf::strong_actor_ptr& ptr,
                      const std::set<std::string>&) {
        auto& conn = self->state;
        if (nid == self->node()) {
          conn.connecting.erase(address);
          return;
        }
        // What listens on a cluster port is a membership actor (the
        // handshake below proves it holds the secret before anything else).
        auto gate = caf::actor_cast<membership_actor>(ptr);
        if (!gate)
          return failed(self, address, "no cluster node listens there", true);
        auto my_nonce = cluster_auth::nonce();
        self
          ->request(gate, handshake_timeout, hello_atom_v,
                    conn.self_info.name, my_nonce)
          .then(
            [self, address, gate, my_nonce](const std::string& gate_nonce,
                                            const std::string& proof,
                                            const std::string& gate_name) {
              auto& hs = self->state;
              auto mine = hs.cfg->auth.prove("join", my_nonce, gate_nonce,
                                             hs.self_info.name);
              if (!hs.cfg->auth.check(proof, "gate", gate_nonce, my_nonce,
                                      gate_name)) {
                // Still answer the challenge, without our handles, so that
                // the other side logs the refusal too.
                node_info bare{hs.self_info.name, hs.self_info.app, {}, {},
                               {}, {}};
                self
                  ->request(gate, handshake_timeout, join_atom_v,
                            std::move(bare), gate_nonce, mine)
                  .then([](const std::vector<node_info>&) {},
                        [](const caf::error&) {});
                return failed(self, address,
                              "it does not hold the cluster secret", true);
              }
              self
                ->request(gate, handshake_timeout, join_atom_v,
                          hs.self_info, gate_nonce, mine)
                .then(
                  [self, address](const std::vector<node_info>& members) {
                    auto& done = self->state;
                    done.connecting.erase(address);
                    done.retry.erase(address);
                    for (const auto& m : members)
                      if (m.cluster == address)
                        admit(self, m);
                    for (const auto& m : members)
                      if (auto other = parse_address(m.cluster);
                          other && m.cluster != address)
                        join(self, *other);
                  },
                  [self, address](const caf::error& e) {
                    failed(self, address, message_of(e), true);
                  });
            },
            [self, address](const caf::error& e) {
              failed(self, address, message_of(e), false);
            });
      },
      [self, address](const caf::error& e) {
        if (self->state.cfg->tls)
          // Also what a peer whose certificate our CA did not sign (or
          // that refused ours) looks like: CAF reports no more.
          self->state.cfg->log->info(
            "cluster: no mutual-TLS link to {}: {} (is it up, and is its "
            "certificate signed by cluster-tls-ca-file?)",
            address, message_of(e));
        failed(self, address, message_of(e), false);
      });
}

/// Joins each host:port in the comma-separated `list` a member sent
/// (entries that are not addresses are ignored).
void join_addresses(cluster_node_actor self, std::string_view list) {
  while (!list.empty()) {
    auto comma = list.find(',');
    if (auto address = parse_address(list.substr(0, comma)))
      join(self, *address);
    list = comma == std::string_view::npos ? std::string_view{}
                                           : list.substr(comma + 1);
  }
}

void tick(cluster_node_actor self) {
  auto& st = self->state;
  auto now = clock::now();
  if (st.last_tick != clock::time_point{}
      && now - st.last_tick > st.cfg->down_after) {
    // This node itself was stopped (SIGSTOP, a long GC-like pause of the
    // host): its timers say nothing about the others. Give them a fresh
    // window instead of dropping them all.
    st.cfg->log->warn("cluster: this node did not run for {} ms; members "
                      "get a new heartbeat window",
                      std::chrono::duration_cast<std::chrono::milliseconds>(
                        now - st.last_tick)
                        .count());
    for (auto& [name, m] : st.members)
      m.last_seen = now;
  }
  st.last_tick = now;
  std::vector<std::string> silent;
  for (const auto& [name, m] : st.members)
    if (now - m.last_seen > st.cfg->down_after)
      silent.push_back(name);
  for (const auto& name : silent)
    remove_member(self, name,
                  "no answer for "
                    + std::to_string(st.cfg->down_after.count()) + " ms");
  for (const auto& [name, m] : st.members)
    self->send(m.info.node, ping_atom_v, st.self_info.name);
  for (const auto& seed : st.cfg->seeds)
    join(self, seed);
  self->delayed_send(self, st.cfg->heartbeat, tick_atom_v);
}

bool from_member(cluster_node_actor self, const std::string& name) {
  auto it = self->state.members.find(name);
  const auto& sender = self->current_sender();
  return it != self->state.members.end() && sender
         && sender->node() == it->second.info.node.node();
}

} // namespace

membership_actor::behavior_type
cluster_node(cluster_node_actor self,
             std::shared_ptr<const cluster_node_config> cfg) {
  self->state.cfg = std::move(cfg);
  self->set_down_handler([self](const caf::down_msg& msg) {
    auto& st = self->state;
    for (const auto& [name, m] : st.members)
      if (m.info.node.address() == msg.source) {
        auto name_copy = name;
        return remove_member(self, name_copy,
                             msg.reason == caf::exit_reason::user_shutdown
                               ? "it shut down"
                               : "connection lost: "
                                   + caf::to_string(msg.reason));
      }
  });
  self->set_exit_handler([self](caf::exit_msg& msg) {
    auto& st = self->state;
    for (const auto& [name, m] : st.members)
      if (m.stand_in.address() == msg.source) {
        // A stand-in failed (it ends normally only after `gone`): drop the
        // member; it is joined again through the seeds and pings.
        auto name_copy = name;
        return remove_member(self, name_copy,
                             "its stand-in failed: "
                               + caf::to_string(msg.reason));
      }
    if (msg.reason != caf::exit_reason::normal)
      self->quit(msg.reason);
  });
  // The state is gone when attached functors run (CAF destroys it in
  // on_exit): capture what the clean-up needs. Stand-ins are linked, so
  // they end with this actor.
  self->attach_functor([where = self->state.cfg->where] {
    where->set(nullptr); // routers go back to this node alone
  });
  return {
    [self](configure_atom, node_info me) {
      auto& st = self->state;
      if (st.started)
        return;
      me.node = caf::actor_cast<membership_actor>(self);
      me.endpoint = st.cfg->endpoint;
      st.self_info = std::move(me);
      st.started = true;
      publish(self);
      tick(self);
    },
    [self](tick_atom) {
      auto& st = self->state;
      // Forget challenges nobody answered.
      auto now = clock::now();
      for (auto it = st.challenges.begin(); it != st.challenges.end();)
        it = now - it->second.issued > handshake_timeout
               ? st.challenges.erase(it)
               : std::next(it);
      tick(self);
    },
    [self](hello_atom, const std::string& joiner, const std::string& nonce)
      -> caf::result<std::string, std::string, std::string> {
      auto& st = self->state;
      if (!st.started || nonce.size() != 64 || joiner.empty()
          || joiner.size() > 256 || st.challenges.size() > 1024)
        return caf::make_error(errc::unavailable, "not accepting joins now");
      auto mine = cluster_auth::nonce();
      st.challenges[mine] = state_t::challenge{joiner, nonce, clock::now()};
      return {mine, st.cfg->auth.prove("gate", mine, nonce,
                                       st.self_info.name),
              st.self_info.name};
    },
    [self](join_atom, const node_info& joiner, const std::string& my_nonce,
           const std::string& proof)
      -> caf::result<std::vector<node_info>> {
      auto& st = self->state;
      auto it = st.challenges.find(my_nonce);
      auto sender = self->current_sender();
      auto from = sender ? caf::to_string(sender->node()) : "unknown";
      if (it == st.challenges.end() || it->second.joiner != joiner.name
          || !st.cfg->auth.check(proof, "join", it->second.their_nonce,
                                 my_nonce, joiner.name)) {
        if (it != st.challenges.end())
          st.challenges.erase(it);
        st.cfg->stats->cluster_refused.fetch_add(1,
                                                 std::memory_order_relaxed);
        st.cfg->log->warn("cluster refused a node {} (name {}): wrong secret",
                          from, joiner.name);
        return caf::make_error(errc::forbidden,
                               "refused: wrong cluster secret");
      }
      st.challenges.erase(it);
      if (joiner.name == st.self_info.name) {
        st.cfg->log->warn("cluster refused node {}: it is also named {} (each "
                          "node needs a name of its own)",
                          from, joiner.name);
        return caf::make_error(errc::forbidden,
                               "refused: a node named " + joiner.name
                                 + " is already a member");
      }
      if (joiner.app != st.self_info.app) {
        st.cfg->stats->cluster_refused.fetch_add(1,
                                                 std::memory_order_relaxed);
        st.cfg->log->warn("cluster refused node {} (name {}): it runs app "
                          "{}, this cluster runs {}",
                          from, joiner.name, joiner.app, st.self_info.app);
        return caf::make_error(errc::forbidden,
                               "refused: this cluster runs app "
                                 + st.self_info.app);
      }
      if (!joiner.node || !joiner.endpoint || !sender
          || joiner.node.node() != sender->node())
        return caf::make_error(errc::bad_request, "refused: malformed join");
      admit(self, joiner);
      std::vector<node_info> all{st.self_info};
      for (const auto& [name, m] : st.members)
        all.push_back(m.info);
      return all;
    },
    [self](ping_atom, const std::string& from) {
      auto& st = self->state;
      if (!from_member(self, from))
        return;
      st.members.at(from).last_seen = clock::now();
      self->send(st.members.at(from).info.node, pong_atom_v,
                 st.self_info.name, joined_addresses(st));
    },
    [self](pong_atom, const std::string& from, const std::string& known) {
      auto& st = self->state;
      if (!from_member(self, from))
        return;
      st.members.at(from).last_seen = clock::now();
      join_addresses(self, known);
    },
  };
}

} // namespace dash::actors
