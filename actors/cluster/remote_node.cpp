// actors/cluster/remote_node.cpp
// Requests go out with an id kept in `waiting_for`; the answer, or the
// member leaving, takes them out again. After `gone` every request still
// waiting, and any that arrives late, is delegated to its key's new owner,
// which answers the original sender directly; the actor ends when none
// is left.
// Near cache: a decoded value is kept here and served without asking the
// member again, for a short lease (cluster-near-cache-lease-ms, never
// longer than the function's ttl), counted from when the fetch was sent.
// The owner does not tell this node when it evicts or expires a key: the
// lease bounds how stale a copy can be (a value is immutable per key, so
// that only matters once the owner computes the key again). Everything is
// dropped when the member leaves and when the cluster view changes (a key
// may have moved, and its new owner computes it again).
#include "actors/cluster/remote_node.hpp"

#include <algorithm>
#include <exception>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/core/bounded_request.hpp"
#include "model/errors.hpp"
#include "model/json.hpp"

namespace dash::actors {

namespace {

using state_t = remote_node_state;
using stand_in_ptr = remote_node_actor::stateful_pointer<remote_node_state>;

memo_reply from_wire(const state_t& st, const std::string& function,
                     memo_wire& w) {
  memo_reply r;
  r.bytes = w.bytes;
  r.cacheable = w.cacheable;
  if (!w.error.empty()) {
    r.error = std::move(w.error);
    return r;
  }
  auto it = st.cfg.sources->find(function);
  if (it == st.cfg.sources->end() || !it->second.decode) {
    r.error = "node " + st.cfg.member + " sent a value of " + function
              + ", which this node cannot read";
    return r;
  }
  try {
    r.value = it->second.decode(w.text);
  } catch (const std::exception& e) {
    r.error = "a value of " + function + " from node " + st.cfg.member
              + " could not be read: " + e.what();
  }
  return r;
}

session_reply from_wire(session_wire& w) {
  session_reply r;
  r.code = static_cast<errc>(w.code);
  r.error = std::move(w.error);
  if (r.code == errc::none) {
    boost::system::error_code ec;
    auto v = model::parse_exact(w.text, ec);
    if (ec) {
      r.code = errc::internal;
      r.error = "a session value from another node could not be read";
    } else {
      r.value = std::make_shared<const json::value>(std::move(v));
    }
  }
  return r;
}

/// Answers `w`, and every request that joined it, with an error.
void fail(state_t::waiting& w, const std::string& why) {
  for (auto& f : w.followers)
    fail(f, why);
  if (!w.session_id.empty())
    w.promise.deliver(session_reply{nullptr, why, errc::unavailable});
  else if (w.to)
    w.to->send(memo_reply{{}, 0, why, false, nullptr});
  else
    w.promise.deliver(memo_reply{{}, 0, why, false, nullptr});
}

/// Answers a memo fetch `w`, and every fetch that joined it, with `r`.
void answer(state_t::waiting& w, const memo_reply& r) {
  for (auto& f : w.followers)
    answer(f, r);
  if (w.to)
    w.to->send(r);
  else
    w.promise.deliver(r);
}

/// Hands `w` (and what joined it) to the key's owner now (the member
/// left); the owner answers the original senders.
void redispatch(stand_in_ptr self, state_t::waiting& w) {
  auto& st = self->state;
  for (auto& f : w.followers)
    redispatch(self, f);
  st.cfg.stats->cluster_redispatched.fetch_add(1, std::memory_order_relaxed);
  auto is_self = [self](const auto& owner) {
    return owner.address() == self->address();
  };
  auto unknown = [&] {
    // The view still names the member that left (never expected: the new
    // view is published first); fail rather than loop.
    w.followers.clear();
    fail(w, "node " + st.cfg.member
              + " left and no new owner is known yet; try again");
  };
  if (!w.session_id.empty()) {
    auto owner = st.cfg.sessions->shard_for(w.session_id);
    if (is_self(owner))
      return unknown();
    w.promise.delegate(owner, value_atom_v, w.session_id, w.name);
    return;
  }
  auto owner = st.cfg.cache->shard_for(w.memo.key());
  if (is_self(owner))
    return unknown();
  if (w.to)
    caf::anon_send(owner, fetch_atom_v, std::move(w.memo), *w.to);
  else
    w.promise.delegate(owner, fetch_atom_v, std::move(w.memo));
}

/// Takes request `it` out of the books (and out of the fetches in flight).
state_t::waiting take(state_t& st,
                      std::unordered_map<std::uint64_t,
                                         state_t::waiting>::iterator it) {
  auto w = std::move(it->second);
  if (w.session_id.empty()) {
    auto f = st.in_flight.find(w.memo.key());
    if (f != st.in_flight.end() && f->second == it->first)
      st.in_flight.erase(f);
  }
  st.waiting_for.erase(it);
  return w;
}

/// Empties the near cache (the view changed, or the member left).
void drop_near(state_t& st) {
  auto n = st.near.clear();
  ++st.near_epoch;
  st.cfg.stats->cluster_near_invalidations.fetch_add(
    n, std::memory_order_relaxed);
}

/// Drops the near copies when the view is not the one they were kept
/// under, and remembers the current one.
void check_view(state_t& st) {
  if (!st.cfg.where)
    return;
  auto now = st.cfg.where->get();
  if (st.near_view.lock() == now)
    return;
  drop_near(st);
  st.near_view = now;
}

/// The near copy of `key` that may be served now, or null.
const memo_reply* near_copy(state_t& st, const std::string& key) {
  check_view(st);
  auto expired = st.near.dropped().expirations;
  const auto* r = st.near.find(key, near_cache::clock::now());
  auto& stats = *st.cfg.stats;
  stats.cluster_near_expirations.fetch_add(
    st.near.dropped().expirations - expired, std::memory_order_relaxed);
  (r ? stats.cluster_near_hits : stats.cluster_near_misses)
    .fetch_add(1, std::memory_order_relaxed);
  return r;
}

/// Keeps `r`, the answer to a fetch of `req` sent at `sent` when the near
/// cache's epoch was `epoch`, unless the cache was emptied since (the view
/// changed or the member left) or `r` is not to be kept.
void keep_near(state_t& st, const memo_request& req, const memo_reply& r,
               std::size_t bytes, near_cache::clock::time_point sent,
               std::uint64_t epoch) {
  check_view(st);
  if (st.gone || epoch != st.near_epoch || !r.error.empty() || !r.cacheable
      || !r.value)
    return;
  auto lease = st.near.limits().lease;
  if (auto it = st.cfg.sources->find(req.function);
      it != st.cfg.sources->end() && it->second.options.ttl.count() > 0)
    lease = std::min(lease, it->second.options.ttl);
  auto evicted = st.near.dropped().evictions;
  st.near.put(req.key(), r, bytes, sent + lease);
  st.cfg.stats->cluster_near_evictions.fetch_add(
    st.near.dropped().evictions - evicted, std::memory_order_relaxed);
}

void quit_when_done(stand_in_ptr self) {
  if (self->state.gone && self->state.waiting_for.empty())
    self->quit();
}

/// The member's endpoint answered request `id` with an error. When the
/// member left, the request goes to the new owner. Otherwise the
/// connection may just have dropped and the membership actor will say
/// `gone` shortly: the request waits for that up to `grace`, then fails.
void on_failure(stand_in_ptr self, std::uint64_t id,
                const caf::error& e) {
  auto& st = self->state;
  auto it = st.waiting_for.find(id);
  if (it == st.waiting_for.end())
    return;
  if (st.gone) {
    auto w = take(st, it);
    redispatch(self, w);
    return quit_when_done(self);
  }
  it->second.failure = caf::to_string(e);
  self->delayed_send(self, st.cfg.grace, retry_atom_v, id);
}

/// Sends a memo fetch to the member; `w` holds the way back. A fetch of a
/// key already on its way joins it: one transfer answers them all.
void send_fetch(stand_in_ptr self, state_t::waiting w) {
  auto& node = self->state;
  if (node.gone)
    return redispatch(self, w);
  auto key = w.memo.key();
  if (node.near.limits().enabled())
    if (const auto* r = near_copy(node, key)) {
      if (w.to)
        w.to->send(*r);
      else
        w.promise.deliver(*r);
      return;
    }
  if (auto f = node.in_flight.find(key); f != node.in_flight.end()) {
    auto it = node.waiting_for.find(f->second);
    if (it != node.waiting_for.end() && it->second.failure.empty()) {
      it->second.followers.push_back(std::move(w));
      return;
    }
  }
  node.cfg.stats->cluster_remote_requests.fetch_add(
    1, std::memory_order_relaxed);
  auto id = node.next_id++;
  auto req = w.memo;
  node.waiting_for.emplace(id, std::move(w));
  node.in_flight[key] = id;
  when_answered<memo_wire>(
    self->request(node.cfg.endpoint, node.cfg.timeout, fetch_atom_v,
                  std::move(req)),
    [self, id, sent = near_cache::clock::now(),
     epoch = node.near_epoch](memo_wire& wire) {
      auto& st = self->state;
      auto it = st.waiting_for.find(id);
      if (it == st.waiting_for.end())
        return; // already sent to a new owner
      auto done = take(st, it);
      std::size_t bytes = wire.bytes > 0
                            ? static_cast<std::size_t>(wire.bytes)
                            : wire.text.size();
      auto r = from_wire(st, done.memo.function, wire);
      if (st.near.limits().enabled())
        keep_near(st, done.memo, r, bytes, sent, epoch);
      answer(done, r);
      quit_when_done(self);
    },
    [self, id](caf::error& e) { on_failure(self, id, e); });
}

} // namespace

remote_node_actor::behavior_type remote_node(stand_in_ptr self,
                                             remote_node_config cfg) {
  self->state.cfg = std::move(cfg);
  self->state.near = near_cache{self->state.cfg.near};
  return {
    [self](fetch_atom, memo_request& req) -> caf::result<memo_reply> {
      state_t::waiting w;
      w.memo = std::move(req);
      w.promise = self->make_response_promise();
      send_fetch(self, std::move(w));
      return caf::delegated<memo_reply>{};
    },
    [self](fetch_atom, memo_request& req,
           const reply_address& to) -> caf::result<void> {
      state_t::waiting w;
      w.memo = std::move(req);
      w.to = to;
      send_fetch(self, std::move(w));
      return caf::delegated<void>{}; // answered at `to`
    },
    [self](prefetch_atom, memo_request& req) {
      auto& st = self->state;
      if (st.gone)
        return caf::anon_send(st.cfg.cache->shard_for(req.key()),
                              prefetch_atom_v, std::move(req));
      self->send(st.cfg.endpoint, prefetch_atom_v, std::move(req));
    },
    [self](value_atom, const std::string& id,
           const std::string& name) -> caf::result<session_reply> {
      auto& node = self->state;
      state_t::waiting w;
      w.session_id = id;
      w.name = name;
      w.promise = self->make_response_promise();
      if (node.gone) {
        redispatch(self, w);
        return caf::delegated<session_reply>{};
      }
      node.cfg.stats->cluster_remote_requests.fetch_add(1,
                                                    std::memory_order_relaxed);
      auto key = node.next_id++;
      node.waiting_for.emplace(key, std::move(w));
      when_answered<session_wire>(
        self->request(node.cfg.endpoint, node.cfg.timeout, value_atom_v, id,
                      name),
        [self, key](session_wire& wire) {
          auto& st = self->state;
          auto it = st.waiting_for.find(key);
          if (it == st.waiting_for.end())
            return;
          auto done = take(st, it);
          done.promise.deliver(from_wire(wire));
          quit_when_done(self);
        },
        [self, key](caf::error& e) { on_failure(self, key, e); });
      return caf::delegated<session_reply>{};
    },
    [self](retry_atom, std::uint64_t id) {
      auto& st = self->state;
      auto it = st.waiting_for.find(id);
      if (it == st.waiting_for.end())
        return;
      auto w = take(st, it);
      fail(w, "node " + st.cfg.member + " did not answer: " + w.failure);
      quit_when_done(self);
    },
    [self](evicted_atom, const std::vector<std::string>& keys) {
      // The member dropped values this node may hold near copies of.
      auto& st = self->state;
      const auto& sender = self->current_sender();
      if (!sender || sender->node() != st.cfg.endpoint.node())
        return;
      std::uint64_t n = 0;
      for (const auto& key : keys)
        n += st.near.forget(key) ? 1 : 0;
      st.cfg.stats->cluster_near_owner_drops.fetch_add(
        n, std::memory_order_relaxed);
    },
    [self](gone_atom) {
      auto& st = self->state;
      st.gone = true;
      drop_near(st);
      if (!st.waiting_for.empty())
        st.cfg.log->info("cluster member {} left with {} request(s) waiting; "
                     "sending them to the new owners",
                     st.cfg.member, st.waiting_for.size());
      auto waiting = std::move(st.waiting_for);
      st.waiting_for.clear();
      st.in_flight.clear();
      for (auto& [id, w] : waiting)
        redispatch(self, w);
      quit_when_done(self);
    },
  };
}

} // namespace dash::actors
