// tests/actors/typed/role_messages.cpp
// Compile-time test of every role's typed interface (actors/core/
// interfaces.hpp, session_io.hpp). Built with DASH_ALL_RIGHT it sends each
// role messages its interface lists and must compile; built with
// DASH_WRONG_<role> it sends that role one message it does not list, and
// the compiler must refuse it (tests/actors/typed/CMakeLists.txt).
#include <chrono>
#include <string>

#include <caf/all.hpp>

#include "actors/core/interfaces.hpp"
#include "actors/sessions/session_io.hpp"

namespace dash::actors {

struct roles {
  cache_shard_actor shard;
  remote_node_actor remote;
  session_manager_actor manager;
  session_actor session;
  session_io_actor io;
  callback_pool_actor pool;
  callback_worker_actor worker;
  cluster_endpoint_actor endpoint;
  reply_port_actor port;
  membership_actor membership;
  supervisor_actor supervisor;
};

void send_to_roles(caf::event_based_actor* self, const roles& r) {
  [[maybe_unused]] constexpr auto wait = std::chrono::seconds(1);
  [[maybe_unused]] memo_request req{"f", "[1]"};
#if defined(DASH_ALL_RIGHT)
  // A stand-in is a memo cache and a session value source (so a router
  // can hand it out for either), but not a cache shard.
  memo_cache_actor as_cache = r.remote;
  session_values_actor as_sessions = r.remote;
  memo_cache_actor shard_as_cache = r.shard;
  session_values_actor manager_as_sessions = r.manager;
  self->request(as_cache, wait, fetch_atom_v, req)
    .then([](const memo_reply&) {});
  self->request(as_sessions, wait, value_atom_v, std::string{"id"},
                std::string{"df"})
    .then([](const session_reply&) {});
  self->send(shard_as_cache, prefetch_atom_v, req);
  self->send(r.shard, computed_atom_v, req, memo_reply{});
  self->request(r.shard, wait, stats_atom_v)
    .then([](const std::vector<memo_stats>&) {});
  self->send(manager_as_sessions, value_atom_v, std::string{"id"},
             std::string{"df"});
  self->send(r.manager, passivate_atom_v, std::string{"id"});
  self->send(r.session, value_atom_v, std::string{"df"});
  self->send(r.io, erase_atom_v, std::string{"session:key"});
  self->send(r.pool, run_atom_v, callback_job{});
  self->send(r.worker, run_atom_v, callback_job{});
  self->request(r.endpoint, wait, fetch_atom_v, req)
    .then([](const memo_wire&) {});
  self->send(r.port, answer_atom_v, std::uint64_t{1}, callback_outcome{});
  self->send(r.remote, gone_atom_v);
  self->request(r.membership, wait, hello_atom_v, std::string{"joiner"},
                std::string(64, 'n'))
    .then([](const std::string&, const std::string&, const std::string&) {});
  self->request(r.membership, wait, join_atom_v, node_info{},
                std::string{"nonce"}, std::string{"proof"})
    .then([](const std::vector<node_info>&) {});
  self->send(r.membership, ping_atom_v, std::string{"member"});
  self->request(r.supervisor, wait, stats_atom_v)
    .then([](std::uint64_t) {});
#elif defined(DASH_WRONG_cache_shard)
  self->send(r.shard, fetch_atom_v, std::string{"not a memo_request"});
#elif defined(DASH_WRONG_remote_node)
  self->send(r.remote, computed_atom_v, req, memo_reply{}); // not a shard
#elif defined(DASH_WRONG_session_manager)
  self->send(r.manager, value_atom_v, std::string{"only an id"});
#elif defined(DASH_WRONG_session)
  self->send(r.session, value_atom_v, std::string{"id"}, std::string{"df"});
#elif defined(DASH_WRONG_session_io)
  self->send(r.io, erase_atom_v, 42);
#elif defined(DASH_WRONG_callback_pool)
  self->send(r.pool, run_atom_v, std::string{"a body, not a job"});
#elif defined(DASH_WRONG_callback_worker)
  self->send(r.worker, idle_atom_v, std::size_t{1}); // the pool's message
#elif defined(DASH_WRONG_cluster_endpoint)
  self->send(r.endpoint, fetch_atom_v, req, reply_address{}); // local only
#elif defined(DASH_WRONG_membership)
  // A join must carry the joiner's description, not only its name.
  self->send(r.membership, join_atom_v, std::string{"name"},
             std::string{"nonce"}, std::string{"proof"});
#elif defined(DASH_WRONG_supervisor)
  self->send(r.supervisor, run_atom_v); // it takes no work
#elif defined(DASH_WRONG_reply_port)
  self->send(r.port, answer_atom_v, std::uint64_t{1}, std::string{"text"});
#endif
}

} // namespace dash::actors
