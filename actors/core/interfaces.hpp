// actors/core/interfaces.hpp
// The typed interface of every actor role, in one place: what each one
// accepts and what it answers. The compiler refuses a message a role does
// not list (tests/actors/typed shows it for each role).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <caf/node_id.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include "actors/core/messages.hpp"

namespace dash::actors {

// -- memoized values ---------------------------------------------------------

/// Whoever holds the memoized values of a key: a local cache shard, or on
/// a cluster node the stand-in of the member that owns the key.
/// `(fetch_atom, req) -> memo_reply`; with a reply_address the answer goes
/// there instead; a prefetch computes without a waiter (fan-out).
using memo_cache_actor = caf::typed_actor<
  caf::replies_to<fetch_atom, memo_request>::with<memo_reply>,
  caf::reacts_to<fetch_atom, memo_request, reply_address>,
  caf::reacts_to<prefetch_atom, memo_request>>;

/// A local cache shard: a memo cache that also takes its sources'
/// completion signal, reports its counters, drops keys that moved to
/// another node (`members_atom`) and sweeps expired entries on its timer.
/// `(lend_atom, req)` is a fetch for another node (from this node's
/// cluster endpoint): when the shard later drops that key it tells the
/// endpoint `(evicted_atom, keys)`, so the near copies go too.
using cache_shard_actor = memo_cache_actor::extend<
  caf::replies_to<lend_atom, memo_request>::with<memo_reply>,
  caf::reacts_to<computed_atom, memo_request, memo_reply>,
  caf::replies_to<stats_atom>::with<std::vector<memo_stats>>,
  caf::reacts_to<members_atom>, caf::reacts_to<sweep_atom>>;

// -- sessions ----------------------------------------------------------------

/// Whoever answers a session's values: a local session manager, or the
/// stand-in of the member that owns the session id.
using session_values_actor = caf::typed_actor<
  caf::replies_to<value_atom, std::string, std::string>::with<session_reply>>;

/// A session manager: also told by an idle session that it leaves, and
/// asked for {live, started, passivated, refused}.
using session_manager_actor = session_values_actor::extend<
  caf::reacts_to<passivate_atom, std::string>,
  caf::replies_to<stats_atom>::with<std::vector<std::uint64_t>>>;

/// One live session: its values by name, the end of a computation, its
/// idle and compute timers, and passivation by its manager.
using session_actor = caf::typed_actor<
  caf::replies_to<value_atom, std::string>::with<session_reply>,
  caf::reacts_to<computed_atom, std::string, session_reply>,
  caf::reacts_to<tick_atom>, caf::reacts_to<tick_atom, std::string>,
  caf::reacts_to<passivate_atom>>;

// -- callbacks ---------------------------------------------------------------

/// The pool of one callback: takes jobs, hears from its workers how many
/// they finished, checks timeouts on its tick.
using callback_pool_actor = caf::typed_actor<
  caf::reacts_to<run_atom, callback_job>,
  caf::reacts_to<idle_atom, std::size_t>, caf::reacts_to<tick_atom>>;

/// A worker: runs jobs; its tick is a note to itself.
using callback_worker_actor = caf::typed_actor<
  caf::reacts_to<run_atom, callback_job>, caf::reacts_to<tick_atom>>;

// -- cluster -----------------------------------------------------------------

/// This node's stand-in for another member: a memo cache and a session
/// value source for the keys that member owns; told when it is gone, told
/// by the member's endpoint which keys it dropped (the near copies go),
/// and reminded by its own timer to fail a request that waited long enough.
using remote_node_actor = memo_cache_actor::extend_with<
  session_values_actor>::extend<
  caf::reacts_to<gone_atom>, caf::reacts_to<retry_atom, std::uint64_t>,
  caf::reacts_to<evicted_atom, std::vector<std::string>>>;

/// The door other members use to reach this node's shards and sessions
/// (answers in wire form); the membership actor says who is admitted; a
/// local shard says which lent keys it dropped, passed on to their holders.
using cluster_endpoint_actor = caf::typed_actor<
  caf::reacts_to<members_atom, std::vector<caf::node_id>>,
  caf::reacts_to<evicted_atom, std::vector<std::string>>,
  caf::replies_to<fetch_atom, memo_request>::with<memo_wire>,
  caf::reacts_to<prefetch_atom, memo_request>,
  caf::replies_to<value_atom, std::string, std::string>::with<session_wire>>;

/// A node's membership actor, published on its cluster port: configured
/// once with its own description, it answers a joiner's hello (nonce ->
/// its nonce, its proof, its name) and join (description, nonce, proof ->
/// the members), and hears its members' pings and pongs on its tick.
using membership_actor = caf::typed_actor<
  caf::reacts_to<configure_atom, node_info>, caf::reacts_to<tick_atom>,
  caf::replies_to<hello_atom, std::string, std::string>::with<
    std::string, std::string, std::string>,
  caf::replies_to<join_atom, node_info, std::string,
                  std::string>::with<std::vector<node_info>>,
  caf::reacts_to<ping_atom, std::string>,
  caf::reacts_to<pong_atom, std::string, std::string>>;

/// What a node tells the others about itself when it joins.
struct node_info {
  std::string name;                ///< its name on the hash ring
  std::string app;                 ///< nodes of other apps are refused
  std::string http;                ///< host:port of its HTTP listener
  std::string cluster;             ///< host:port of its cluster port
  membership_actor node;           ///< its membership actor
  cluster_endpoint_actor endpoint; ///< serves its shards and sessions
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, node_info& x) {
  return f(caf::meta::type_name("node_info"), x.name, x.app, x.http,
           x.cluster, x.node, x.endpoint);
}

// -- supervision -------------------------------------------------------------

/// A supervisor: it watches and restarts its children (down and exit
/// messages, which every actor takes) and answers how many restarts it
/// used within its period.
using supervisor_actor = caf::typed_actor<
  caf::replies_to<stats_atom>::with<std::uint64_t>>;

} // namespace dash::actors
