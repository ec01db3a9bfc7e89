// actors/cluster/cluster_endpoint.cpp
// Requests from other nodes: checked against the admitted members, served
// by the local shard or session manager for the key, answered in wire form.
#include "actors/cluster/cluster_endpoint.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/core/bounded_request.hpp"
#include "actors/core/messages.hpp"
#include "model/json.hpp"

namespace dash::actors {

namespace {

using endpoint_ptr =
  cluster_endpoint_actor::stateful_pointer<cluster_endpoint_state>;

memo_wire to_wire(const memo_reply& r, const std::string& function) {
  memo_wire w;
  w.bytes = r.bytes;
  w.cacheable = r.cacheable;
  if (!r.error.empty())
    w.error = r.error;
  else if (r.wire)
    w.text = *r.wire;
  else
    w.error = "values of " + function + " cannot be sent to another node "
              "(its result type has no JSON conversion)";
  return w;
}

session_wire to_wire(const session_reply& r) {
  session_wire w;
  w.code = static_cast<std::int32_t>(r.code);
  w.error = r.error;
  if (r.code == errc::none && r.value)
    w.text = json::serialize(*r.value);
  return w;
}

/// Whether the current message comes from an admitted member (or from this
/// node); logs the others.
bool admitted(endpoint_ptr self) {
  const auto& sender = self->current_sender();
  if (!sender)
    return false;
  auto node = sender->node();
  if (node == self->node() || self->state.admitted.count(node) != 0)
    return true;
  self->state.log->warn("cluster endpoint ignored a request from node {} "
                        "that is not an admitted member",
                        caf::to_string(node));
  return false;
}

} // namespace

/// How many keys the endpoint remembers holders for; past it, the oldest
/// loans are forgotten (their copies still end with their lease).
constexpr std::size_t max_lent_keys = 100'000;

cluster_endpoint_actor::behavior_type cluster_endpoint(
  endpoint_ptr self, std::shared_ptr<const cache_router> cache,
  std::shared_ptr<const session_router> sessions,
  std::chrono::milliseconds timeout, std::chrono::milliseconds near_lease,
  std::shared_ptr<spdlog::logger> log) {
  self->state.timeout = timeout;
  // Held a little past the lease: a copy's lease starts when its holder
  // sent the fetch, which may have waited here for a computation.
  self->state.lent = lent_keys{near_lease.count() > 0
                                 ? near_lease + timeout
                                 : std::chrono::milliseconds{0},
                               max_lent_keys};
  self->state.cache = std::move(cache);
  self->state.sessions = std::move(sessions);
  self->state.log = std::move(log);
  return {
    [self](members_atom, const std::vector<caf::node_id>& nodes) {
      if (self->current_sender() == nullptr
          || self->current_sender()->node() != self->node())
        return;
      self->state.admitted = {nodes.begin(), nodes.end()};
    },
    [self](evicted_atom, const std::vector<std::string>& keys) {
      const auto& sender = self->current_sender();
      if (!sender || sender->node() != self->node())
        return;
      for (auto& [holder, dropped] :
           self->state.lent.take(keys, self->clock().now()))
        self->send(holder, evicted_atom_v, std::move(dropped));
    },
    [self](fetch_atom, memo_request& req) -> caf::result<memo_wire> {
      if (!admitted(self))
        return memo_wire{{}, 0, "this node is not a member of the cluster",
                         false};
      // The asker may keep a near copy: remember it (before the promise
      // takes the sender out of the current message).
      self->state.lent.lend(
        req.key(), caf::actor_cast<remote_node_actor>(self->current_sender()),
        self->clock().now());
      auto rp = self->make_response_promise<memo_wire>();
      auto shard = self->state.cache->local_shard_for(req.key());
      auto function = req.function;
      auto wait = self->state.timeout;
      when_answered<memo_reply>(
        self->request(shard, wait, lend_atom_v, std::move(req)),
        [rp, function](const memo_reply& r) mutable {
          rp.deliver(to_wire(r, function));
        },
        [rp, function, wait](const caf::error& e) mutable {
          rp.deliver(memo_wire{
            {}, 0,
            "the owner's cache shard for " + function + " failed: "
              + describe_wait_error(e, wait, "the longest callback timeout"),
            false});
        });
      return rp;
    },
    [self](prefetch_atom, memo_request& req) {
      if (!admitted(self))
        return;
      auto shard = self->state.cache->local_shard_for(req.key());
      caf::anon_send(shard, prefetch_atom_v, std::move(req));
    },
    [self](value_atom, const std::string& id,
           const std::string& name) -> caf::result<session_wire> {
      if (!admitted(self))
        return session_wire{{}, "this node is not a member of the cluster",
                            static_cast<std::int32_t>(errc::forbidden)};
      if (!self->state.sessions)
        return session_wire{{}, "the app declares no session values",
                            static_cast<std::int32_t>(errc::internal)};
      auto rp = self->make_response_promise<session_wire>();
      auto manager = self->state.sessions->local_shard_for(id);
      auto wait = self->state.timeout;
      when_answered<session_reply>(
        self->request(manager, wait, value_atom_v, id, name),
        [rp](const session_reply& r) mutable { rp.deliver(to_wire(r)); },
        [rp, name, wait](const caf::error& e) mutable {
          rp.deliver(session_wire{
            {}, "the owner's session manager failed for " + name + ": "
                  + describe_wait_error(e, wait,
                                        "the longest callback timeout"),
            static_cast<std::int32_t>(errc::unavailable)});
        });
      return rp;
    },
  };
}

} // namespace dash::actors
