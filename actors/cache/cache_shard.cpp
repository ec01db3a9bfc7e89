// actors/cache/cache_shard.cpp
// Hit, miss, single flight, completion signal, TTL and LRU eviction for
// one shard. Runs on the scheduler; computations run elsewhere.
#include "actors/cache/cache_shard.hpp"

#include <algorithm>
#include <type_traits>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

namespace dash::actors {

namespace {

using state = cache_shard_state;
using shard_ptr = cache_shard_actor::stateful_pointer<cache_shard_state>;
// TTLs and deadlines are kept on the actors' clock (the one the sweep timer
// runs on; simulated under the test coordinator).
static_assert(std::is_same_v<state::clock::time_point,
                             caf::actor_clock::time_point>);

constexpr auto sweep_interval = std::chrono::seconds(1);

state::function_state& function_of(shard_ptr self,
                                   const std::string& name) {
  auto& st = self->state;
  auto i = st.functions.find(name);
  if (i != st.functions.end())
    return i->second;
  auto& fs = st.functions[name];
  fs.stats.function = name;
  if (st.sources) {
    auto s = st.sources->find(name);
    if (s != st.sources->end()) {
      const auto& o = s->second.options;
      auto share = [&](std::size_t total) {
        return total == 0 ? 0
                          : std::max<std::size_t>(
                              1, (total + st.shard_count - 1) / st.shard_count);
      };
      fs.max_entries = share(o.max_entries);
      fs.max_bytes = share(o.max_bytes);
      fs.ttl = o.ttl;
      fs.timeout = o.timeout;
    }
  }
  return fs;
}

void drop(shard_ptr self, state::function_state& fs,
          std::unordered_map<std::string, state::entry>::iterator i) {
  if (i->second.lent)
    self->state.unlent.push_back(i->first);
  if (i->second.ready) {
    fs.lru.erase(i->second.lru_pos);
    fs.stats.entries -= 1;
    fs.stats.bytes -= i->second.reply.bytes;
  }
  self->state.entries.erase(i);
}

/// Tells the endpoint which lent keys were dropped since the last time,
/// so that the other nodes drop their near copies of them.
void announce_drops(shard_ptr self) {
  auto& st = self->state;
  if (st.unlent.empty())
    return;
  if (st.lender)
    self->send(st.lender, evicted_atom_v, std::move(st.unlent));
  st.unlent.clear();
}

void evict_over_limits(shard_ptr self, state::function_state& fs) {
  auto over = [&] {
    return (fs.max_entries != 0 && fs.stats.entries > fs.max_entries)
           || (fs.max_bytes != 0 && fs.stats.bytes > fs.max_bytes
               && fs.stats.entries > 0);
  };
  while (over() && !fs.lru.empty()) {
    auto key = fs.lru.back();
    auto i = self->state.entries.find(key);
    if (i == self->state.entries.end()) {
      fs.lru.pop_back();
      continue;
    }
    drop(self, fs, i);
    fs.stats.evictions += 1;
    self->state.log->debug("evicted memo={} entries={} bytes={} "
                           "evictions={}",
                           fs.stats.function, fs.stats.entries,
                           fs.stats.bytes, fs.stats.evictions);
  }
}

memo_reply unknown_function(const memo_request& req) {
  memo_reply r;
  r.error = "no memoized function named '" + req.function + "'";
  r.cacheable = false;
  return r;
}

/// The core of the shard: answer now, join a computation, or start one.
void fetch(shard_ptr self, const memo_request& req,
           memo_sink sink) {
  auto& st = self->state;
  auto answer = [&sink](const memo_reply& r) {
    if (sink) // prefetches have no waiter
      sink(r);
  };
  if (!st.sources || st.sources->count(req.function) == 0)
    return answer(unknown_function(req));
  auto& fs = function_of(self, req.function);
  auto key = req.key();
  auto i = st.entries.find(key);
  if (i != st.entries.end() && i->second.ready
      && i->second.expires <= self->clock().now()) {
    drop(self, fs, i);
    fs.stats.expirations += 1;
    i = st.entries.end();
  }
  if (i != st.entries.end()) {
    auto& e = i->second;
    if (e.ready) {
      fs.stats.hits += 1;
      fs.lru.splice(fs.lru.begin(), fs.lru, e.lru_pos);
      return answer(e.reply);
    }
    fs.stats.coalesced += 1;
    if (sink)
      e.waiters.push_back(std::move(sink));
    return;
  }
  fs.stats.misses += 1;
  fs.stats.computations += 1;
  auto& e = st.entries[key];
  e.function = req.function;
  if (fs.timeout.count() > 0)
    e.deadline = self->clock().now() + fs.timeout;
  if (sink)
    e.waiters.push_back(std::move(sink));
  st.log->debug("computing memo={} args={}", req.function, req.args);
  st.sources->at(req.function)
    .start(self->system(), req, cache_shard_actor{self});
}

void computed(shard_ptr self, const memo_request& req,
              memo_reply reply) {
  auto& st = self->state;
  auto i = st.entries.find(req.key());
  if (i == st.entries.end() || i->second.ready)
    return; // not ours any more (cleared); nothing waits
  auto& fs = function_of(self, req.function);
  auto waiters = std::move(i->second.waiters);
  bool too_big = fs.max_bytes != 0 && reply.bytes > fs.max_bytes;
  if (!reply.error.empty() || !reply.cacheable || too_big) {
    if (!reply.error.empty())
      fs.stats.errors += 1;
    if (too_big) { // delivered, but kept it would evict everything else
      fs.stats.evictions += 1;
      st.log->warn("memo value larger than its max_bytes share memo={} "
                   "bytes={} limit={}; not cached",
                   req.function, reply.bytes, fs.max_bytes);
    }
    st.entries.erase(i); // the next call computes again
  } else {
    auto& e = i->second;
    e.ready = true;
    e.reply = reply;
    if (fs.ttl.count() > 0)
      e.expires = self->clock().now() + fs.ttl;
    fs.lru.push_front(i->first);
    e.lru_pos = fs.lru.begin();
    fs.stats.entries += 1;
    fs.stats.bytes += reply.bytes;
  }
  // The completion signal: every waiter gets the one result.
  for (auto& w : waiters)
    w(reply);
  evict_over_limits(self, fs);
}

void sweep(shard_ptr self) {
  auto& st = self->state;
  auto now = self->clock().now();
  for (auto i = st.entries.begin(); i != st.entries.end();) {
    auto next = std::next(i);
    auto& e = i->second;
    if (e.ready && e.expires <= now) {
      auto& fs = function_of(self, e.function);
      drop(self, fs, i);
      fs.stats.expirations += 1;
    } else if (!e.ready && e.deadline <= now) {
      // The computation overran: its waiters get an error now (they do
      // not wait with timers of their own), and a late result is dropped.
      auto& fs = function_of(self, e.function);
      fs.stats.errors += 1;
      memo_reply r;
      r.error = "memoized function " + e.function
                + " did not finish within "
                + std::to_string(fs.timeout.count())
                + " ms (memo_options::timeout or callback-timeout-ms)";
      st.log->error("memo computation timed out memo={} waiters={}",
                    e.function, e.waiters.size());
      auto waiters = std::move(e.waiters);
      st.entries.erase(i);
      for (auto& w : waiters)
        w(r);
    }
    i = next;
  }
}

/// A reply promise that answers with an error if it is dropped unanswered
/// (the shard stopped while computing), so a waiter never waits forever.
class promise_guard {
public:
  explicit promise_guard(caf::typed_response_promise<memo_reply> rp)
    : rp_(std::move(rp)) {}
  promise_guard(const promise_guard&) = delete;
  promise_guard& operator=(const promise_guard&) = delete;
  ~promise_guard() {
    if (!done_) {
      memo_reply r;
      r.error = "the cache shard stopped before the value was computed";
      rp_.deliver(std::move(r));
    }
  }
  void deliver(const memo_reply& r) {
    if (!done_) {
      done_ = true;
      rp_.deliver(r);
    }
  }
  caf::typed_response_promise<memo_reply> promise() const {
    return rp_;
  }

private:
  caf::typed_response_promise<memo_reply> rp_;
  bool done_ = false;
};

} // namespace

cache_shard_state::~cache_shard_state() {
  // Runs when the shard ends (CAF destroys the state in on_exit, before
  // attached functors run, so the counters are logged from here).
  if (!log)
    return;
  for (const auto& [fn, fs] : functions) {
    const auto& c = fs.stats;
    log->info("memo stats function={} hits={} misses={} computations={} "
              "coalesced={} evictions={} expirations={} errors={} "
              "entries={} bytes={}",
              fn, c.hits, c.misses, c.computations, c.coalesced, c.evictions,
              c.expirations, c.errors, c.entries, c.bytes);
  }
}

cache_shard_actor::behavior_type
cache_shard(cache_shard_actor::stateful_pointer<cache_shard_state> self,
            std::size_t shard_count,
                          std::shared_ptr<const memo_sources> sources,
                          std::shared_ptr<const placement> where,
                          std::shared_ptr<spdlog::logger> log) {
  self->state.shard_count = std::max<std::size_t>(1, shard_count);
  self->state.sources = std::move(sources);
  self->state.where = std::move(where);
  self->state.log = std::move(log);
  self->delayed_send(self, sweep_interval, sweep_atom_v);
  return {
    [self](fetch_atom, const memo_request& req) -> caf::result<memo_reply> {
      auto p = std::make_shared<promise_guard>(
        self->make_response_promise<memo_reply>());
      fetch(self, req, [p](const memo_reply& r) { p->deliver(r); });
      announce_drops(self);
      return p->promise();
    },
    [self](lend_atom, const memo_request& req) -> caf::result<memo_reply> {
      auto& st = self->state;
      const auto& sender = self->current_sender();
      if (sender && sender->node() == self->node())
        st.lender = caf::actor_cast<cluster_endpoint_actor>(sender);
      auto p = std::make_shared<promise_guard>(
        self->make_response_promise<memo_reply>());
      fetch(self, req, [p](const memo_reply& r) { p->deliver(r); });
      if (auto i = st.entries.find(req.key()); i != st.entries.end())
        i->second.lent = true;
      announce_drops(self);
      return p->promise();
    },
    [self](fetch_atom, const memo_request& req,
           const reply_address& to) -> caf::result<void> {
      // Answered at `to` (a reply port's request: nothing goes back here).
      fetch(self, req, [to](const memo_reply& r) { to.send(r); });
      announce_drops(self);
      return caf::delegated<void>{};
    },
    [self](prefetch_atom, const memo_request& req) {
      fetch(self, req, memo_sink{});
      announce_drops(self);
    },
    [self](computed_atom, const memo_request& req, memo_reply& reply) {
      computed(self, req, std::move(reply));
      announce_drops(self);
    },
    [self](stats_atom) {
      std::vector<memo_stats> out;
      for (const auto& [name, fs] : self->state.functions)
        out.push_back(fs.stats);
      return out;
    },
    [self](members_atom) {
      // Keys this node no longer owns live on their new owner now: drop
      // the copies here, so that each value is held by one node (values
      // still computing finish for their waiters).
      auto view = self->state.where ? self->state.where->get() : nullptr;
      if (!view)
        return;
      std::size_t moved = 0;
      auto& entries = self->state.entries;
      for (auto i = entries.begin(); i != entries.end();) {
        auto next = std::next(i);
        if (i->second.ready && !view->owns(i->first)) {
          auto& fs = function_of(self, i->second.function);
          drop(self, fs, i);
          fs.stats.evictions += 1;
          ++moved;
        }
        i = next;
      }
      if (moved > 0)
        self->state.log->info("cache shard dropped {} value(s) whose keys "
                              "moved to other nodes",
                              moved);
      announce_drops(self);
    },
    [self](sweep_atom) {
      sweep(self);
      announce_drops(self);
      self->delayed_send(self, sweep_interval, sweep_atom_v);
    },
  };
}

} // namespace dash::actors
